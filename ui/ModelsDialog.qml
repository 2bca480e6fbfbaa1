import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// The model library: the models in the folder (load, delete), the catalog to download from
// with what fits this computer, and the downloads with their progress. Hearth goes online only
// when Download is pressed.
Dialog {
    id: root
    objectName: "modelsDialog"
    title: qsTr("Models")
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(Overlay.overlay ? Overlay.overlay.width - 80 : 860, 860)
    height: Math.min(Overlay.overlay ? Overlay.overlay.height - 80 : 640, 640)
    standardButtons: Dialog.Close
    onAboutToShow: Library.refresh()

    function sizeText(bytes) {
        return bytes >= 1e9 ? qsTr("%1 GB").arg((bytes / 1e9).toFixed(1))
                            : qsTr("%1 MB").arg(Math.max(1, Math.round(bytes / 1e6)))
    }
    function fitText(fit, needed) {
        if (!fit) return ""
        const label = fit === "fits" ? qsTr("Fits") : fit === "tight" ? qsTr("Tight")
                                                                      : qsTr("Does not fit")
        return qsTr("%1: needs %2 of %3 at %4 tokens").arg(label).arg(sizeText(needed))
            .arg(sizeText(Library.availableBytes)).arg(Library.contextLength)
    }
    function fitColor(fit) {
        return fit === "fits" ? Theme.mutedText : fit === "tight" ? Theme.accent : Theme.danger
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8

        TabBar {
            id: tabs
            Layout.fillWidth: true
            // Basic style draws tabs not shown in palette.dark and brightText (the window's
            // accent and white).
            palette.dark: Theme.sidebar
            palette.brightText: Theme.mutedText
            palette.window: Theme.selection
            TabButton { text: qsTr("On this computer") }
            TabButton { text: qsTr("Get models") }
            TabButton { text: qsTr("Downloads (%1)").arg(downloadList.count) }
        }
        Label {
            visible: text.length > 0
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: Library.error.length > 0 ? Library.error : Chat.modelError
            color: Theme.danger
        }

        StackLayout {
            currentIndex: tabs.currentIndex
            Layout.fillWidth: true
            Layout.fillHeight: true

            // Installed.
            ColumnLayout {
                ListView {
                    id: installedList
                    objectName: "installedList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: Library.installed
                    spacing: 4
                    delegate: RowLayout {
                        required property var modelData
                        width: ListView.view.width
                        ColumnLayout {
                            Layout.fillWidth: true
                            spacing: 0
                            Label {
                                text: modelData.name
                                font.weight: Font.DemiBold
                                color: Theme.text
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                            Label {
                                Layout.fillWidth: true
                                elide: Text.ElideRight
                                color: modelData.error ? Theme.danger : Theme.mutedText
                                text: modelData.error
                                      ? qsTr("Cannot be read: %1").arg(modelData.error)
                                      : [modelData.architecture, modelData.quant,
                                         root.sizeText(modelData.bytes),
                                         root.fitText(modelData.fit, modelData.neededBytes)]
                                            .filter(s => s).join(" · ")
                            }
                        }
                        Button {
                            text: qsTr("Load")
                            enabled: !modelData.error
                            highlighted: true
                            onClicked: { Chat.loadModel(modelData.path); root.close() }
                        }
                        Button {
                            text: qsTr("Delete…")
                            Accessible.name: qsTr("Delete %1").arg(modelData.name)
                            onClicked: deleteDialog.ask(modelData.path, modelData.name,
                                                        modelData.bytes)
                        }
                    }
                    Label {
                        anchors.centerIn: parent
                        visible: installedList.count === 0
                        width: parent.width * 0.8
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.Wrap
                        color: Theme.faintText
                        text: qsTr("No models in %1 yet. Get one from the catalog, or drop a " +
                                   ".gguf file on the window.").arg(Library.folder)
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: pathField
                        Layout.fillWidth: true
                        placeholderText: qsTr("Or load a file or folder: /path/to/model.gguf")
                        Accessible.name: qsTr("Model path")
                        onAccepted: loadPath.clicked()
                    }
                    Button {
                        id: loadPath
                        text: qsTr("Load")
                        enabled: pathField.text.length > 0
                        onClicked: { Chat.loadModel(pathField.text); root.close() }
                    }
                }
            }

            // The catalog, or what Hugging Face answered.
            ColumnLayout {
                RowLayout {
                    Layout.fillWidth: true
                    visible: Library.hubShown
                    Label {
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                        color: Theme.text
                        font.weight: Font.DemiBold
                        text: Library.hubBusy ? qsTr("Asking Hugging Face…")
                              : Library.hubRepo ? qsTr("GGUF models in %1").arg(Library.hubRepo)
                              : qsTr("Repositories on Hugging Face")
                    }
                    BusyIndicator {
                        running: Library.hubBusy
                        visible: running
                        Layout.preferredHeight: 24
                        Layout.preferredWidth: 24
                    }
                    Button {
                        text: qsTr("Back to the catalog")
                        onClicked: Library.closeHub()
                    }
                }
                Label {
                    Layout.fillWidth: true
                    visible: Library.hubShown && Library.hubError.length > 0
                    wrapMode: Text.Wrap
                    color: Theme.danger
                    text: Library.hubError
                }
                ListView {
                    id: hubList
                    objectName: "hubList"
                    visible: Library.hubShown
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: Library.hubResults
                    spacing: 6
                    delegate: RowLayout {
                        id: hubEntry
                        required property var modelData
                        required property int index
                        width: ListView.view.width
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideMiddle
                            color: Theme.text
                            text: hubEntry.modelData.kind === "repo" ? hubEntry.modelData.repo
                                                                      : hubEntry.modelData.name
                        }
                        Label {
                            color: Theme.mutedText
                            text: hubEntry.modelData.kind === "repo"
                                  ? qsTr("%1 downloads").arg(hubEntry.modelData.downloads)
                                  : root.sizeText(hubEntry.modelData.bytes) +
                                    (hubEntry.modelData.files > 1
                                     ? qsTr(" in %1 files").arg(hubEntry.modelData.files) : "") +
                                    (hubEntry.modelData.hashed ? "" : qsTr(", no SHA-256 listed"))
                        }
                        Button {
                            text: hubEntry.modelData.kind === "repo" ? qsTr("Show models")
                                                                     : qsTr("Download")
                            Accessible.name: text + " " + (hubEntry.modelData.repo ||
                                                           hubEntry.modelData.name)
                            onClicked: {
                                if (hubEntry.modelData.kind === "repo")
                                    Library.searchHub(hubEntry.modelData.repo)
                                else if (Library.downloadHubModel(hubEntry.index))
                                    tabs.currentIndex = 2
                            }
                        }
                    }
                }
                ListView {
                    id: catalogList
                    objectName: "catalogList"
                    visible: !Library.hubShown
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    model: Library.catalog
                    spacing: 10
                    delegate: ColumnLayout {
                        id: entry
                        required property var modelData
                        width: ListView.view.width
                        spacing: 2
                        Label {
                            text: entry.modelData.name
                            font.weight: Font.DemiBold
                            color: Theme.text
                        }
                        Repeater {
                            model: entry.modelData.quantizations
                            RowLayout {
                                required property var modelData
                                Layout.fillWidth: true
                                Label {
                                    text: modelData.quant
                                    color: Theme.text
                                    Layout.preferredWidth: 110
                                }
                                Label {
                                    text: root.sizeText(modelData.bytes) +
                                          (modelData.files > 1 ? qsTr(" in %1 files").arg(modelData.files) : "")
                                    color: Theme.mutedText
                                    Layout.preferredWidth: 150
                                }
                                Label {
                                    Layout.fillWidth: true
                                    elide: Text.ElideRight
                                    text: root.fitText(modelData.fit, modelData.neededBytes)
                                    color: root.fitColor(modelData.fit)
                                }
                                Button {
                                    text: qsTr("Download")
                                    Accessible.name: qsTr("Download %1").arg(modelData.quant)
                                    onClicked: {
                                        if (Library.download(entry.modelData.id, modelData.quant))
                                            tabs.currentIndex = 2
                                    }
                                }
                            }
                        }
                    }
                }
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: Theme.faintText
                    text: qsTr("Files come from Hugging Face and are checked (SHA-256) before " +
                               "they are offered. Hearth goes online only when you press " +
                               "Search or Download.")
                }
                RowLayout {
                    Layout.fillWidth: true
                    TextField {
                        id: urlField
                        objectName: "hubField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Search Hugging Face (words or owner/repo), or " +
                                              "paste a link to a .gguf file")
                        Accessible.name: qsTr("Search Hugging Face or download a link")
                        readonly property bool isFileLink:
                            /^\s*https?:\/\/.*\.gguf\s*$/i.test(text)
                        onAccepted: hubButton.clicked()
                    }
                    Button {
                        id: hubButton
                        objectName: "hubButton"
                        text: urlField.isFileLink ? qsTr("Download") : qsTr("Search")
                        enabled: urlField.text.trim().length > 0
                        onClicked: {
                            if (!urlField.isFileLink) {
                                Library.searchHub(urlField.text)
                            } else if (Library.downloadUrl(urlField.text)) {
                                urlField.text = ""
                                tabs.currentIndex = 2
                            }
                        }
                    }
                }
            }

            // Downloads.
            ListView {
                id: downloadList
                objectName: "downloadList"
                clip: true
                model: Library.downloads
                spacing: 6
                delegate: RowLayout {
                    required property var downloadId
                    required property string title
                    required property string downloadState
                    required property string error
                    required property double received
                    required property double total
                    required property double progress
                    required property double bytesPerSecond
                    required property double secondsLeft
                    width: ListView.view.width
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label {
                            text: title
                            color: Theme.text
                            elide: Text.ElideMiddle
                            Layout.fillWidth: true
                        }
                        ProgressBar {
                            Layout.fillWidth: true
                            visible: downloadState !== "done"
                            value: progress < 0 ? 0 : progress
                            indeterminate: downloadState === "running" && progress < 0
                        }
                        Label {
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                            color: downloadState === "failed" ? Theme.danger : Theme.mutedText
                            text: downloadState === "failed" ? qsTr("Failed: %1").arg(error)
                                : downloadState === "done" ? qsTr("Done, verified · %1").arg(root.sizeText(total))
                                : downloadState === "paused" ? qsTr("Paused at %1").arg(root.sizeText(received))
                                : downloadState === "queued" ? qsTr("Waiting")
                                : qsTr("%1 of %2 · %3/s%4").arg(root.sizeText(received))
                                      .arg(total > 0 ? root.sizeText(total) : "?")
                                      .arg(root.sizeText(bytesPerSecond))
                                      .arg(secondsLeft >= 0 ? qsTr(" · %1 left").arg(
                                               secondsLeft >= 3600 ? qsTr("%1 h").arg((secondsLeft / 3600).toFixed(1))
                                             : secondsLeft >= 60 ? qsTr("%1 min").arg(Math.round(secondsLeft / 60))
                                             : qsTr("%1 s").arg(Math.round(secondsLeft))) : "")
                        }
                    }
                    Button {
                        visible: downloadState === "running" || downloadState === "queued"
                        text: qsTr("Pause")
                        onClicked: Library.pause(downloadId)
                    }
                    Button {
                        visible: downloadState === "paused" || downloadState === "failed"
                        text: downloadState === "failed" ? qsTr("Retry") : qsTr("Resume")
                        onClicked: Library.resume(downloadId)
                    }
                    Button {
                        text: downloadState === "done" ? qsTr("Clear") : qsTr("Cancel")
                        onClicked: Library.cancel(downloadId)
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: downloadList.count === 0
                    color: Theme.faintText
                    text: qsTr("No downloads")
                }
            }
        }
    }

    Dialog {
        id: deleteDialog
        property string path
        function ask(path, name, bytes) {
            deleteDialog.path = path
            question.text = qsTr("Delete %1? This frees %2.").arg(name).arg(root.sizeText(bytes))
            open()
        }
        anchors.centerIn: Overlay.overlay
        title: qsTr("Delete model")
        modal: true
        standardButtons: Dialog.Yes | Dialog.Cancel
        Label { id: question; color: Theme.text }
        onAccepted: Library.remove(path)
    }
}

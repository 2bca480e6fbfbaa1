import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// The window: conversations on the left, the open conversation on the right.
ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1100
    height: 720
    minimumWidth: 560
    minimumHeight: 400
    visible: true
    title: Chat.currentTitle.length > 0 ? qsTr("Hearth — %1").arg(Chat.currentTitle) : qsTr("Hearth")
    color: Theme.window

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.text: Theme.text
    palette.button: Theme.surface
    palette.buttonText: Theme.text
    palette.link: Theme.link
    palette.linkVisited: Theme.link
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.faintText
    palette.mid: Theme.border
    palette.light: Theme.surface
    palette.dark: Theme.accent
    palette.brightText: Theme.accentText
    palette.midlight: Theme.border

    function copy(text) {
        clipboard.text = text
        clipboard.selectAll()
        clipboard.copy()
    }

    SplitView {
        anchors.fill: parent
        Sidebar {
            id: sidebar
            SplitView.preferredWidth: 270
            SplitView.minimumWidth: 200
        }
        ChatPane {
            id: chat
            SplitView.fillWidth: true
            onCopyRequested: (text) => window.copy(text)
        }
    }

    // Dropping a model file adds it to the library folder, then loads it.
    DropArea {
        id: drop
        anchors.fill: parent
        keys: ["text/uri-list"]
        function modelUrl(urls) {
            for (const url of urls)
                if (url.toString().toLowerCase().endsWith(".gguf")) return url
            return null
        }
        onEntered: (drag) => drag.accepted = modelUrl(drag.urls) !== null && !ModelImporter.busy
        onDropped: (drop) => {
            const url = modelUrl(drop.urls)
            if (url !== null && ModelImporter.start(url)) drop.accept()
        }
        Rectangle {
            anchors.fill: parent
            visible: drop.containsDrag
            color: Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.12)
            border.color: Theme.accent
            border.width: 2
            Label {
                anchors.centerIn: parent
                text: qsTr("Drop to add this model to your library")
                font.pixelSize: Theme.fontSize * 1.4
                color: Theme.text
            }
        }
    }
    Connections {
        target: ModelImporter
        function onImported(path) { Chat.loadModel(path) }
    }
    // A finished download is loaded when no model is: the first start's likely case.
    Connections {
        target: Library
        function onModelDownloaded(path) { if (!Chat.modelLoaded && !Chat.loadingModel) Chat.loadModel(path) }
    }

    // The clipboard, through a hidden text editor (Qt Quick 6.4 has no clipboard type).
    TextEdit { id: clipboard; visible: false }

    Shortcut { sequence: "Ctrl+N"; onActivated: { Chat.newConversation(); chat.focusComposer() } }
    Shortcut { sequence: "Ctrl+F"; onActivated: sidebar.focusSearch() }
    Shortcut { sequence: "Esc"; enabled: Chat.generating; onActivated: Chat.stop() }
    Shortcut { sequence: "Ctrl+Shift+C"; onActivated: window.copy(Chat.lastAnswer()) }

    Component.onCompleted: chat.focusComposer()
}

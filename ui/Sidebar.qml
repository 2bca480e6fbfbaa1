import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import HearthCore

// The conversation list: new chat, search across all messages, conversations grouped by date
// (pinned first), rename, pin, export and delete (with undo) from each row's menu; import and
// export of the whole history from the menu beside New chat.
Rectangle {
    id: root
    color: Theme.sidebar
    function focusSearch() { search.forceActiveFocus() }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 10
        spacing: 8

        RowLayout {
            Layout.fillWidth: true
            Button {
                Layout.fillWidth: true
                text: qsTr("New chat")
                highlighted: true
                Accessible.name: qsTr("New chat")
                onClicked: Chat.newConversation()
            }
            ToolButton {
                text: "⋯"
                Accessible.name: qsTr("History menu")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Import, export, appearance")
                onClicked: historyMenu.popup()
                Menu {
                    id: historyMenu
                    MenuItem {
                        text: qsTr("Import conversations…")
                        onTriggered: importDialog.open()
                    }
                    MenuItem {
                        text: qsTr("Export all conversations…")
                        onTriggered: exportDialog.exportConversation(0)
                    }
                    MenuSeparator {}
                    Menu {
                        title: qsTr("Appearance")
                        Repeater {
                            model: [{ key: "system", label: qsTr("Follow the system") },
                                    { key: "light", label: qsTr("Light") },
                                    { key: "dark", label: qsTr("Dark") }]
                            MenuItem {
                                required property var modelData
                                text: modelData.label
                                checkable: true
                                checked: Appearance.theme === modelData.key
                                onTriggered: Appearance.theme = modelData.key
                            }
                        }
                    }
                }
            }
        }
        TextField {
            id: search
            objectName: "searchField"
            Layout.fillWidth: true
            placeholderText: qsTr("Search all messages")
            Accessible.name: qsTr("Search all messages")
            onTextChanged: Chat.search(text)
            Keys.onEscapePressed: text = ""
        }

        // Search hits, while searching; else the conversations.
        ListView {
            id: hits
            visible: search.text.length > 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: Chat.searchResults
            delegate: ItemDelegate {
                required property var conversationId
                required property string title
                required property string snippet
                width: ListView.view.width
                contentItem: ColumnLayout {
                    Label {
                        text: title
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                        color: Theme.text
                    }
                    Label {
                        text: snippet
                        textFormat: Text.StyledText
                        wrapMode: Text.Wrap
                        maximumLineCount: 3
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                        color: Theme.mutedText
                        font.pixelSize: Theme.fontSize * 0.9
                    }
                }
                onClicked: Chat.select(conversationId)
            }
            Label {
                anchors.centerIn: parent
                visible: hits.count === 0
                text: qsTr("No messages match")
                color: Theme.faintText
            }
        }

        ListView {
            id: list
            objectName: "conversationList"
            visible: search.text.length === 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: Chat.conversations
            section.property: "section"
            section.delegate: Label {
                required property string section
                text: section
                color: Theme.faintText
                font.pixelSize: Theme.fontSize * 0.8
                font.weight: Font.DemiBold
                topPadding: 10
                bottomPadding: 4
                leftPadding: 6
            }
            delegate: ItemDelegate {
                id: row
                required property var conversationId
                required property string title
                required property bool pinned
                width: ListView.view.width
                highlighted: conversationId === Chat.currentConversation
                text: title
                Accessible.name: title
                contentItem: Label {
                    text: row.text
                    color: Theme.text
                    elide: Text.ElideRight
                    font.weight: row.highlighted ? Font.DemiBold : Font.Normal
                }
                background: Rectangle {
                    radius: 6
                    color: row.highlighted ? Theme.selection
                                           : row.hovered ? Qt.darker(Theme.sidebar, 1.04) : "transparent"
                }
                onClicked: Chat.select(conversationId)
                TapHandler {
                    acceptedButtons: Qt.RightButton
                    onTapped: menu.popup()
                }
                Menu {
                    id: menu
                    MenuItem {
                        text: qsTr("Rename")
                        onTriggered: renameDialog.openFor(row.conversationId, row.title)
                    }
                    MenuItem {
                        text: row.pinned ? qsTr("Unpin") : qsTr("Pin")
                        onTriggered: Chat.togglePin(row.conversationId)
                    }
                    MenuItem {
                        text: qsTr("Export…")
                        onTriggered: exportDialog.exportConversation(row.conversationId)
                    }
                    MenuItem {
                        text: qsTr("Delete")
                        onTriggered: Chat.remove(row.conversationId)
                    }
                }
            }
        }

        // Undo for a deletion, for a few seconds.
        Rectangle {
            visible: Chat.canUndo
            Layout.fillWidth: true
            implicitHeight: undoRow.implicitHeight + 12
            radius: 8
            color: Theme.surface
            border.color: Theme.border
            RowLayout {
                id: undoRow
                anchors.fill: parent
                anchors.margins: 6
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Conversation deleted")
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Button {
                    text: qsTr("Undo")
                    onClicked: Chat.undoRemove()
                }
            }
        }
    }

    Dialog {
        id: renameDialog
        property var conversationId
        function openFor(id, title) {
            conversationId = id
            nameField.text = title
            open()
            nameField.selectAll()
            nameField.forceActiveFocus()
        }
        anchors.centerIn: Overlay.overlay
        title: qsTr("Rename conversation")
        standardButtons: Dialog.Ok | Dialog.Cancel
        modal: true
        TextField {
            id: nameField
            width: 320
            Accessible.name: qsTr("Conversation title")
            onAccepted: renameDialog.accept()
        }
        onAccepted: Chat.rename(conversationId, nameField.text)
    }

    // Export: JSON keeps everything (every branch, timings) and can be imported again;
    // Markdown is for reading.
    FileDialog {
        id: exportDialog
        property var conversationId: 0
        function exportConversation(id) {
            conversationId = id
            open()
        }
        title: conversationId === 0 ? qsTr("Export all conversations")
                                    : qsTr("Export conversation")
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("Hearth history (*.json)"), qsTr("Markdown (*.md)")]
        defaultSuffix: selectedNameFilter.extensions.length > 0
                       ? selectedNameFilter.extensions[0] : "json"
        onAccepted: Chat.exportTo(selectedFile, conversationId)
    }
    FileDialog {
        id: importDialog
        title: qsTr("Import conversations")
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("Hearth history (*.json)")]
        onAccepted: Chat.importFrom(selectedFile)
    }
}

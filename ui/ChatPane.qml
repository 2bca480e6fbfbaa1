import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// The open conversation: a header with its title and the model, the messages, the composer.
Rectangle {
    id: root
    color: Theme.window
    signal copyRequested(string text)
    function focusComposer() { composer.focusInput() }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // Header: title, the loaded model (name, size, device) and how to change it.
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: header.implicitHeight + 16
            color: Theme.window
            border.color: Theme.border
            border.width: 0
            RowLayout {
                id: header
                anchors.fill: parent
                anchors.margins: 8
                anchors.leftMargin: 16
                Label {
                    Layout.fillWidth: true
                    text: Chat.currentTitle
                    font.pixelSize: Theme.fontSize * 1.1
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                    color: Theme.text
                    Accessible.role: Accessible.Heading
                }
                ConversationSettings {}
                ModelSwitcher {}
            }
        }
        Rectangle { Layout.fillWidth: true; implicitHeight: 1; color: Theme.border }
        ImportBanner { Layout.fillWidth: true }

        ListView {
            id: messages
            objectName: "messageList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: Chat.messages
            visible: count > 0
            spacing: 4
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            delegate: MessageDelegate {
                onCopyRequested: (text) => root.copyRequested(text)
            }
            // Follow the answer as it streams, unless the user scrolled up to read.
            property bool following: true
            onMovementEnded: following = atYEnd
            onContentHeightChanged: if (following) positionViewAtEnd()
            onCountChanged: { following = true; positionViewAtEnd() }
        }
        EmptyState {
            visible: messages.count === 0
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
        Composer {
            id: composer
            Layout.fillWidth: true
        }
    }
}

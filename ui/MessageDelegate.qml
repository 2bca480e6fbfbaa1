import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// One message of the conversation: the user's turn in a bubble, the model's answer in full
// width with its reasoning above it, branch arrows (‹ 2/3 ›) where edits or regenerations made
// siblings, and actions: copy, edit, regenerate, details.
Item {
    id: root
    required property int index
    required property var messageId
    required property string role
    required property string content
    required property string reasoning
    required property real reasoningSeconds
    required property string state
    required property string errorText
    required property int siblingIndex
    required property int siblingCount
    required property string modelName
    required property int completionTokens
    required property real tokensPerSecond
    required property real timeToFirstToken

    property bool editing: false
    readonly property bool isUser: role === "user"
    readonly property bool streaming: state === "generating"
    signal copyRequested(string text)

    width: ListView.view ? ListView.view.width : 600
    implicitHeight: layout.implicitHeight + 24

    ColumnLayout {
        id: layout
        anchors.horizontalCenter: parent.horizontalCenter
        y: 12
        width: Math.min(parent.width - 48, 760)
        spacing: 6

        // The user's turn: right-aligned bubble, or an editor while editing.
        Rectangle {
            visible: root.isUser && !root.editing
            Layout.alignment: Qt.AlignRight
            Layout.maximumWidth: layout.width * 0.85
            implicitWidth: userText.implicitWidth + 28
            implicitHeight: userText.implicitHeight + 20
            radius: Theme.radius
            color: Theme.userBubble
            TextEdit {
                id: userText
                x: 14
                y: 10
                width: Math.min(implicitWidth, layout.width * 0.85 - 28)
                text: root.content
                wrapMode: TextEdit.Wrap
                readOnly: true
                selectByMouse: true
                color: Theme.text
                font.pixelSize: Theme.fontSize
                Accessible.name: qsTr("You said: %1").arg(root.content)
            }
        }
        ColumnLayout {
            visible: root.editing
            Layout.fillWidth: true
            TextArea {
                id: editor
                Layout.fillWidth: true
                wrapMode: TextArea.Wrap
                text: root.content
                font.pixelSize: Theme.fontSize
                Accessible.name: qsTr("Edit your message")
            }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                Button {
                    text: qsTr("Cancel")
                    onClicked: root.editing = false
                }
                Button {
                    text: qsTr("Send")
                    highlighted: true
                    onClicked: {
                        root.editing = false
                        Chat.edit(root.messageId, editor.text)
                    }
                }
            }
        }

        // The model's turn.
        ReasoningBlock {
            visible: !root.isUser && root.reasoning.length > 0
            Layout.fillWidth: true
            reasoning: root.reasoning
            seconds: root.reasoningSeconds
            thinking: root.streaming && root.content.length === 0
        }
        MarkdownView {
            visible: !root.isUser && root.content.length > 0
            Layout.fillWidth: true
            markdown: root.content
            onCopyRequested: (text) => root.copyRequested(text)
        }
        BusyIndicator {
            visible: root.streaming && root.content.length === 0 && root.reasoning.length === 0
            running: visible
            implicitWidth: 28
            implicitHeight: 28
        }
        Label {
            visible: root.state === "interrupted" || root.state === "error"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.danger
            text: root.state === "interrupted" ? qsTr("This answer was interrupted.")
                                               : qsTr("Error: %1").arg(root.errorText)
        }

        // Branches and actions.
        RowLayout {
            Layout.alignment: root.isUser ? Qt.AlignRight : Qt.AlignLeft
            spacing: 2
            visible: !root.streaming && !root.editing
            opacity: hover.hovered || root.siblingCount > 1 ? 1 : 0.55

            FlatButton {
                visible: root.siblingCount > 1
                text: "\u2039"
                enabled: root.siblingIndex > 0
                Accessible.name: qsTr("Previous version")
                onClicked: Chat.switchBranch(root.messageId, -1)
            }
            Label {
                visible: root.siblingCount > 1
                text: (root.siblingIndex + 1) + "/" + root.siblingCount
                color: Theme.mutedText
            }
            FlatButton {
                visible: root.siblingCount > 1
                text: "\u203A"
                enabled: root.siblingIndex + 1 < root.siblingCount
                Accessible.name: qsTr("Next version")
                onClicked: Chat.switchBranch(root.messageId, 1)
            }
            FlatButton {
                text: qsTr("Copy")
                Accessible.name: qsTr("Copy message")
                onClicked: root.copyRequested(root.content)
            }
            FlatButton {
                visible: root.isUser
                text: qsTr("Edit")
                enabled: !Chat.generating
                Accessible.name: qsTr("Edit message")
                onClicked: root.editing = true
            }
            FlatButton {
                visible: !root.isUser
                text: qsTr("Regenerate")
                enabled: !Chat.generating && Chat.modelLoaded
                Accessible.name: qsTr("Regenerate answer")
                onClicked: Chat.regenerate(root.messageId)
            }
            FlatButton {
                id: detailsButton
                visible: !root.isUser && root.completionTokens > 0
                text: qsTr("Details")
                Accessible.name: qsTr("Message details")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("%1 tokens · %2 t/s · first token after %3 s · %4")
                              .arg(root.completionTokens).arg(root.tokensPerSecond.toFixed(1))
                              .arg(root.timeToFirstToken.toFixed(2)).arg(root.modelName)
            }
        }
    }
    HoverHandler { id: hover }
}

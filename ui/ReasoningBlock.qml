import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "markdown.js" as Markdown

// R1's reasoning, apart from the answer: "Thought for N s", folded by default once the answer
// starts; open while the model is still thinking.
ColumnLayout {
    id: root
    property string reasoning
    property real seconds: -1
    property bool thinking: false
    property bool expanded: thinking

    spacing: 4

    FlatButton {
        id: toggle
        text: (root.expanded ? "\u25BE " : "\u25B8 ") + Markdown.thoughtLabel(root.seconds, root.thinking)
        Accessible.name: root.expanded ? qsTr("Hide reasoning") : qsTr("Show reasoning")
        onClicked: root.expanded = !root.expanded
    }
    Rectangle {
        visible: root.expanded
        Layout.fillWidth: true
        implicitHeight: reasoningText.implicitHeight + 16
        color: "transparent"
        border.width: 0
        Rectangle {
            width: 3
            height: parent.height
            color: Theme.border
        }
        TextEdit {
            id: reasoningText
            x: 14
            y: 8
            width: parent.width - 14
            text: root.reasoning
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.Wrap
            color: Theme.mutedText
            font.pixelSize: Theme.fontSize * 0.95
        }
    }
}

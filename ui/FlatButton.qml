import QtQuick
import QtQuick.Controls

// A quiet text button for actions beside content (copy, edit, branches, reasoning): no box
// until the pointer is on it or it has keyboard focus.
ToolButton {
    id: control
    implicitHeight: Math.max(contentItem.implicitHeight + 8, 28)
    font.pixelSize: Theme.fontSize * 0.9
    contentItem: Label {
        text: control.text
        font: control.font
        color: control.enabled ? Theme.mutedText : Theme.faintText
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: 6
        color: control.down ? Theme.selection : Theme.surface
        border.color: control.visualFocus ? Theme.accent : "transparent"
        visible: control.enabled && (control.hovered || control.down || control.visualFocus)
    }
}

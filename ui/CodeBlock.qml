import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A fenced code block: monospace, scrolls sideways, a copy button in its corner.
Rectangle {
    id: root
    property string code
    property string language
    signal copyRequested(string text)

    implicitHeight: column.implicitHeight + 16
    radius: 8
    color: Theme.codeBackground
    border.color: Theme.border

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 8
        spacing: 4

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: root.language
                color: Theme.faintText
                font.pixelSize: Theme.fontSize * 0.85
                Layout.fillWidth: true
            }
            ToolButton {
                text: copied.running ? qsTr("Copied") : qsTr("Copy")
                font.pixelSize: Theme.fontSize * 0.85
                Accessible.name: qsTr("Copy code")
                onClicked: {
                    root.copyRequested(root.code)
                    copied.restart()
                }
                Timer { id: copied; interval: 1500 }
            }
        }
        Flickable {
            Layout.fillWidth: true
            implicitHeight: codeText.implicitHeight
            contentWidth: codeText.implicitWidth
            clip: true
            flickableDirection: Flickable.HorizontalFlick
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.horizontal: ScrollBar { policy: ScrollBar.AsNeeded }
            TextEdit {
                id: codeText
                text: root.code
                readOnly: true
                selectByMouse: true
                font.family: Theme.monospace
                font.pixelSize: Theme.fontSize * 0.95
                color: Theme.text
                textFormat: TextEdit.PlainText
            }
        }
    }
}

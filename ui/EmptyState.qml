import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// What a new user sees before the first conversation.
Item {
    id: root
    objectName: "emptyState"

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 64, 520)
        spacing: 12

        Label {
            Layout.alignment: Qt.AlignHCenter
            text: "\u2668"
            font.pixelSize: 56
            color: "#c2410c"
            Accessible.ignored: true
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Welcome to Hearth")
            font.pixelSize: Qt.application.font.pixelSize * 2
            font.weight: Font.DemiBold
            Accessible.role: Accessible.Heading
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "#57534e"
            text: qsTr("Private chat with language models that run on this computer. " +
                       "Nothing you write leaves it.")
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "#78716c"
            text: qsTr("No conversations yet.")
        }
    }
}

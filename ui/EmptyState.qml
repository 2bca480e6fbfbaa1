import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// What a new chat shows before its first message: what Hearth is, and the next step.
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
            font.pixelSize: Theme.fontSize * 4
            color: Theme.accent
            Accessible.ignored: true
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("Welcome to Hearth")
            font.pixelSize: Theme.fontSize * 2
            font.weight: Font.DemiBold
            color: Theme.text
            Accessible.role: Accessible.Heading
        }
        Label {
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: Theme.mutedText
            text: qsTr("Private chat with language models that run on this computer. " +
                       "Nothing you write leaves it.")
        }
        Label {
            objectName: "nextStep"
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: Theme.faintText
            text: Chat.loadingModel ? qsTr("Loading the model…")
                : Chat.modelLoaded ? qsTr("Ask anything below: Enter sends, Shift+Enter starts a new line.")
                : qsTr("Choose a model with Model… above, or drop a .gguf file on this window.")
        }
    }
}

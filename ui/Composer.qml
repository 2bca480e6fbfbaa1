import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// Where the user writes: Enter sends, Shift+Enter starts a new line; Stop while the model is
// answering; the context meter below.
Rectangle {
    id: root
    property alias text: input.text
    function focusInput() { input.forceActiveFocus() }

    implicitHeight: column.implicitHeight + 20
    color: Theme.window

    ColumnLayout {
        id: column
        anchors.horizontalCenter: parent.horizontalCenter
        y: 8
        width: Math.min(parent.width - 48, 760)
        spacing: 4

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: Math.min(inputRow.implicitHeight + 16, 220)
            radius: Theme.radius
            color: Theme.surface
            border.color: input.activeFocus ? Theme.accent : Theme.border

            RowLayout {
                id: inputRow
                anchors.fill: parent
                anchors.margins: 8
                ScrollView {
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    TextArea {
                        id: input
                        objectName: "composerInput"
                        placeholderText: Chat.modelLoaded ? qsTr("Ask anything…")
                                                          : qsTr("Load a model to start chatting")
                        wrapMode: TextArea.Wrap
                        font.pixelSize: Theme.fontSize
                        color: Theme.text
                        background: null
                        Accessible.name: qsTr("Message")
                        Keys.onPressed: (event) => {
                            if ((event.key === Qt.Key_Return || event.key === Qt.Key_Enter)
                                    && !(event.modifiers & Qt.ShiftModifier)) {
                                event.accepted = true
                                root.send()
                            }
                        }
                    }
                }
                Button {
                    Layout.alignment: Qt.AlignBottom
                    text: Chat.generating ? qsTr("Stop") : qsTr("Send")
                    enabled: Chat.generating || (Chat.modelLoaded && input.text.trim().length > 0)
                    highlighted: !Chat.generating && enabled
                    Accessible.name: Chat.generating ? qsTr("Stop generating") : qsTr("Send message")
                    onClicked: Chat.generating ? Chat.stop() : root.send()
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: Chat.notice
                color: Theme.mutedText
                elide: Text.ElideRight
                font.pixelSize: Theme.fontSize * 0.85
            }
            Label {
                visible: Chat.contextLength > 0
                text: qsTr("%1 / %2 tokens").arg(Chat.contextUsed).arg(Chat.contextLength)
                color: Chat.contextUsed > Chat.contextLength * 0.9 ? Theme.danger : Theme.faintText
                font.pixelSize: Theme.fontSize * 0.85
                Accessible.name: qsTr("Context used: %1 of %2 tokens").arg(Chat.contextUsed)
                                 .arg(Chat.contextLength)
            }
        }
    }

    function send() {
        if (Chat.generating || !Chat.modelLoaded || input.text.trim().length === 0) return
        Chat.send(input.text)
        input.text = ""
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// The open conversation's system prompt and sampling, defaulting to the model's
// recommendations (R1: temperature 0.6, top-p 0.95, no system prompt).
Button {
    id: root
    text: qsTr("Settings")
    Accessible.name: qsTr("Conversation settings")
    onClicked: {
        systemPrompt.text = Chat.systemPrompt
        temperature.text = Chat.temperature.toFixed(2)
        topP.text = Chat.topP.toFixed(2)
        maxTokens.text = Chat.maxTokens
        popup.open()
    }

    Popup {
        id: popup
        y: root.height + 4
        x: root.width - width
        width: 420
        padding: 14
        modal: true

        ColumnLayout {
            anchors.fill: parent
            spacing: 8
            Label {
                text: qsTr("System prompt")
                color: Theme.text
            }
            TextArea {
                id: systemPrompt
                Layout.fillWidth: true
                Layout.preferredHeight: 100
                wrapMode: TextArea.Wrap
                placeholderText: qsTr("None (R1 models work best without one)")
                Accessible.name: qsTr("System prompt")
            }
            GridLayout {
                columns: 2
                Layout.fillWidth: true
                Label { text: qsTr("Temperature"); color: Theme.text }
                TextField {
                    id: temperature
                    Layout.fillWidth: true
                    validator: DoubleValidator { bottom: 0; top: 2; decimals: 2 }
                    Accessible.name: qsTr("Temperature")
                }
                Label { text: qsTr("Top-p"); color: Theme.text }
                TextField {
                    id: topP
                    Layout.fillWidth: true
                    validator: DoubleValidator { bottom: 0; top: 1; decimals: 2 }
                    Accessible.name: qsTr("Top-p")
                }
                Label { text: qsTr("Max answer tokens"); color: Theme.text }
                TextField {
                    id: maxTokens
                    Layout.fillWidth: true
                    validator: IntValidator { bottom: 1; top: 131072 }
                    Accessible.name: qsTr("Maximum answer tokens")
                }
            }
            RowLayout {
                Layout.alignment: Qt.AlignRight
                Button {
                    text: qsTr("Model's defaults")
                    onClicked: {
                        Chat.resetSettings()
                        popup.close()
                    }
                }
                Button {
                    text: qsTr("Save")
                    highlighted: true
                    onClicked: {
                        Chat.saveSettings(systemPrompt.text, Number.fromLocaleString(Qt.locale("C"), temperature.text),
                                          Number.fromLocaleString(Qt.locale("C"), topP.text), parseInt(maxTokens.text))
                        popup.close()
                    }
                }
            }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// The loaded model (name, size, device), its load progress with Cancel, and a field to load
// another (a path; dropping a .gguf file on the window works too).
RowLayout {
    spacing: 6

    Label {
        visible: !Chat.loadingModel
        text: Chat.modelLoaded ? Chat.modelName : qsTr("No model loaded")
        color: Chat.modelLoaded ? Theme.text : Theme.faintText
        elide: Text.ElideMiddle
        Layout.maximumWidth: 320
        ToolTip.visible: modelHover.hovered && Chat.modelLoaded
        ToolTip.text: Chat.modelDetails
        HoverHandler { id: modelHover }
    }
    ProgressBar {
        visible: Chat.loadingModel
        value: Chat.loadProgress
        implicitWidth: 160
        Accessible.name: qsTr("Loading model")
    }
    Button {
        visible: Chat.loadingModel
        text: qsTr("Cancel")
        onClicked: Chat.cancelLoad()
    }
    Button {
        visible: !Chat.loadingModel
        text: qsTr("Model…")
        Accessible.name: qsTr("Change model")
        onClicked: popup.open()
        Popup {
            id: popup
            y: parent.height + 4
            x: parent.width - width
            width: 420
            padding: 12
            ColumnLayout {
                anchors.fill: parent
                Label {
                    text: qsTr("Load a model file (.gguf) or Hugging Face folder")
                    color: Theme.text
                }
                TextField {
                    id: pathField
                    Layout.fillWidth: true
                    placeholderText: qsTr("/path/to/model.gguf")
                    Accessible.name: qsTr("Model path")
                    onAccepted: load.clicked()
                }
                Label {
                    visible: Chat.modelError.length > 0
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: Chat.modelError
                    color: Theme.danger
                }
                Button {
                    id: load
                    text: qsTr("Load")
                    highlighted: true
                    enabled: pathField.text.length > 0
                    onClicked: {
                        Chat.loadModel(pathField.text)
                        popup.close()
                    }
                }
            }
        }
    }
}

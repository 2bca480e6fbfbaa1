import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// The loaded model (name, size, device), its load progress with Cancel, and Model… to open the
// library (ModelsDialog: load, download, delete; dropping a .gguf file on the window works too).
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
        onClicked: library.open()
        ModelsDialog { id: library }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window
    width: 1100
    height: 720
    minimumWidth: 480
    minimumHeight: 360
    visible: true
    title: qsTr("Hearth")

    palette.window: "#faf8f5"

    EmptyState {
        anchors.fill: parent
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HearthCore

// A model file being copied into the library (dropped on the window), with Cancel; or why the
// last one could not be, with Dismiss.
Rectangle {
    id: root
    visible: ModelImporter.busy || ModelImporter.error.length > 0
    implicitHeight: visible ? row.implicitHeight + 16 : 0
    color: ModelImporter.error.length > 0 ? Theme.surface : Theme.selection
    border.color: Theme.border

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 8
        anchors.leftMargin: 16
        spacing: 12
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: ModelImporter.error.length > 0 ? Theme.danger : Theme.text
            text: ModelImporter.busy
                  ? qsTr("Adding %1 to your models… %2%").arg(ModelImporter.fileName)
                        .arg(Math.round(ModelImporter.progress * 100))
                  : qsTr("%1 was not added: %2").arg(ModelImporter.fileName).arg(ModelImporter.error)
        }
        ProgressBar {
            visible: ModelImporter.busy
            Layout.preferredWidth: 160
            value: ModelImporter.progress
            Accessible.name: qsTr("Import progress")
        }
        Button {
            text: ModelImporter.busy ? qsTr("Cancel") : qsTr("Dismiss")
            Accessible.name: ModelImporter.busy ? qsTr("Cancel the import") : qsTr("Dismiss")
            onClicked: ModelImporter.busy ? ModelImporter.cancel() : ModelImporter.clearError()
        }
    }
}

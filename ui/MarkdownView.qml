import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import "markdown.js" as Markdown

// Markdown as Hearth shows it: headings, lists, tables and links through Qt's Markdown support;
// fenced code in CodeBlocks with a copy button.
ColumnLayout {
    id: root
    property string markdown
    property color textColor: Theme.text
    signal copyRequested(string text)

    spacing: 8

    Repeater {
        model: Markdown.blocks(root.markdown)
        delegate: Loader {
            required property var modelData
            Layout.fillWidth: true
            sourceComponent: modelData.kind === "code" ? codeComponent : textComponent

            Component {
                id: textComponent
                TextEdit {
                    text: modelData.text
                    textFormat: TextEdit.MarkdownText
                    wrapMode: TextEdit.Wrap
                    readOnly: true
                    selectByMouse: true
                    color: root.textColor
                    font.pixelSize: Theme.fontSize
                    onLinkActivated: (link) => Qt.openUrlExternally(link)
                }
            }
            Component {
                id: codeComponent
                CodeBlock {
                    code: modelData.text
                    language: modelData.lang
                    onCopyRequested: (text) => root.copyRequested(text)
                }
            }
        }
    }
}

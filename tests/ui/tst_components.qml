import QtQuick
import QtTest
import Hearth
import HearthCore

// The message view's pieces and the composer, with a real Chat controller and no model.
Item {
    id: root
    width: 800
    height: 600

    MarkdownView {
        id: markdown
        width: 600
        markdown: "# Title\n\nSome **bold** text.\n\n```sh\nls -la\n```\n"
    }
    ReasoningBlock {
        id: reasoning
        y: 300
        width: 600
        reasoning: "First, 17 * 3 = 51."
        seconds: 4.2
    }
    Composer {
        id: composer
        y: 450
        width: 600
    }

    TestCase {
        name: "Components"
        when: windowShown

        function test_markdownRendersTextAndCode() {
            // One text block and one code block with a copy button.
            verify(markdown.implicitHeight > 0)
            compare(markdown.children.length >= 2, true)
        }

        function test_reasoningFoldedWithItsTime() {
            verify(!reasoning.expanded)
            const toggle = reasoning.children[0]
            verify(toggle.text.indexOf("Thought for 4 s") >= 0, toggle.text)
            mouseClick(toggle)
            verify(reasoning.expanded)
        }

        function test_composerNeedsAModel() {
            verify(!Chat.modelLoaded)
            composer.text = "Hello"
            compare(Chat.generating, false)
            // Enter does not send without a model, and the text stays.
            composer.focusInput()
            keyClick(Qt.Key_Return)
            compare(composer.text, "Hello")
        }

        function test_newChatSettingsAreKeptForItsFirstMessage() {
            Chat.saveSettings("Answer briefly.", 0.3, 0.9, 64)
            compare(Chat.systemPrompt, "Answer briefly.")
            compare(Chat.temperature, 0.3)
            compare(Chat.maxTokens, 64)
            Chat.resetSettings()
            compare(Chat.systemPrompt, "")
        }

        function test_windowTitleStartsEmpty() {
            compare(Chat.currentTitle, "New chat")
            compare(Chat.messages.rowCount(), 0)
        }
    }
}

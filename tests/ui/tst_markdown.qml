import QtQuick
import QtTest
import "../../ui/markdown.js" as Markdown

// ui/markdown.js: how answers are cut into text and code blocks.
TestCase {
    name: "Markdown"

    function test_textAndCode() {
        const blocks = Markdown.blocks("Intro\n\n```cpp\nint x = 1;\n```\nAfter")
        compare(blocks.length, 3)
        compare(blocks[0].kind, "text")
        compare(blocks[1].kind, "code")
        compare(blocks[1].lang, "cpp")
        compare(blocks[1].text, "int x = 1;")
        compare(blocks[2].text, "After")
    }

    function test_unclosedFenceWhileStreaming() {
        const blocks = Markdown.blocks("Look:\n```python\nprint(1)\nprint(2")
        compare(blocks.length, 2)
        compare(blocks[1].kind, "code")
        compare(blocks[1].text, "print(1)\nprint(2")
    }

    function test_tildeFencesAndLongerClosingFence() {
        const blocks = Markdown.blocks("~~~\na\n~~~~\nb")
        compare(blocks.length, 2)
        compare(blocks[0].text, "a")
        compare(blocks[1].text, "b")
    }

    function test_thoughtLabel() {
        compare(Markdown.thoughtLabel(12.4, false), "Thought for 12 s")
        compare(Markdown.thoughtLabel(125, false), "Thought for 2 min 5 s")
        compare(Markdown.thoughtLabel(3, true), "Thinking…")
        compare(Markdown.thoughtLabel(-1, false), "Reasoning")
    }
}

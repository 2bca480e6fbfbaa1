// Cuts Markdown into blocks the message view renders apart: fenced code blocks (shown in a
// monospace box with a copy button) and the text between them (rendered by Qt's Markdown
// support). An unclosed fence, as in an answer still streaming, runs to the end.
.pragma library

function blocks(markdown) {
    const out = [];
    const lines = markdown.split("\n");
    let text = [];
    let code = null;  // {lang, lines, fence} while inside a fence
    for (const line of lines) {
        if (code === null) {
            const open = line.match(/^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/);
            if (open) {
                if (text.length) out.push({kind: "text", text: text.join("\n")});
                text = [];
                code = {lang: open[2], lines: [], fence: open[1]};
            } else {
                text.push(line);
            }
        } else {
            const trimmed = line.trim();
            if (trimmed.startsWith(code.fence) && trimmed.replace(/[`~]/g, "") === "") {
                out.push({kind: "code", lang: code.lang, text: code.lines.join("\n")});
                code = null;
            } else {
                code.lines.push(line);
            }
        }
    }
    if (code !== null) out.push({kind: "code", lang: code.lang, text: code.lines.join("\n")});
    else if (text.length && text.join("").trim() !== "") out.push({kind: "text", text: text.join("\n")});
    return out;
}

// "Thought for 12 s" / "Thought for 2 min 5 s"; "Thinking…" while it goes on.
function thoughtLabel(seconds, thinking) {
    if (thinking) return qsTr("Thinking…");
    if (seconds < 0) return qsTr("Reasoning");
    const s = Math.max(1, Math.round(seconds));
    if (s < 60) return qsTr("Thought for %1 s").arg(s);
    return qsTr("Thought for %1 min %2 s").arg(Math.floor(s / 60)).arg(s % 60);
}

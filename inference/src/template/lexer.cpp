#include "template/lexer.h"

#include <array>
#include <utility>

#include "template/text.h"

namespace hearth::tmpl {
namespace {

// Text after a rewriting pass, with the source offset every byte came from.
struct Mapped {
    std::string text;
    std::vector<uint32_t> origin;

    void append(const Mapped& from, size_t begin, size_t end) {
        text.append(from.text, begin, end - begin);
        origin.insert(origin.end(), from.origin.begin() + static_cast<std::ptrdiff_t>(begin),
                      from.origin.begin() + static_cast<std::ptrdiff_t>(end));
    }
};

bool isLineStart(const std::string& s, size_t i) {
    if (i == 0) return true;
    if (s[i - 1] == '\n' || s[i - 1] == '\r') return true;
    // U+2028 and U+2029 also end lines for JavaScript's multiline `^`.
    return i >= 3 && s.compare(i - 3, 2, "\xe2\x80") == 0 &&
           (s[i - 1] == '\xa8' || s[i - 1] == '\xa9');
}

// `^[ \t]*({[#%-])` with the m flag, replaced by the brace part.
Mapped lstripBlocks(const Mapped& in) {
    Mapped out;
    const std::string& s = in.text;
    size_t i = 0;
    while (i < s.size()) {
        if (isLineStart(s, i)) {
            size_t j = i;
            while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
            if (j + 1 < s.size() && s[j] == '{' &&
                (s[j + 1] == '#' || s[j + 1] == '%' || s[j + 1] == '-')) {
                out.append(in, j, j + 2);
                i = j + 2;
                continue;
            }
        }
        out.append(in, i, i + 1);
        ++i;
    }
    return out;
}

// `([#%-]})\n` replaced by the tag end.
Mapped trimBlocks(const Mapped& in) {
    Mapped out;
    const std::string& s = in.text;
    size_t i = 0;
    while (i < s.size()) {
        if (i + 2 < s.size() && (s[i] == '#' || s[i] == '%' || s[i] == '-') && s[i + 1] == '}' &&
            s[i + 2] == '\n') {
            out.append(in, i, i + 2);
            i += 3;
            continue;
        }
        out.append(in, i, i + 1);
        ++i;
    }
    return out;
}

// The length of a `{%-? generation -?%}` or `{% endgeneration %}` tag at `i`, 0 if none;
// `stripBefore`/`stripAfter` tell whether it has the hyphens.
size_t generationTag(const std::string& s, size_t i, bool* stripBefore, bool* stripAfter) {
    if (s.compare(i, 2, "{%") != 0) return 0;
    size_t j = i + 2;
    *stripBefore = j < s.size() && s[j] == '-';
    if (*stripBefore) ++j;
    j += whitespacePrefix(s, j);
    if (s.compare(j, 3, "end") == 0 && s.compare(j + 3, 10, "generation") == 0) j += 3;
    if (s.compare(j, 10, "generation") != 0) return 0;
    j += 10;
    j += whitespacePrefix(s, j);
    *stripAfter = j < s.size() && s[j] == '-';
    if (*stripAfter) ++j;
    if (s.compare(j, 2, "%}") != 0) return 0;
    return j + 2 - i;
}

// `(\s*){%(-?)\s*(?:end)?generation\s*(-?)%}(\s*)` replaced by the whitespace the hyphens keep.
Mapped removeGenerationTags(const Mapped& in) {
    const std::string& s = in.text;
    if (s.find("generation") == std::string::npos) return in;
    Mapped out;
    size_t copied = 0;  // everything before this is in `out`
    for (size_t i = 0; i < s.size(); ++i) {
        bool stripBefore = false, stripAfter = false;
        const size_t length = s[i] == '{' ? generationTag(s, i, &stripBefore, &stripAfter) : 0;
        if (length == 0) continue;
        const size_t before =
            i - whitespaceSuffix(std::string_view(s).substr(copied, i - copied), i - copied);
        const size_t after = i + length + whitespacePrefix(s, i + length);
        out.append(in, copied, stripBefore ? before : i);
        if (!stripAfter) out.append(in, i + length, after);
        copied = after;
        i = after - 1;
    }
    out.append(in, copied, s.size());
    return out;
}

Mapped preprocess(std::string_view source) {
    Mapped mapped;
    mapped.text = std::string(source);
    if (!mapped.text.empty() && mapped.text.back() == '\n') mapped.text.pop_back();
    mapped.origin.resize(mapped.text.size());
    for (size_t i = 0; i < mapped.origin.size(); ++i) mapped.origin[i] = static_cast<uint32_t>(i);
    return removeGenerationTags(trimBlocks(lstripBlocks(mapped)));
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isWord(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

const std::array<std::pair<std::string_view, TokenType>, 29> kSymbols = {{
    {"{%", TokenType::OpenStatement},  {"%}", TokenType::CloseStatement},
    {"{{", TokenType::OpenExpression}, {"}}", TokenType::CloseExpression},
    {"(", TokenType::OpenParen},       {")", TokenType::CloseParen},
    {"{", TokenType::OpenCurly},       {"}", TokenType::CloseCurly},
    {"[", TokenType::OpenSquare},      {"]", TokenType::CloseSquare},
    {",", TokenType::Comma},           {".", TokenType::Dot},
    {":", TokenType::Colon},           {"|", TokenType::Pipe},
    {"<=", TokenType::Comparison},     {">=", TokenType::Comparison},
    {"==", TokenType::Comparison},     {"!=", TokenType::Comparison},
    {"<", TokenType::Comparison},      {">", TokenType::Comparison},
    {"+", TokenType::Additive},        {"-", TokenType::Additive},
    {"~", TokenType::Additive},        {"**", TokenType::Power},
    {"*", TokenType::Multiplicative},  {"//", TokenType::Multiplicative},
    {"/", TokenType::Multiplicative},  {"%", TokenType::Multiplicative},
    {"=", TokenType::Equals},
}};

class Lexer {
public:
    Lexer(std::string_view source, Mapped text) : m_source(source), m_in(std::move(text)) {}

    Result<std::vector<Token>> run();

private:
    const std::string& src() const { return m_in.text; }
    bool at(std::string_view s) const { return src().compare(m_pos, s.size(), s) == 0; }
    char peek(size_t ahead = 0) const {
        return m_pos + ahead < src().size() ? src()[m_pos + ahead] : '\0';
    }
    uint32_t origin(size_t pos) const {
        return pos < m_in.origin.size() ? m_in.origin[pos] : static_cast<uint32_t>(m_source.size());
    }
    Status error(const std::string& what, size_t pos) const {
        return Status::error("syntax error at " + sourcePosition(m_source, origin(pos)) + ": " +
                             what);
    }
    void push(TokenType type, std::string value, size_t pos) {
        m_tokens.push_back({type, std::move(value), origin(pos)});
    }
    TokenType lastType() const { return m_tokens.back().type; }
    void stripTrailingWhitespace();
    void skipWhitespace() { m_pos += whitespacePrefix(src(), m_pos); }
    Result<std::string> stringLiteral(char quote);
    std::string digits() {
        const size_t start = m_pos;
        while (m_pos < src().size() && isDigit(src()[m_pos])) ++m_pos;
        return src().substr(start, m_pos - start);
    }

    std::string_view m_source;
    Mapped m_in;
    size_t m_pos = 0;
    int m_curlyDepth = 0;
    std::vector<Token> m_tokens;
};

void Lexer::stripTrailingWhitespace() {
    if (m_tokens.empty() || m_tokens.back().type != TokenType::Text) return;
    std::string& text = m_tokens.back().value;
    text.resize(text.size() - whitespaceSuffix(text, text.size()));
    if (text.empty()) m_tokens.pop_back();
}

Result<std::string> Lexer::stringLiteral(char quote) {
    const size_t start = m_pos;
    ++m_pos;  // the opening quote
    std::string value;
    while (m_pos < src().size() && src()[m_pos] != quote) {
        if (src()[m_pos] != '\\') {
            value += src()[m_pos++];
            continue;
        }
        if (++m_pos >= src().size()) break;
        const char escaped = src()[m_pos++];
        if (escaped == 'x' || escaped == 'u') {
            const size_t length = escaped == 'x' ? 2 : 4;
            const std::string hex = src().substr(m_pos, length);
            if (hex.size() != length ||
                hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
                return error("invalid escape \\" + std::string(1, escaped) + hex, m_pos - 2);
            m_pos += length;
            auto unit = static_cast<char32_t>(std::stoul(hex, nullptr, 16));
            // A \uD83D\uDE00 pair is one character.
            if (unit >= 0xd800 && unit <= 0xdbff && at("\\u")) {
                const std::string low = src().substr(m_pos + 2, 4);
                if (low.size() == 4 &&
                    low.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) {
                    const auto second = static_cast<char32_t>(std::stoul(low, nullptr, 16));
                    if (second >= 0xdc00 && second <= 0xdfff) {
                        unit = 0x10000 + ((unit - 0xd800) << 10) + (second - 0xdc00);
                        m_pos += 6;
                    }
                }
            }
            appendUtf8(value, unit);
            continue;
        }
        static const std::string_view from = "ntrbfv'\"\\";
        static const std::string_view to = "\n\t\r\b\f\v'\"\\";
        const size_t which = from.find(escaped);
        if (which == std::string_view::npos)
            return error("unknown escape \\" + std::string(1, escaped), m_pos - 2);
        value += to[which];
    }
    if (m_pos >= src().size()) return error("unterminated string", start);
    ++m_pos;  // the closing quote
    return value;
}

Result<std::vector<Token>> Lexer::run() {
    while (m_pos < src().size()) {
        // Text up to the next tag.
        if (m_tokens.empty() || lastType() == TokenType::CloseStatement ||
            lastType() == TokenType::CloseExpression || lastType() == TokenType::Comment) {
            const size_t start = m_pos;
            while (m_pos < src().size() &&
                   !(src()[m_pos] == '{' && (peek(1) == '%' || peek(1) == '{' || peek(1) == '#')))
                ++m_pos;
            if (m_pos > start) {
                push(TokenType::Text, src().substr(start, m_pos - start), start);
                continue;
            }
        }
        if (at("{#")) {
            const size_t start = m_pos;
            m_pos += 2;
            const bool stripBefore = peek() == '-';
            if (stripBefore) ++m_pos;
            const size_t end = src().find("#}", m_pos);
            if (end == std::string::npos) return error("unclosed comment", start);
            std::string comment = src().substr(m_pos, end - m_pos);
            const bool stripAfter = !comment.empty() && comment.back() == '-';
            if (stripBefore) stripTrailingWhitespace();
            push(TokenType::Comment, std::move(comment), start);
            m_pos = end + 2;
            if (stripAfter) skipWhitespace();
            continue;
        }
        if (at("{%-") || at("{{-")) {
            stripTrailingWhitespace();
            const bool statement = at("{%-");
            push(statement ? TokenType::OpenStatement : TokenType::OpenExpression,
                 statement ? "{%" : "{{", m_pos);
            if (!statement) m_curlyDepth = 0;
            m_pos += 3;
            continue;
        }
        skipWhitespace();
        if (m_pos >= src().size()) break;
        if (at("-%}") || at("-}}")) {
            const bool statement = at("-%}");
            push(statement ? TokenType::CloseStatement : TokenType::CloseExpression,
                 statement ? "%}" : "}}", m_pos);
            m_pos += 3;
            skipWhitespace();
            continue;
        }
        const char c = src()[m_pos];
        if (c == '-' || c == '+') {
            if (m_tokens.empty() || lastType() == TokenType::Text)
                return error(std::string("unexpected '") + c + "'", m_pos);
            const TokenType last = lastType();
            if (last != TokenType::Identifier && last != TokenType::Number &&
                last != TokenType::String && last != TokenType::CloseParen &&
                last != TokenType::CloseSquare) {
                // A sign: part of a number literal, or a unary operator.
                const size_t start = m_pos++;
                std::string number = digits();
                if (!number.empty() && peek() == '.' && isDigit(peek(1))) {
                    ++m_pos;
                    number += "." + digits();
                }
                push(number.empty() ? TokenType::Unary : TokenType::Number,
                     std::string(1, c) + number, start);
                continue;
            }
        }
        bool matched = false;
        for (const auto& [symbol, type] : kSymbols) {
            if (symbol == "}}" && m_curlyDepth > 0) continue;  // closes a dict literal
            if (!at(symbol)) continue;
            push(type, std::string(symbol), m_pos);
            if (type == TokenType::OpenExpression) m_curlyDepth = 0;
            if (type == TokenType::OpenCurly) ++m_curlyDepth;
            if (type == TokenType::CloseCurly) --m_curlyDepth;
            m_pos += symbol.size();
            matched = true;
            break;
        }
        if (matched) continue;
        if (c == '\'' || c == '"') {
            const size_t start = m_pos;
            HEARTH_ASSIGN_OR_RETURN(std::string value, stringLiteral(c));
            push(TokenType::String, std::move(value), start);
            continue;
        }
        if (isDigit(c)) {
            const size_t start = m_pos;
            std::string number = digits();
            if (lastType() != TokenType::Dot && peek() == '.' && isDigit(peek(1))) {
                ++m_pos;
                number += "." + digits();
            }
            push(TokenType::Number, std::move(number), start);
            continue;
        }
        if (isWord(c)) {
            const size_t start = m_pos;
            while (m_pos < src().size() && isWord(src()[m_pos])) ++m_pos;
            push(TokenType::Identifier, src().substr(start, m_pos - start), start);
            continue;
        }
        size_t length = 0;
        std::string character;
        appendUtf8(character, decodeUtf8(src(), m_pos, &length));
        return error("unexpected character '" + character + "'", m_pos);
    }
    return std::move(m_tokens);
}

}  // namespace

std::string sourcePosition(std::string_view source, uint32_t offset) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset && i < source.size(); ++i) {
        if (source[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

Result<std::vector<Token>> tokenize(std::string_view source) {
    if (source.size() > UINT32_MAX - 1) return Status::error("the template is too large");
    Lexer lexer(source, preprocess(source));
    return lexer.run();
}

}  // namespace hearth::tmpl

#include "tokenizer/token_text.h"

#include <array>

#include "formats/gguf.h"

namespace hearth::tokenizer {

namespace {

constexpr int kControlToken = 3;  // llama.cpp's LLAMA_TOKEN_TYPE_CONTROL

// GPT-2's bytes_to_unicode, inverted: code point -> byte, or -1 for a code point that spells
// no byte. Printable bytes spell themselves; the others were moved to 256 + k in byte order.
std::array<int, 512> byteForCodePoint() {
    std::array<int, 512> table;
    table.fill(-1);
    int next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
        table[printable ? b : next++] = b;
    }
    return table;
}

// Decodes one UTF-8 sequence of `s` at `i`; -1 when malformed.
int32_t nextCodePoint(const std::string& s, size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int length = c < 0x80         ? 1
                       : (c >> 5) == 6  ? 2
                       : (c >> 4) == 14 ? 3
                       : (c >> 3) == 30 ? 4
                                        : 0;
    if (length == 0 || i + length > s.size()) {
        ++i;
        return -1;
    }
    int32_t cp = length == 1 ? c : c & (0x7F >> length);
    for (int k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += length;
    return cp;
}

std::string byteLevelBytes(const std::string& token, const std::array<int, 512>& table) {
    std::string out;
    for (size_t i = 0; i < token.size();) {
        const int32_t cp = nextCodePoint(token, i);
        if (cp >= 0 && cp < 512 && table[cp] >= 0) out += static_cast<char>(table[cp]);
    }
    return out;
}

std::string sentencePieceBytes(const std::string& token) {
    // <0xNN> is a raw byte; U+2581 (e2 96 81) is a space.
    if (token.size() == 6 && token.rfind("<0x", 0) == 0 && token[5] == '>')
        return std::string(1, static_cast<char>(std::stoi(token.substr(3, 2), nullptr, 16)));
    std::string out;
    for (size_t i = 0; i < token.size(); ++i) {
        if (token.compare(i, 3, "\xE2\x96\x81") == 0) {
            out += ' ';
            i += 2;
        } else {
            out += token[i];
        }
    }
    return out;
}

}  // namespace

Result<TokenText> TokenText::fromGguf(const formats::GgufFile& file) {
    const formats::GgufValue* tokens = file.find("tokenizer.ggml.tokens");
    if (tokens == nullptr || tokens->type != formats::GgufType::Array ||
        tokens->elementType != formats::GgufType::String)
        return Status::error("the file has no vocabulary (tokenizer.ggml.tokens)");
    HEARTH_ASSIGN_OR_RETURN(const std::string model,
                            file.getStringOr("tokenizer.ggml.model", "gpt2"));
    const formats::GgufValue* types = file.find("tokenizer.ggml.token_type");
    const bool byteLevel = model == "gpt2";
    if (!byteLevel && model != "llama")
        return Status::error("tokenizer model '" + model + "' is not supported");
    const std::array<int, 512> table = byteForCodePoint();
    TokenText text;
    text.m_bytes.reserve(tokens->strings.size());
    for (size_t id = 0; id < tokens->strings.size(); ++id) {
        const std::string& token = tokens->strings[id];
        const bool control =
            types != nullptr && id < types->integers.size() && types->integers[id] == kControlToken;
        text.m_bytes.push_back(control     ? std::string()
                               : byteLevel ? byteLevelBytes(token, table)
                                           : sentencePieceBytes(token));
    }
    // Added tokens (role and think markers) are stored as plain text, not byte-level spelled.
    if (types != nullptr) {
        for (size_t id = 0; id < tokens->strings.size() && id < types->integers.size(); ++id)
            if (types->integers[id] == 4) text.m_bytes[id] = tokens->strings[id];
    }
    return text;
}

const std::string& TokenText::bytes(int32_t id) const {
    static const std::string empty;
    return id >= 0 && static_cast<size_t>(id) < m_bytes.size() ? m_bytes[id] : empty;
}

std::string Utf8Stream::push(const std::string& bytes) {
    m_pending += bytes;
    std::string out;
    size_t i = 0;
    while (i < m_pending.size()) {
        const auto c = static_cast<unsigned char>(m_pending[i]);
        const size_t length = c < 0x80         ? 1
                              : (c >> 5) == 6  ? 2
                              : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4
                                               : 0;
        if (length == 0) {  // a stray continuation byte or an invalid lead byte
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (i + length > m_pending.size()) break;  // incomplete: wait for more bytes
        bool valid = true;
        for (size_t k = 1; k < length; ++k)
            valid = valid && (static_cast<unsigned char>(m_pending[i + k]) >> 6) == 2;
        if (!valid) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        out.append(m_pending, i, length);
        i += length;
    }
    m_pending.erase(0, i);
    return out;
}

std::string Utf8Stream::flush() {
    std::string out = m_pending.empty() ? "" : "\xEF\xBF\xBD";
    m_pending.clear();
    return out;
}

}  // namespace hearth::tokenizer

#include "tokenizer/token_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "formats/gguf.h"
#include "formats/gguf_image.h"  // quoteForMessage
#include "formats/mapped_file.h"
#include "formats/strict_json.h"

namespace hearth::tokenizer {

namespace {

constexpr int kControlToken = 3;  // llama.cpp's LLAMA_TOKEN_TYPE_CONTROL
// Far above any real vocabulary (the largest are ~260k), low enough that a crafted id cannot
// make the table a memory bomb.
constexpr uint64_t kMaxTokenId = 1u << 24;
constexpr uint64_t kMaxTokenizerJsonBytes = 256ull << 20;

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
    if (token.size() == 6 && token.rfind("<0x", 0) == 0 && token[5] == '>' &&
        std::isxdigit(static_cast<unsigned char>(token[3])) &&
        std::isxdigit(static_cast<unsigned char>(token[4])))
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

// Whether a tokenizer.json component (decoder, pre-tokenizer) is of `type` or is a Sequence
// holding one.
bool hasComponent(const nlohmann::json& node, std::string_view type) {
    if (!node.is_object()) return false;
    const auto kind = node.find("type");
    if (kind == node.end() || !kind->is_string()) return false;
    if (*kind == type) return true;
    for (const char* list : {"decoders", "pretokenizers"}) {
        const auto parts = node.find(list);
        if (parts != node.end() && parts->is_array())
            for (const nlohmann::json& part : *parts)
                if (hasComponent(part, type)) return true;
    }
    return false;
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

Result<TokenText> TokenText::fromTokenizerJson(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<formats::MappedFile> file,
                            formats::MappedFile::open(path));
    if (file->size() > kMaxTokenizerJsonBytes)
        return Status::error(name + ": the file is too large");
    auto parsed = formats::parseStrictJson(
        std::string_view(reinterpret_cast<const char*>(file->data()), file->size()), 32);
    if (!parsed.ok()) return parsed.status().withContext(name);
    return fromTokenizerJson(parsed.value(), name);
}

Result<TokenText> TokenText::fromTokenizerJson(const nlohmann::json& json,
                                               const std::string& name) {
    using Json = nlohmann::json;
    auto fail = [&](const std::string& problem) { return Status::error(name + ": " + problem); };
    const auto model = json.is_object() ? json.find("model") : json.end();
    if (!json.is_object() || model == json.end() || !model->is_object())
        return fail("there is no tokenizer model");
    if (const auto type = model->find("type"); type != model->end() && *type != "BPE")
        return fail("tokenizer model " + formats::jsonTextForMessage(*type) +
                    " is not supported (Hearth reads BPE tokenizers)");
    const auto vocab = model->find("vocab");
    if (vocab == model->end() || !vocab->is_object()) return fail("model.vocab is missing");

    // Byte-level BPE (GPT-2's byte alphabet) or SentencePiece-style pieces (U+2581, <0xNN>).
    const Json decoder = json.contains("decoder") ? json["decoder"] : Json();
    const Json preTokenizer = json.contains("pre_tokenizer") ? json["pre_tokenizer"] : Json();
    const bool byteLevel =
        hasComponent(decoder, "ByteLevel") || hasComponent(preTokenizer, "ByteLevel");
    if (!byteLevel && !hasComponent(decoder, "ByteFallback") &&
        !hasComponent(decoder, "Metaspace") && !hasComponent(decoder, "Replace"))
        return fail("the decoder is neither byte-level nor SentencePiece-style");

    // Ids index the table: each must be a plausible size, and no two tokens may share one.
    auto idOf = [&](const Json& id, const std::string& token) -> Result<size_t> {
        const std::optional<uint64_t> n = formats::jsonSize(id);
        if (!n || *n >= kMaxTokenId)
            return fail("token " + formats::quoteForMessage(token) + " has id " +
                        formats::jsonTextForMessage(id) + ", not a usable token id");
        return static_cast<size_t>(*n);
    };
    const std::array<int, 512> table = byteForCodePoint();
    TokenText text;
    std::vector<bool> assigned;
    for (const auto& [token, id] : vocab->items()) {
        HEARTH_ASSIGN_OR_RETURN(const size_t i, idOf(id, token));
        if (i >= text.m_bytes.size()) {
            text.m_bytes.resize(i + 1);
            assigned.resize(i + 1);
        }
        if (assigned[i]) return fail("two tokens of model.vocab have id " + std::to_string(i));
        assigned[i] = true;
        text.m_bytes[i] = byteLevel ? byteLevelBytes(token, table) : sentencePieceBytes(token);
    }
    const auto added = json.find("added_tokens");
    if (added != json.end() && !added->is_array()) return fail("added_tokens is not a list");
    for (const Json& token : added != json.end() ? *added : Json::array()) {
        const auto content = token.is_object() ? token.find("content") : token.end();
        if (content == token.end() || !content->is_string() || !token.contains("id"))
            return fail("an entry of added_tokens has no content or id");
        const std::string piece = content->get<std::string>();
        HEARTH_ASSIGN_OR_RETURN(const size_t i, idOf(token["id"], piece));
        if (i >= text.m_bytes.size()) text.m_bytes.resize(i + 1);
        const bool special = token.contains("special") && token["special"] == true;
        text.m_bytes[i] = special ? std::string() : piece;
    }
    return text;
}

const std::string& TokenText::bytes(int32_t id) const {
    static const std::string empty;
    return id >= 0 && static_cast<size_t>(id) < m_bytes.size() ? m_bytes[id] : empty;
}

namespace {

// Length of the UTF-8 sequence a lead byte starts and the range its second byte must be in
// (which rules out overlong forms, surrogates and code points past U+10FFFF); 0 for a byte
// that cannot start one.
struct Utf8Lead {
    size_t length = 0;
    unsigned char secondLow = 0x80, secondHigh = 0xBF;
};

Utf8Lead utf8Lead(unsigned char c) {
    if (c < 0x80) return {1};
    if (c >= 0xC2 && c <= 0xDF) return {2};
    if (c == 0xE0) return {3, 0xA0, 0xBF};
    if (c == 0xED) return {3, 0x80, 0x9F};
    if (c >= 0xE1 && c <= 0xEF) return {3};
    if (c == 0xF0) return {4, 0x90, 0xBF};
    if (c >= 0xF1 && c <= 0xF3) return {4};
    if (c == 0xF4) return {4, 0x80, 0x8F};
    return {};
}

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

// Emits every complete, valid character of m_pending; an invalid byte becomes U+FFFD and the
// scan resumes at the next byte. An incomplete character at the end waits for more bytes, or
// with `final` becomes U+FFFD too.
std::string Utf8Stream::drain(bool final) {
    std::string out;
    size_t i = 0;
    while (i < m_pending.size()) {
        const Utf8Lead lead = utf8Lead(static_cast<unsigned char>(m_pending[i]));
        const size_t available = std::min(lead.length, m_pending.size() - i);
        bool valid = lead.length != 0;
        for (size_t k = 1; valid && k < available; ++k) {
            const auto c = static_cast<unsigned char>(m_pending[i + k]);
            valid = k == 1 ? c >= lead.secondLow && c <= lead.secondHigh : (c >> 6) == 2;
        }
        if (!valid || (available < lead.length && final)) {
            out += kReplacement;
            ++i;
            continue;
        }
        if (available < lead.length) break;  // wait for the rest of the character
        out.append(m_pending, i, lead.length);
        i += lead.length;
    }
    m_pending.erase(0, i);
    return out;
}

std::string Utf8Stream::push(const std::string& bytes) {
    m_pending += bytes;
    return drain(false);
}

std::string Utf8Stream::flush() {
    return drain(true);
}

}  // namespace hearth::tokenizer

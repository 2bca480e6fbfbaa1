#include "hearth/tokenizer.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "formats/gguf.h"
#include "formats/mapped_file.h"
#include "formats/strict_json.h"
#include "tokenizer/added_token_matcher.h"
#include "tokenizer/unicode_classes.h"
#include "tokenizer/vocabulary.h"

namespace hearth {

namespace {

constexpr size_t kMaxTextBytes = size_t{1} << 30;
constexpr uint64_t kMaxTokenizerJsonBytes = 256ull << 20;
const std::string kSpaceMark = "\xE2\x96\x81";  // U+2581, SentencePiece's space

Result<nlohmann::json> readJson(const std::filesystem::path& path) {
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<formats::MappedFile> file,
                            formats::MappedFile::open(path));
    if (file->size() > kMaxTokenizerJsonBytes)
        return Status::error(path.filename().string() + ": the file is too large");
    auto parsed = formats::parseStrictJson(
        std::string_view(reinterpret_cast<const char*>(file->data()), file->size()), 32);
    if (!parsed.ok()) return parsed.status().withContext(path.filename().string());
    return std::move(parsed).value();
}

// Per-call working memory, kept per thread so encoding allocates little.
struct EncodeScratch {
    std::vector<uint32_t> codePoints;
    std::vector<size_t> wordEnds;
    std::vector<int32_t> symbols;
    std::string word;
    tokenizer::MergeScratch merge;
};

// One word of a byte-level vocabulary: its bytes' tokens, merged.
Status encodeByteLevelWord(const tokenizer::Vocabulary& v, const std::string& word,
                           EncodeScratch& s, std::vector<int32_t>& out) {
    if (v.ignoreMerges || word.size() == 1) {
        if (const auto it = v.idOfBytes.find(word); it != v.idOfBytes.end()) {
            out.push_back(it->second);
            return Status();
        }
    }
    s.symbols.clear();
    for (const char c : word) {
        const int32_t token = v.byteToken[static_cast<unsigned char>(c)];
        // A byte-level vocabulary spells every byte; a damaged one may not.
        if (token < 0 && v.unknown < 0) {
            static constexpr char kHex[] = "0123456789ABCDEF";
            const auto b = static_cast<unsigned char>(c);
            return Status::error(std::string("the vocabulary has no token for byte 0x") +
                                 kHex[b >> 4] + kHex[b & 15]);
        }
        s.symbols.push_back(token >= 0 ? token : v.unknown);
    }
    tokenizer::mergeWord(v.merges, s.symbols, s.merge);
    out.insert(out.end(), s.symbols.begin(), s.symbols.end());
    return Status();
}

Status encodeByteLevel(const tokenizer::Vocabulary& v, std::string_view text, EncodeScratch& s,
                       std::vector<int32_t>& out) {
    std::string normalized;
    if (v.nfc) {
        normalized = tokenizer::normalizeNfc(text);
        text = normalized;
    }
    s.codePoints = tokenizer::decodeUtf8(text);
    s.wordEnds.clear();
    v.preTokenizer.split(s.codePoints.data(), s.codePoints.size(), s.wordEnds);
    size_t begin = 0;
    for (const size_t end : s.wordEnds) {
        s.word.clear();
        for (size_t i = begin; i < end; ++i) tokenizer::appendUtf8(s.word, s.codePoints[i]);
        HEARTH_RETURN_IF_ERROR(encodeByteLevelWord(v, s.word, s, out));
        begin = end;
    }
    return Status();
}

// A SentencePiece-style section: spaces become U+2581 (with one in front when the vocabulary
// asks), characters are merged by the merges' ranks or the tokens' scores, and a character
// with no token becomes its bytes' tokens.
void encodeSentencePiece(const tokenizer::Vocabulary& v, std::string_view text, bool prefix,
                         EncodeScratch& s, std::vector<int32_t>& out) {
    std::string escaped = prefix ? kSpaceMark : std::string();
    for (const char c : text) {
        if (c == ' ')
            escaped += kSpaceMark;
        else
            escaped += c;
    }
    s.codePoints = tokenizer::decodeUtf8(escaped);
    // Symbols: a character's token, or -(1 + index) for one with none (it never merges).
    s.symbols.clear();
    std::string character;
    for (size_t i = 0; i < s.codePoints.size(); ++i) {
        character.clear();
        tokenizer::appendUtf8(character, s.codePoints[i]);
        const auto it = v.idOfBytes.find(character);
        s.symbols.push_back(it != v.idOfBytes.end() ? it->second : -1 - static_cast<int32_t>(i));
    }
    tokenizer::mergeWord(v.merges, s.symbols, s.merge);
    for (const int32_t symbol : s.symbols) {
        if (symbol >= 0) {
            out.push_back(symbol);
            continue;
        }
        character.clear();
        tokenizer::appendUtf8(character, s.codePoints[static_cast<size_t>(-1 - symbol)]);
        bool allBytes = v.byteFallback;
        for (const char c : character)
            allBytes = allBytes && v.byteToken[static_cast<unsigned char>(c)] >= 0;
        if (allBytes) {
            for (const char c : character)
                out.push_back(v.byteToken[static_cast<unsigned char>(c)]);
        } else if (v.unknown >= 0) {
            out.push_back(v.unknown);
        }
    }
}

}  // namespace

Tokenizer::Tokenizer(std::shared_ptr<const tokenizer::Vocabulary> vocabulary)
    : m_vocabulary(std::move(vocabulary)) {}

Result<Tokenizer> Tokenizer::load(const std::filesystem::path& path) {
    std::error_code error;
    std::filesystem::path file = path;
    if (std::filesystem::is_directory(path, error)) file = path / "tokenizer.json";
    if (file.filename() == "tokenizer.json") {
        HEARTH_ASSIGN_OR_RETURN(const nlohmann::json json, readJson(file));
        const std::filesystem::path configPath = file.parent_path() / "tokenizer_config.json";
        nlohmann::json config;
        const bool hasConfig = std::filesystem::exists(configPath, error);
        if (hasConfig) {
            HEARTH_ASSIGN_OR_RETURN(config, readJson(configPath));
        }
        HEARTH_ASSIGN_OR_RETURN(tokenizer::Vocabulary v,
                                tokenizer::vocabularyFromTokenizerJson(
                                    json, hasConfig ? &config : nullptr, file.filename().string()));
        return Tokenizer(std::make_shared<const tokenizer::Vocabulary>(std::move(v)));
    }
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<formats::GgufFile> gguf, formats::GgufFile::open(path));
    auto v = tokenizer::vocabularyFromGguf(*gguf);
    if (!v.ok()) return v.status().withContext(path.filename().string());
    return Tokenizer(std::make_shared<const tokenizer::Vocabulary>(std::move(v).value()));
}

Result<std::vector<int32_t>> Tokenizer::encode(std::string_view text,
                                               const EncodeOptions& options) const {
    if (text.size() > kMaxTextBytes)
        return Status::error("the text is too long to tokenize (" + std::to_string(text.size()) +
                             " bytes; at most 1 GiB)");
    const tokenizer::Vocabulary& v = *m_vocabulary;
    thread_local EncodeScratch scratch;
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 2);
    if (options.addSpecial && v.addBos) out.push_back(v.bos);
    const std::vector<tokenizer::TextSection> sections =
        tokenizer::splitAtAddedTokens(v, text, options.parseSpecial);
    for (const tokenizer::TextSection& section : sections) {
        if (section.token >= 0) {
            out.push_back(section.token);
            continue;
        }
        if (section.text.empty()) continue;
        if (v.byteLevel) {
            HEARTH_RETURN_IF_ERROR(encodeByteLevel(v, section.text, scratch, out));
        } else {
            encodeSentencePiece(v, section.text, v.addSpacePrefix, scratch, out);
        }
    }
    if (options.addSpecial && v.addEos) out.push_back(v.eos);
    return out;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool renderSpecial) const {
    const tokenizer::Vocabulary& v = *m_vocabulary;
    std::string out;
    bool first = true;
    for (const int32_t id : ids) {
        if (id < 0 || static_cast<size_t>(id) >= v.bytes.size()) continue;
        if (v.types[id] == tokenizer::TokenType::Control && !renderSpecial) continue;
        const std::string& bytes = v.bytes[id];
        // SentencePiece: the space the encoder put in front of the text is not part of it.
        if (first && !v.byteLevel && v.addSpacePrefix &&
            v.types[id] != tokenizer::TokenType::Control && !bytes.empty() && bytes[0] == ' ')
            out.append(bytes, 1);
        else
            out += bytes;
        if (v.types[id] != tokenizer::TokenType::Control) first = false;
    }
    return out;
}

size_t Tokenizer::size() const {
    return m_vocabulary->bytes.size();
}

const std::string& Tokenizer::tokenBytes(int32_t id) const {
    static const std::string empty;
    return id >= 0 && static_cast<size_t>(id) < m_vocabulary->bytes.size() ? m_vocabulary->bytes[id]
                                                                           : empty;
}

bool Tokenizer::isControl(int32_t id) const {
    return id >= 0 && static_cast<size_t>(id) < m_vocabulary->types.size() &&
           m_vocabulary->types[id] == tokenizer::TokenType::Control;
}

int32_t Tokenizer::bos() const {
    return m_vocabulary->bos;
}

int32_t Tokenizer::eos() const {
    return m_vocabulary->eos;
}

}  // namespace hearth

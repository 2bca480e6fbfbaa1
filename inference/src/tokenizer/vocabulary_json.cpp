// The vocabulary of a Hugging Face tokenizer.json (with tokenizer_config.json beside it), read
// as Hugging Face's tokenizers read it.
#include <nlohmann/json.hpp>

#include "formats/gguf_image.h"  // quoteForMessage
#include "formats/strict_json.h"
#include "tokenizer/added_token_matcher.h"
#include "tokenizer/unicode_classes.h"
#include "tokenizer/vocabulary.h"

namespace hearth::tokenizer {

namespace {

using Json = nlohmann::json;

constexpr uint64_t kMaxTokenId = 1u << 24;

std::string typeOf(const Json& node) {
    if (!node.is_object()) return node.is_null() ? "null" : "?";
    const auto type = node.find("type");
    return type != node.end() && type->is_string() ? type->get<std::string>() : "?";
}

// The parts of a component that may be a Sequence of them.
std::vector<Json> partsOf(const Json& node, const char* listKey) {
    if (typeOf(node) != "Sequence") return node.is_null() ? std::vector<Json>() : std::vector{node};
    const auto list = node.find(listKey);
    if (list == node.end() || !list->is_array()) return {};
    return std::vector<Json>(list->begin(), list->end());
}

const Json* field(const Json& node, const char* key) {
    if (!node.is_object()) return nullptr;
    const auto it = node.find(key);
    return it == node.end() ? nullptr : &*it;
}

bool flag(const Json& node, const char* key) {
    const Json* value = field(node, key);
    return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::string stringField(const Json& node, const char* key) {
    const Json* value = field(node, key);
    return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

// A token named in tokenizer_config.json: a string, or an AddedToken object with "content".
std::string configToken(const Json* config, const char* key) {
    if (config == nullptr) return {};
    const Json* value = field(*config, key);
    if (value == nullptr) return {};
    if (value->is_string()) return value->get<std::string>();
    return stringField(*value, "content");
}

}  // namespace

Result<Vocabulary> vocabularyFromTokenizerJson(const Json& json, const Json* config,
                                               const std::string& name) {
    auto fail = [&](const std::string& problem) { return Status::error(name + ": " + problem); };
    const Json* model = field(json, "model");
    if (model == nullptr || !model->is_object()) return fail("there is no tokenizer model");
    if (typeOf(*model) != "BPE" && field(*model, "type") != nullptr)
        return fail("tokenizer model " + formats::quoteForMessage(typeOf(*model)) +
                    " is not supported (Hearth reads BPE tokenizers)");
    const Json* vocab = field(*model, "vocab");
    if (vocab == nullptr || !vocab->is_object()) return fail("model.vocab is missing");

    Vocabulary v;
    v.byteToken.fill(-1);
    const Json preTokenizer = json.value("pre_tokenizer", Json());
    const Json normalizer = json.value("normalizer", Json());
    const Json decoder = json.value("decoder", Json());

    // Normalizers: none, NFC, or SentencePiece's Prepend("▁") + Replace(" ", "▁").
    bool prepend = false, replaceSpaces = false;
    for (const Json& part : partsOf(normalizer, "normalizers")) {
        const std::string type = typeOf(part);
        if (type == "NFC") {
            v.nfc = true;
        } else if (type == "Prepend" && stringField(part, "prepend") == "\xE2\x96\x81") {
            prepend = true;
        } else if (type == "Replace" && field(part, "pattern") != nullptr &&
                   stringField(*field(part, "pattern"), "String") == " " &&
                   stringField(part, "content") == "\xE2\x96\x81") {
            replaceSpaces = true;
        } else {
            return fail("normalizer " + formats::quoteForMessage(type) + " is not supported");
        }
    }

    // Pre-tokenizers: Split patterns followed by ByteLevel, or ByteLevel alone (GPT-2's).
    std::vector<std::string> regexes;
    bool byteLevelPre = false, metaspace = false;
    for (const Json& part : partsOf(preTokenizer, "pretokenizers")) {
        const std::string type = typeOf(part);
        if (type == "Split" && field(part, "pattern") != nullptr &&
            stringField(part, "behavior") == "Isolated" && !flag(part, "invert")) {
            const std::string regex = stringField(*field(part, "pattern"), "Regex");
            if (regex.empty()) return fail("a Split pre-tokenizer has no regex");
            regexes.push_back(regex);
        } else if (type == "ByteLevel") {
            byteLevelPre = true;
            if (flag(part, "add_prefix_space"))
                return fail("ByteLevel with add_prefix_space is not supported");
            if (flag(part, "use_regex") && !regexes.empty())
                return fail("ByteLevel's own regex after Split patterns is not supported");
        } else if (type == "Metaspace") {
            metaspace = true;
            prepend = stringField(part, "prepend_scheme") != "never";
            replaceSpaces = true;
        } else {
            return fail("pre-tokenizer " + formats::quoteForMessage(type) + " is not supported");
        }
    }
    bool byteLevelDecoder = false, pieceDecoder = false;
    for (const Json& part : partsOf(decoder, "decoders")) {
        const std::string type = typeOf(part);
        if (type == "ByteLevel") byteLevelDecoder = true;
        if (type == "Replace" || type == "ByteFallback" || type == "Metaspace") pieceDecoder = true;
    }
    v.byteLevel = byteLevelPre || byteLevelDecoder;
    if (v.byteLevel) {
        const std::optional<SplitPattern> pattern = splitPatternForRegexes(regexes);
        if (!pattern)
            return fail("pre-tokenizer pattern " +
                        formats::quoteForMessage(regexes.empty() ? "" : regexes.back()) +
                        " is not one Hearth knows (GPT-2, Llama 3, Qwen2, DeepSeek-V3)");
        v.preTokenizer = {*pattern, kSpaceJs};
        v.addSpacePrefix = false;
    } else {
        if (!regexes.empty()) return fail("Split pre-tokenizers need ByteLevel");
        if (!replaceSpaces && !metaspace && !pieceDecoder)
            return fail("the tokenizer is neither byte-level nor SentencePiece-style");
        v.addSpacePrefix = prepend;
    }
    v.ignoreMerges = flag(*model, "ignore_merges");
    v.byteFallback = flag(*model, "byte_fallback");

    // Tokens: ids index the tables, so each must be plausible and used once.
    auto idOf = [&](const Json& id, const std::string& token) -> Result<int32_t> {
        const std::optional<uint64_t> n = formats::jsonSize(id);
        if (!n || *n >= kMaxTokenId)
            return fail("token " + formats::quoteForMessage(token) + " has id " +
                        formats::jsonTextForMessage(id) + ", not a usable token id");
        return static_cast<int32_t>(*n);
    };
    std::vector<bool> assigned;
    std::unordered_map<std::string, int32_t> idOfPiece;
    for (const auto& [piece, id] : vocab->items()) {
        HEARTH_ASSIGN_OR_RETURN(const int32_t i, idOf(id, piece));
        if (static_cast<size_t>(i) >= v.bytes.size()) {
            v.bytes.resize(i + 1);
            v.types.resize(i + 1, TokenType::Unused);
            assigned.resize(i + 1);
        }
        if (assigned[i]) return fail("two tokens of model.vocab have id " + std::to_string(i));
        assigned[i] = true;
        v.types[i] = TokenType::Normal;
        idOfPiece.emplace(piece, i);
        if (v.byteLevel) {
            const std::optional<std::string> bytes = byteLevelDecode(piece);
            v.bytes[i] = bytes ? *bytes : piece;
            if (bytes && bytes->size() == 1) {
                const auto b = static_cast<unsigned char>((*bytes)[0]);
                if (v.byteToken[b] < 0) v.byteToken[b] = i;
            }
            v.idOfBytes.emplace(v.bytes[i], i);
        } else {
            v.bytes[i] = sentencePieceDecode(piece);
            const bool byteToken = piece.size() == 6 && piece.compare(0, 3, "<0x") == 0;
            if (byteToken) {
                v.types[i] = TokenType::Byte;
                v.byteToken[static_cast<unsigned char>(v.bytes[i][0])] = i;
            }
            v.idOfBytes.emplace(piece, i);
        }
    }
    // Merges: "left right" strings or [left, right] pairs, ranked by their order.
    const Json* merges = field(*model, "merges");
    if (merges != nullptr && !merges->is_array()) return fail("model.merges is not a list");
    for (size_t rank = 0; merges != nullptr && rank < merges->size(); ++rank) {
        const Json& merge = (*merges)[rank];
        std::string left, right;
        if (merge.is_string()) {
            const std::string line = merge.get<std::string>();
            const size_t space = line.find(' ', 1);
            if (space == std::string::npos)
                return fail("merge " + formats::quoteForMessage(line) + " is not two tokens");
            left = line.substr(0, space);
            right = line.substr(space + 1);
        } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() &&
                   merge[1].is_string()) {
            left = merge[0].get<std::string>();
            right = merge[1].get<std::string>();
        } else {
            return fail("model.merges[" + std::to_string(rank) + "] is not a pair of tokens");
        }
        const auto l = idOfPiece.find(left);
        const auto r = idOfPiece.find(right);
        const auto m = idOfPiece.find(left + right);
        if (l == idOfPiece.end() || r == idOfPiece.end() || m == idOfPiece.end())
            return fail("merge " + formats::quoteForMessage(left + " " + right) +
                        " names a token that is not in the vocabulary");
        v.merges.insert(l->second, r->second, static_cast<float>(rank), m->second);
    }

    // Added tokens: matched whole before anything else; "special" ones only when asked.
    const Json* added = field(json, "added_tokens");
    if (added != nullptr && !added->is_array()) return fail("added_tokens is not a list");
    for (const Json& token : added != nullptr ? *added : Json::array()) {
        const std::string content = stringField(token, "content");
        const Json* id = field(token, "id");
        if (content.empty() || id == nullptr)
            return fail("an entry of added_tokens has no content or id");
        HEARTH_ASSIGN_OR_RETURN(const int32_t i, idOf(*id, content));
        if (static_cast<size_t>(i) >= v.bytes.size()) {
            v.bytes.resize(i + 1);
            v.types.resize(i + 1, TokenType::Unused);
        }
        const bool special = flag(token, "special");
        v.bytes[i] = content;
        v.types[i] = special ? TokenType::Control : TokenType::UserDefined;
        v.added.push_back({content, i, special, flag(token, "lstrip"), flag(token, "rstrip")});
    }
    auto idOfText = [&](const std::string& text) -> int32_t {
        if (text.empty()) return -1;
        for (const AddedToken& a : v.added)
            if (a.text == text) return a.id;
        const auto it = idOfPiece.find(text);
        return it == idOfPiece.end() ? -1 : it->second;
    };
    v.unknown = idOfText(stringField(*model, "unk_token"));

    // BOS/EOS: the post-processor's template ("single": specials around sequence A), which
    // tokenizer_config.json's add_bos_token/add_eos_token override, as transformers does.
    const Json postProcessor = json.value("post_processor", Json());
    for (const Json& part : partsOf(postProcessor, "processors")) {
        if (typeOf(part) != "TemplateProcessing") continue;
        const Json* single = field(part, "single");
        if (single == nullptr || !single->is_array()) continue;
        bool seenSequence = false;
        for (const Json& piece : *single) {
            if (field(piece, "Sequence") != nullptr) seenSequence = true;
            const Json* specialToken = field(piece, "SpecialToken");
            if (specialToken == nullptr) continue;
            const int32_t id = idOfText(stringField(*specialToken, "id"));
            if (id < 0) continue;
            if (!seenSequence) {
                v.bos = id;
                v.addBos = true;
            } else {
                v.eos = id;
                v.addEos = true;
            }
        }
    }
    if (const int32_t bos = idOfText(configToken(config, "bos_token")); bos >= 0) v.bos = bos;
    if (const int32_t eos = idOfText(configToken(config, "eos_token")); eos >= 0) v.eos = eos;
    if (config != nullptr) {
        if (const Json* add = field(*config, "add_bos_token"); add && add->is_boolean())
            v.addBos = add->get<bool>();
        if (const Json* add = field(*config, "add_eos_token"); add && add->is_boolean())
            v.addEos = add->get<bool>();
    }
    if (v.bos < 0) v.addBos = false;
    if (v.eos < 0) v.addEos = false;
    indexAddedTokens(v);
    return v;
}

}  // namespace hearth::tokenizer

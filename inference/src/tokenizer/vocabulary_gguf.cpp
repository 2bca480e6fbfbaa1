// The vocabulary of a GGUF file (tokenizer.ggml.*), read as llama.cpp reads it.
#include <algorithm>

#include "formats/gguf.h"
#include "formats/gguf_image.h"  // quoteForMessage
#include "tokenizer/added_token_matcher.h"
#include "tokenizer/unicode_classes.h"
#include "tokenizer/vocabulary.h"

namespace hearth::tokenizer {

namespace {

// Far above any real vocabulary (the largest are ~260k), low enough that a crafted file
// cannot make the tables a memory bomb.
constexpr size_t kMaxTokens = 1u << 24;

Result<std::optional<int32_t>> tokenIdKey(const formats::GgufFile& file, const char* key,
                                          size_t vocabSize) {
    if (file.find(key) == nullptr) return std::optional<int32_t>();
    HEARTH_ASSIGN_OR_RETURN(const uint64_t id, file.getUInt(key));
    if (id >= vocabSize)
        return Status::error(std::string(key) + " is " + std::to_string(id) +
                             ", outside the vocabulary of " + std::to_string(vocabSize) +
                             " tokens");
    return std::optional<int32_t>(static_cast<int32_t>(id));
}

// Byte-level merges: "left right" lines, ranked by their order.
Status readMerges(const formats::GgufFile& file, Vocabulary& v) {
    // No merges: every byte stays a token of its own (a byte vocabulary).
    const formats::GgufValue* merges = file.find("tokenizer.ggml.merges");
    if (merges == nullptr) return Status();
    if (merges->type != formats::GgufType::Array ||
        merges->elementType != formats::GgufType::String)
        return Status::error("tokenizer.ggml.merges is not a list of strings");
    std::unordered_map<std::string, int32_t> idOfPiece;
    // Merges name tokens as spelled in the byte alphabet; the tables hold bytes.
    for (size_t rank = 0; rank < merges->strings.size(); ++rank) {
        const std::string& line = merges->strings[rank];
        const size_t space = line.find(' ', 1);
        if (space == std::string::npos)
            return Status::error("tokenizer.ggml.merges[" + std::to_string(rank) + "] " +
                                 formats::quoteForMessage(line) + " is not two tokens");
        const std::optional<std::string> left = byteLevelDecode(line.substr(0, space));
        const std::optional<std::string> right = byteLevelDecode(line.substr(space + 1));
        if (!left || !right) continue;  // names a character outside the byte alphabet
        const auto l = v.idOfBytes.find(*left);
        const auto r = v.idOfBytes.find(*right);
        const auto m = v.idOfBytes.find(*left + *right);
        // llama.cpp ignores merges whose tokens are missing; so do we.
        if (l == v.idOfBytes.end() || r == v.idOfBytes.end() || m == v.idOfBytes.end()) continue;
        v.merges.insert(l->second, r->second, static_cast<float>(rank), m->second);
    }
    return Status();
}

// SentencePiece: every split of a token into two tokens is a merge, ranked by the token's score.
void sentencePieceMerges(const std::vector<double>& scores, Vocabulary& v) {
    for (size_t id = 0; id < v.bytes.size(); ++id) {
        if (v.types[id] != TokenType::Normal && v.types[id] != TokenType::UserDefined) continue;
        const std::string& text = v.bytes[id];
        for (size_t cut = 1; cut < text.size(); ++cut) {
            if ((static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) continue;  // mid-character
            const auto l = v.idOfBytes.find(text.substr(0, cut));
            const auto r = v.idOfBytes.find(text.substr(cut));
            if (l == v.idOfBytes.end() || r == v.idOfBytes.end()) continue;
            const double score = id < scores.size() ? scores[id] : 0.0;
            v.merges.insert(l->second, r->second, static_cast<float>(-score),
                            static_cast<int32_t>(id));
        }
    }
}

}  // namespace

Result<Vocabulary> vocabularyFromGguf(const formats::GgufFile& file) {
    const formats::GgufValue* tokens = file.find("tokenizer.ggml.tokens");
    if (tokens == nullptr || tokens->type != formats::GgufType::Array ||
        tokens->elementType != formats::GgufType::String || tokens->strings.empty())
        return Status::error("the file has no vocabulary (tokenizer.ggml.tokens)");
    const size_t n = tokens->strings.size();
    if (n > kMaxTokens) return Status::error("the vocabulary has too many tokens");
    HEARTH_ASSIGN_OR_RETURN(const std::string model,
                            file.getStringOr("tokenizer.ggml.model", "gpt2"));
    Vocabulary v;
    if (model == "llama") {
        v.byteLevel = false;
    } else if (model != "gpt2") {
        return Status::error("tokenizer model " + formats::quoteForMessage(model) +
                             " is not supported (Hearth reads \"gpt2\" byte-level BPE and "
                             "\"llama\" SentencePiece vocabularies)");
    }

    const formats::GgufValue* types = file.find("tokenizer.ggml.token_type");
    if (types != nullptr &&
        (types->type != formats::GgufType::Array || types->integers.size() != n))
        return Status::error("tokenizer.ggml.token_type does not have one entry per token");
    const formats::GgufValue* scores = file.find("tokenizer.ggml.scores");
    if (scores != nullptr &&
        (scores->type != formats::GgufType::Array || scores->numbers.size() != n))
        return Status::error("tokenizer.ggml.scores does not have one entry per token");

    v.bytes.resize(n);
    v.types.resize(n, TokenType::Normal);
    v.byteToken.fill(-1);
    for (size_t id = 0; id < n; ++id) {
        const std::string& piece = tokens->strings[id];
        if (types != nullptr) {
            const int64_t t = types->integers[id];
            v.types[id] = t >= 1 && t <= 6 ? static_cast<TokenType>(t) : TokenType::Normal;
        }
        const TokenType type = v.types[id];
        const auto i = static_cast<int32_t>(id);
        if (type == TokenType::Control || type == TokenType::UserDefined ||
            type == TokenType::Unknown) {
            // Matched whole in the text, as written; user-defined ones even when special
            // tokens are not parsed (llama.cpp's rule).
            v.bytes[id] = piece;
            if (!piece.empty())
                v.added.push_back({piece, i, type != TokenType::UserDefined, false, false});
            continue;
        }
        if (v.byteLevel) {
            std::optional<std::string> bytes = byteLevelDecode(piece);
            v.bytes[id] = bytes ? *bytes : piece;
        } else {
            v.bytes[id] = sentencePieceDecode(piece);
        }
        if (type == TokenType::Byte || (v.byteLevel && v.bytes[id].size() == 1)) {
            const auto b = static_cast<unsigned char>(v.bytes[id][0]);
            if (v.byteToken[b] < 0) v.byteToken[b] = i;
            if (type == TokenType::Byte) continue;
        }
        if (type == TokenType::Unused) continue;
        // SentencePiece pieces are looked up by their text with spaces as U+2581.
        v.idOfBytes.emplace(v.byteLevel ? v.bytes[id] : piece, i);
    }
    if (!v.byteLevel) {
        // Merges work on pieces as written (U+2581); keep their text there too.
        for (size_t id = 0; id < n; ++id)
            if (v.types[id] == TokenType::Normal || v.types[id] == TokenType::UserDefined)
                v.bytes[id] = tokens->strings[id];
        sentencePieceMerges(scores != nullptr ? scores->numbers : std::vector<double>(), v);
        for (size_t id = 0; id < n; ++id)
            if (v.types[id] == TokenType::Normal) v.bytes[id] = sentencePieceDecode(v.bytes[id]);
    } else {
        HEARTH_RETURN_IF_ERROR(readMerges(file, v));
        HEARTH_ASSIGN_OR_RETURN(const std::string pre,
                                file.getStringOr("tokenizer.ggml.pre", "default"));
        const std::optional<SplitPattern> pattern = splitPatternForGgufName(pre);
        if (!pattern)
            return Status::error("pre-tokenizer " + formats::quoteForMessage(pre) +
                                 " (tokenizer.ggml.pre) is not supported; Hearth knows "
                                 "default, gpt-2, llama-bpe, qwen2, deepseek-r1-qwen and "
                                 "deepseek-v3");
        v.preTokenizer = {*pattern, kSpaceUnicode};
        v.ignoreMerges = *pattern == SplitPattern::Llama3;
    }

    HEARTH_ASSIGN_OR_RETURN(const auto bos, tokenIdKey(file, "tokenizer.ggml.bos_token_id", n));
    HEARTH_ASSIGN_OR_RETURN(const auto eos, tokenIdKey(file, "tokenizer.ggml.eos_token_id", n));
    HEARTH_ASSIGN_OR_RETURN(const auto unk, tokenIdKey(file, "tokenizer.ggml.unknown_token_id", n));
    v.bos = bos.value_or(-1);
    v.eos = eos.value_or(-1);
    v.unknown = unk.value_or(-1);
    auto flag = [&](const char* key, bool fallback) -> Result<bool> {
        return file.find(key) == nullptr ? Result<bool>(fallback) : file.getBool(key);
    };
    HEARTH_ASSIGN_OR_RETURN(v.addBos, flag("tokenizer.ggml.add_bos_token", !v.byteLevel));
    HEARTH_ASSIGN_OR_RETURN(v.addEos, flag("tokenizer.ggml.add_eos_token", false));
    HEARTH_ASSIGN_OR_RETURN(v.addSpacePrefix,
                            flag("tokenizer.ggml.add_space_prefix", !v.byteLevel));
    if (v.addBos && v.bos < 0) v.addBos = false;
    if (v.addEos && v.eos < 0) v.addEos = false;
    indexAddedTokens(v);
    return v;
}

}  // namespace hearth::tokenizer

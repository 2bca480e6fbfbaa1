// Everything a tokenizer needs, read from a GGUF file's tokenizer.ggml.* metadata or from a
// Hugging Face tokenizer.json: the tokens, how words are cut and merged, and the added tokens
// that are matched whole before any of that.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "hearth/status.h"
#include "tokenizer/merges.h"
#include "tokenizer/pre_tokenizer.h"

namespace hearth::formats {
class GgufFile;
}

namespace hearth::tokenizer {

// llama.cpp's token types, as GGUF's tokenizer.ggml.token_type stores them.
enum class TokenType : uint8_t {
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
};

struct AddedToken {
    std::string text;
    int32_t id = -1;
    bool special = false;  // matched only when special tokens are parsed
    bool lstrip = false;   // swallows the whitespace before it (Hugging Face)
    bool rstrip = false;   // ... and after it
};

struct Vocabulary {
    // Byte-level BPE (GPT-2's byte alphabet: Qwen, Llama 3, DeepSeek) or SentencePiece-style
    // BPE (U+2581 for spaces, <0xNN> byte tokens: Llama 2, Mistral).
    bool byteLevel = true;

    std::vector<std::string> bytes;  // what each token stands for (added tokens: their text)
    std::vector<TokenType> types;
    std::unordered_map<std::string, int32_t> idOfBytes;  // normal tokens by their bytes
    MergeTable merges;
    std::vector<AddedToken> added;
    // Indexes into `added` by first byte, longest first (built by indexAddedTokens).
    std::array<std::vector<uint32_t>, 256> addedByFirstByte;

    // Byte-level: how words are cut (SentencePiece vocabularies have no pre-tokenizer).
    PreTokenizer preTokenizer;
    bool nfc = false;           // normalize each text section to NFC first (Qwen's tokenizer.json)
    bool ignoreMerges = false;  // a word that is itself a token skips the merges (Llama 3)
    // SentencePiece: a space before each text section; unknown characters become byte tokens.
    bool addSpacePrefix = true;
    bool byteFallback = true;

    std::array<int32_t, 256> byteToken{};  // the token of each byte, -1 where there is none
    int32_t bos = -1;
    int32_t eos = -1;
    int32_t unknown = -1;
    bool addBos = false;
    bool addEos = false;
};

Result<Vocabulary> vocabularyFromGguf(const formats::GgufFile& file);

// `config` is tokenizer_config.json when there is one (add_bos_token, add_eos_token); `name`
// starts error messages.
Result<Vocabulary> vocabularyFromTokenizerJson(const nlohmann::json& tokenizer,
                                               const nlohmann::json* config,
                                               const std::string& name);

// GPT-2's bytes_to_unicode: the code point that spells each byte in byte-level vocabularies.
const std::array<uint32_t, 256>& byteLevelCodePoints();
// The bytes a byte-level token spells; nullopt when a character is not in the byte alphabet.
std::optional<std::string> byteLevelDecode(const std::string& piece);
// The bytes a SentencePiece piece stands for (U+2581 is a space, <0xNN> a raw byte).
std::string sentencePieceDecode(const std::string& piece);

}  // namespace hearth::tokenizer

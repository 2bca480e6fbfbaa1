// The bytes each token of a vocabulary (a GGUF file's, or a Hugging Face tokenizer.json's)
// stands for, for showing generated text.
//
// Byte-level BPE vocabularies ("gpt2": Qwen2, Llama 3, DeepSeek) spell every byte as one
// printable character (GPT-2's bytes_to_unicode table); SentencePiece ones ("llama") write
// spaces as U+2581 and raw bytes as <0xNN>. Control tokens stand for no text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "hearth/status.h"

namespace hearth::formats {
class GgufFile;
}

namespace hearth::tokenizer {

class TokenText {
public:
    static Result<TokenText> fromGguf(const formats::GgufFile& file);
    // model.vocab and added_tokens of a BPE tokenizer.json; added special tokens stand for no
    // text, other added tokens for their content as written.
    static Result<TokenText> fromTokenizerJson(const std::filesystem::path& path);
    // The same from a tokenizer.json already parsed; `name` starts the error messages.
    static Result<TokenText> fromTokenizerJson(const nlohmann::json& json, const std::string& name);

    size_t size() const { return m_bytes.size(); }
    // Empty for control tokens and ids outside the vocabulary.
    const std::string& bytes(int32_t id) const;

private:
    std::vector<std::string> m_bytes;
};

// Holds back the bytes of an incomplete UTF-8 character until its last byte arrives, so every
// piece handed on is valid UTF-8 (a byte that can never start or continue one becomes U+FFFD).
class Utf8Stream {
public:
    std::string push(const std::string& bytes);
    std::string flush();  // what is held back at the end (an unfinished character as U+FFFD)

private:
    std::string drain(bool final);
    std::string m_pending;
};

}  // namespace hearth::tokenizer

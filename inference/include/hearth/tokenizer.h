// Text to token ids and back, exactly as the model's own tokenizer does it: byte-level BPE
// (Qwen, Llama 3, DeepSeek) or SentencePiece-style BPE (Llama 2, Mistral), from a GGUF file's
// metadata (tokenized as llama.cpp does) or a Hugging Face tokenizer.json (as Hugging Face does).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/status.h"

namespace hearth {

namespace tokenizer {
struct Vocabulary;
}

struct EncodeOptions {
    bool addSpecial = true;    // BOS/EOS where the vocabulary asks for them
    bool parseSpecial = true;  // control tokens written in the text become those tokens
};

class Tokenizer {
public:
    // A GGUF file, a Hugging Face directory, or its tokenizer.json.
    static Result<Tokenizer> load(const std::filesystem::path& path);
    explicit Tokenizer(std::shared_ptr<const tokenizer::Vocabulary> vocabulary);

    // Fails on text over 1 GiB, or on a byte a damaged vocabulary has no token for. Malformed
    // UTF-8 is encoded as U+FFFD, as llama.cpp does.
    Result<std::vector<int32_t>> encode(std::string_view text,
                                        const EncodeOptions& options = {}) const;
    // The text of `ids`; control tokens are written out only with `renderSpecial`. May end
    // inside a UTF-8 character when the ids do (use a tokenizer::Utf8Stream to stream).
    std::string decode(const std::vector<int32_t>& ids, bool renderSpecial = false) const;

    size_t size() const;
    // The bytes token `id` stands for (control tokens: their text); empty outside the vocabulary.
    const std::string& tokenBytes(int32_t id) const;
    bool isControl(int32_t id) const;
    int32_t bos() const;  // -1 when the vocabulary has none
    int32_t eos() const;

private:
    std::shared_ptr<const tokenizer::Vocabulary> m_vocabulary;
};

}  // namespace hearth

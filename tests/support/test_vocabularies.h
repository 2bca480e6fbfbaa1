// The real vocabularies the tokenizer is checked on, each as a Hugging Face tokenizer folder
// (tokenizer.json + tokenizer_config.json, for Hugging Face's tokenizer) and the name llama.cpp
// gives its pre-tokenizer (for a GGUF file carrying it). They come from the npm reference
// packages; R1-Distill-Qwen's is Qwen's with DeepSeek's added tokens (REFERENCES.md §1).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hearth::testing {

struct ReferenceVocabulary {
    std::string name;                    // "qwen2", "r1-distill-qwen", "llama3", ...
    std::filesystem::path tokenizerDir;  // holds tokenizer.json and tokenizer_config.json
    std::string ggufPreTokenizer;        // tokenizer.ggml.pre ("" for SentencePiece)
    std::string architecture;            // of a test model carrying it: "qwen2" or "llama"
};

// Token texts llama.cpp turns into control tokens whatever the vocabulary says (its
// end-of-generation, end-of-turn and fill-in-the-middle spellings, matched by text when it loads a
// vocabulary). Qwen's byte-level vocabulary has "</s>" as an ordinary token (id 128247), so
// llama.cpp reads "</s>" in a prompt as that one token where Hugging Face, and Hearth, spell it
// "</" "s" ">". Hearth keeps the vocabulary's own types; the parity test writes these tokens as
// control tokens so that both sides read the same vocabulary.
const std::vector<std::string>& llamaCppControlTexts();

// The names referenceVocabulary knows.
std::vector<std::string> referenceVocabularyNames();

// Nullopt when the npm reference packages are not installed (HEARTH_REFERENCE_MODULES).
// Vocabularies that must be assembled are written under `scratch`.
std::optional<ReferenceVocabulary> referenceVocabulary(const std::string& name,
                                                       const std::filesystem::path& scratch);

}  // namespace hearth::testing

// A tokenizer.json's vocabulary as GGUF stores it (tokenizer.ggml.tokens, token_type, merges,
// scores): what a GGUF written from a Hugging Face checkpoint carries.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hearth/status.h"

namespace hearth::tokenizer {

// tokenizer.ggml.token_type values, as llama.cpp defines them.
enum GgufTokenType : int32_t {
    kGgufNormalToken = 1,
    kGgufUnknownToken = 2,
    kGgufControlToken = 3,
    kGgufUserDefinedToken = 4,
    kGgufUnusedToken = 5,
    kGgufByteToken = 6,
};

struct GgufTokenList {
    std::vector<std::string> tokens;  // by id; holes become "[PADi]", unused
    std::vector<int32_t> types;       // added tokens: control if special, else user-defined
    std::vector<std::string> merges;  // "a b", byte-level BPE only
    // SentencePiece-style (Llama 2): GGUF's "llama" tokenizer model, which ranks merges by
    // token scores instead of a merges list.
    bool sentencePiece = false;
    std::vector<float> scores;
};

Result<GgufTokenList> readGgufTokenList(const std::filesystem::path& tokenizerJson);

}  // namespace hearth::tokenizer

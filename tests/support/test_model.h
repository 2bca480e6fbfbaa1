// Seeded random-weight models in GGUF, written by the engine's own GGUF writer, for tests and
// benchmarks. The vocabulary is a real one (a Hugging Face tokenizer.json from the npm
// reference packages), so llama.cpp loads the same file; the weights are random, scaled so that
// the output distributions are sharp enough to compare top-1 choices.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hearth/status.h"
#include "quant/tensor_type.h"

namespace hearth::testing {

struct TestModelSpec {
    std::string architecture = "qwen2";  // "qwen2" (QKV bias, NeoX rope) or "llama"
    uint32_t layers = 2;
    uint32_t hidden = 256;
    uint32_t heads = 4;
    uint32_t kvHeads = 2;
    uint32_t ffn = 512;
    uint32_t context = 4096;
    TensorType weightType = TensorType::Q8_0;  // every matrix but the output
    TensorType outputType = TensorType::Q8_0;
    bool llama3RopeScaling = false;  // a rope_freqs tensor, as Llama 3.1 / R1-Llama have
    bool tiedOutput = false;
    uint32_t seed = 1;
    // tokenizer.json whose vocabulary the model carries; tokenizer.ggml.pre names its
    // pre-tokenizer for llama.cpp ("qwen2", "llama-bpe"). Empty: 256 byte tokens and an
    // end-of-text token (id 256), for tests that need no real vocabulary.
    std::filesystem::path tokenizerJson;
    std::string preTokenizer = "qwen2";
    uint32_t vocabRows = 0;  // 0: the vocabulary's size (padded with unused tokens otherwise)
    std::string name = "hearth-test";
    int32_t eosToken = -1;  // overrides the vocabulary's end-of-text id
    // Normal tokens of the vocabulary written as control tokens (see llamaCppControlTexts).
    std::vector<std::string> controlTexts;
    std::string chatTemplate;  // tokenizer.chat_template; empty: none
    // Written as a split set of two files, as llama.cpp's gguf-split does: the path given must
    // then end in "-00001-of-00002.gguf"; the last tensors go to "-00002-of-00002.gguf".
    bool splitInTwo = false;
};

// The tokenizer.json of one of the npm reference packages ("qwen3", "llama3_1",
// "deepseek_v3"), under HEARTH_REFERENCE_MODULES; empty when they are not installed.
std::filesystem::path referenceTokenizer(const std::string& package);

// Gives `spec` the real vocabulary of its architecture's family: Llama 3.1's for llama, Qwen's
// (padded to 151936 rows, as the distills' embedding tables are) for qwen2. False when the npm
// reference packages are not installed.
bool useFamilyVocabulary(TestModelSpec& spec);

Status writeTestModel(const std::filesystem::path& path, const TestModelSpec& spec);

}  // namespace hearth::testing

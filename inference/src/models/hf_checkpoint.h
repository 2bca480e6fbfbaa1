// A Hugging Face checkpoint directory (config.json, tokenizer.json, *.safetensors) read as a
// model: the hyperparameters from config.json, the tensors renamed to GGUF's names so the same
// forward pass and uploader take them, and what the tokenizer files say about special tokens
// and the chat template.
//
// Supported: LlamaForCausalLM and Qwen2ForCausalLM with F32, F16 or BF16 weights, in one
// safetensors file or sharded with model.safetensors.index.json. Pickle checkpoints
// (pytorch_model.bin, *.pt, *.pth, *.ckpt) are refused with the reason: loading one can run
// arbitrary code.
//
// Two conventions differ from GGUF and are converted here: safetensors shapes are outermost
// first (GGUF dims innermost first), and Llama's Q and K rows are in Hugging Face's order, which
// rotates halves of each head (NeoX style) where llama.cpp's conversion permutes them for
// interleaved pairs. So both architectures load with RopeStyle::NeoX.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hearth/status.h"
#include "models/model_config.h"
#include "models/tensor_source.h"

namespace hearth::formats {
class SafetensorsSet;
}
namespace hearth::tokenizer {
struct Vocabulary;
}

namespace hearth::models {

// generation_config.json's sampling advice, where it gives any.
struct HfGenerationDefaults {
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<uint64_t> topK;
};

// What the tokenizer and generation files say.
struct HfTokenizerFiles {
    std::filesystem::path tokenizerJson;
    std::shared_ptr<const tokenizer::Vocabulary> vocabulary;  // tokenizer.json's
    // tokenizer_config.json's chat_template (or chat_template.jinja); empty when neither.
    std::string chatTemplate;
    int32_t bosToken = -1;  // -1 when the model has none
    // Every end-of-sequence id config.json, generation_config.json and tokenizer_config.json
    // name, tokenizer_config.json's eos_token first where it names one.
    std::vector<int32_t> eosTokens;
    bool addBos = false;
    HfGenerationDefaults generation;
};

class HfCheckpoint {
public:
    static Result<std::unique_ptr<HfCheckpoint>> open(const std::filesystem::path& directory);
    ~HfCheckpoint();
    HfCheckpoint(const HfCheckpoint&) = delete;
    HfCheckpoint& operator=(const HfCheckpoint&) = delete;

    const ModelConfig& config() const { return m_config; }
    // The weights by their GGUF names, views into the mapped files (plus rope_freqs.weight for
    // llama3 rope scaling, computed from config.json and held here).
    const TensorSource& tensors() const { return *m_tensors; }

    const HfTokenizerFiles& tokenizer() const { return m_tokenizer; }

private:
    HfCheckpoint() = default;
    friend class HfCheckpointReader;

    std::unique_ptr<formats::SafetensorsSet> m_files;
    std::vector<float> m_ropeFreqs;  // backs rope_freqs.weight
    std::unique_ptr<TensorList> m_tensors;
    ModelConfig m_config;
    HfTokenizerFiles m_tokenizer;
};

}  // namespace hearth::models

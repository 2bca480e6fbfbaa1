// The hyperparameters of a Llama-family transformer (Llama, Qwen2 and the DeepSeek R1 distills
// built on them), read from a GGUF file's metadata and checked for what the kernels can run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hearth/status.h"
#include "ops/rope.h"

namespace hearth::formats {
class GgufFile;
}

namespace hearth::models {

class TensorSource;

struct ModelConfig {
    std::string architecture;  // "llama" or "qwen2"
    std::string name;          // general.name, or empty
    uint32_t nLayers = 0;
    uint32_t hidden = 0;  // embedding length
    uint32_t nHeads = 0;
    uint32_t nKvHeads = 0;
    uint32_t headDim = 0;
    uint32_t ffn = 0;    // feed-forward (SwiGLU) width
    uint32_t vocab = 0;  // rows of the embedding table
    uint32_t contextTrained = 0;
    float rmsEps = 1e-5f;
    ops::RopeParams rope;
    bool ropeFreqFactors = false;  // a rope_freqs tensor divides theta per pair (llama3)
    bool qkvBias = false;          // Qwen2
    bool tiedOutput = false;       // no output.weight: the embedding table is reused

    uint32_t qDim() const { return nHeads * headDim; }
    uint32_t kvDim() const { return nKvHeads * headDim; }
};

// Reads and validates the hyperparameters: a missing key, a zero or inconsistent size, or an
// architecture other than llama and qwen2 is an error that names it.
Result<ModelConfig> readModelConfig(const formats::GgufFile& file, const TensorSource& tensors);

// Fills in what only the tensors tell (the vocabulary's padded size, a tied output, QKV biases,
// rope frequency factors) and checks the embedding's shape. Both loaders end with it.
Status completeConfigFromTensors(ModelConfig& config, const TensorSource& tensors);

// The tensor names of one layer, as GGUF spells them ("blk.3.attn_q.weight").
std::string layerTensorName(uint32_t layer, const char* suffix);

}  // namespace hearth::models

// The ground truth for the Llama family (Llama, Qwen2, the R1 distills): a plain scalar forward
// pass, read top to bottom like llama2.c's. Weights are dequantized exactly (bit-identical to
// ggml's dequantize_row_*); activations are f32 with every dot product and norm accumulated in
// double; the KV cache keeps full precision. The Vulkan path is checked against this.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "hearth/status.h"
#include "models/model_config.h"
#include "models/tensor_source.h"

namespace hearth::reference {

class LlamaReference {
public:
    static Result<LlamaReference> create(const models::ModelConfig& config,
                                         const models::TensorSource& tensors);

    const models::ModelConfig& config() const { return m_config; }

    // Teacher-forced: the logits after each of `tokens` ([tokens.size()][vocab]), from an
    // empty context.
    std::vector<std::vector<float>> forward(std::span<const int32_t> tokens) const;

private:
    struct Matrix {
        std::vector<float> values;  // [rows, cols], row-major
        uint32_t rows = 0, cols = 0;
    };
    struct Layer {
        std::vector<float> attnNorm;    // (hidden)
        Matrix wq, wk, wv;              // (qDim | kvDim, hidden)
        std::vector<float> bq, bk, bv;  // (qDim | kvDim), Qwen2 only
        Matrix wo;                      // (hidden, qDim)
        std::vector<float> ffnNorm;     // (hidden)
        Matrix wGate, wUp;              // (ffn, hidden)
        Matrix wDown;                   // (hidden, ffn)
    };

    static Result<Matrix> matrix(const models::TensorSource& file, const std::string& name);
    static Result<std::vector<float>> vector(const models::TensorSource& file,
                                             const std::string& name);
    // out = W x, accumulated in double.
    static void matvec(const Matrix& w, const float* x, float* out);

    models::ModelConfig m_config;
    Matrix m_embedding;  // (vocab, hidden)
    std::vector<Layer> m_layers;
    std::vector<float> m_outputNorm;  // (hidden)
    Matrix m_output;                  // (vocab, hidden)
    std::vector<float> m_ropeFreqs;   // (nRot / 2) or empty
};

}  // namespace hearth::reference

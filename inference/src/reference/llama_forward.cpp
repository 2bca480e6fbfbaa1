#include "reference/llama_forward.h"

#include <algorithm>
#include <cmath>

#include "reference/activation.h"
#include "reference/dequantize.h"
#include "reference/normalization.h"
#include "reference/rope.h"

namespace hearth::reference {

using models::layerTensorName;

// ----------------------------------------------------------------------------------------------
// Weights

Result<LlamaReference::Matrix> LlamaReference::matrix(const models::TensorSource& file,
                                                      const std::string& name) {
    const models::TensorView* t = file.tensor(name);
    if (t == nullptr) return Status::error("tensor '" + name + "' is missing");
    Matrix m;
    m.cols = static_cast<uint32_t>(t->dims[0]);
    m.rows = static_cast<uint32_t>(t->elements / m.cols);
    m.values.resize(t->elements);
    const uint64_t rowBytes = t->bytes / m.rows;
    for (uint32_t r = 0; r < m.rows; ++r)
        dequantizeRow(t->type, t->data + r * rowBytes, m.values.data() + size_t{r} * m.cols,
                      m.cols);
    return m;
}

Result<std::vector<float>> LlamaReference::vector(const models::TensorSource& file,
                                                  const std::string& name) {
    HEARTH_ASSIGN_OR_RETURN(Matrix m, matrix(file, name));
    return std::move(m.values);
}

Result<LlamaReference> LlamaReference::create(const models::ModelConfig& config,
                                              const models::TensorSource& file) {
    LlamaReference r;
    r.m_config = config;
    const models::ModelConfig& c = r.m_config;
    HEARTH_ASSIGN_OR_RETURN(r.m_embedding, matrix(file, "token_embd.weight"));
    r.m_layers.resize(c.nLayers);
    for (uint32_t i = 0; i < c.nLayers; ++i) {
        Layer& l = r.m_layers[i];
        HEARTH_ASSIGN_OR_RETURN(l.attnNorm, vector(file, layerTensorName(i, "attn_norm.weight")));
        HEARTH_ASSIGN_OR_RETURN(l.wq, matrix(file, layerTensorName(i, "attn_q.weight")));
        HEARTH_ASSIGN_OR_RETURN(l.wk, matrix(file, layerTensorName(i, "attn_k.weight")));
        HEARTH_ASSIGN_OR_RETURN(l.wv, matrix(file, layerTensorName(i, "attn_v.weight")));
        if (c.qkvBias) {
            HEARTH_ASSIGN_OR_RETURN(l.bq, vector(file, layerTensorName(i, "attn_q.bias")));
            HEARTH_ASSIGN_OR_RETURN(l.bk, vector(file, layerTensorName(i, "attn_k.bias")));
            HEARTH_ASSIGN_OR_RETURN(l.bv, vector(file, layerTensorName(i, "attn_v.bias")));
        }
        HEARTH_ASSIGN_OR_RETURN(l.wo, matrix(file, layerTensorName(i, "attn_output.weight")));
        HEARTH_ASSIGN_OR_RETURN(l.ffnNorm, vector(file, layerTensorName(i, "ffn_norm.weight")));
        HEARTH_ASSIGN_OR_RETURN(l.wGate, matrix(file, layerTensorName(i, "ffn_gate.weight")));
        HEARTH_ASSIGN_OR_RETURN(l.wUp, matrix(file, layerTensorName(i, "ffn_up.weight")));
        HEARTH_ASSIGN_OR_RETURN(l.wDown, matrix(file, layerTensorName(i, "ffn_down.weight")));
    }
    HEARTH_ASSIGN_OR_RETURN(r.m_outputNorm, vector(file, "output_norm.weight"));
    if (c.tiedOutput) {
        r.m_output = r.m_embedding;
    } else {
        HEARTH_ASSIGN_OR_RETURN(r.m_output, matrix(file, "output.weight"));
    }
    if (c.ropeFreqFactors) {
        HEARTH_ASSIGN_OR_RETURN(r.m_ropeFreqs, vector(file, "rope_freqs.weight"));
    }
    return r;
}

void LlamaReference::matvec(const Matrix& w, const float* x, float* out) {
    for (uint32_t r = 0; r < w.rows; ++r) {
        const float* row = w.values.data() + size_t{r} * w.cols;
        double sum = 0;
        // Vectorized (-fopenmp-simd): the order of additions changes, the double precision
        // of every product and sum does not.
#pragma omp simd reduction(+ : sum)
        for (uint32_t i = 0; i < w.cols; ++i) sum += static_cast<double>(row[i]) * x[i];
        out[r] = static_cast<float>(sum);
    }
}

// ----------------------------------------------------------------------------------------------
// Forward pass

std::vector<std::vector<float>> LlamaReference::forward(std::span<const int32_t> tokens) const {
    const models::ModelConfig& c = m_config;
    const size_t n = tokens.size(), group = c.nHeads / c.nKvHeads;
    std::vector<float> x(c.hidden), h(c.hidden), q(c.qDim()), k(c.kvDim()), v(c.kvDim());
    std::vector<float> attn(c.qDim()), proj(c.hidden), gate(c.ffn), up(c.ffn), act(c.ffn);
    std::vector<std::vector<float>> keys(c.nLayers), values(c.nLayers);  // (layer, pos, kvDim)
    std::vector<std::vector<float>> logits(n, std::vector<float>(c.vocab));
    const double scale = 1.0 / std::sqrt(static_cast<double>(c.headDim));
    const float* freqs = m_ropeFreqs.empty() ? nullptr : m_ropeFreqs.data();

    for (size_t pos = 0; pos < n; ++pos) {
        const int32_t position = static_cast<int32_t>(pos);
        std::copy_n(m_embedding.values.data() + size_t(tokens[pos]) * c.hidden, c.hidden, x.data());
        for (uint32_t li = 0; li < c.nLayers; ++li) {
            const Layer& l = m_layers[li];
            // Attention: q, k, v (+ bias), rotate, append k and v to the cache.
            rmsNorm(x.data(), l.attnNorm.data(), h.data(), 1, c.hidden, c.rmsEps);
            matvec(l.wq, h.data(), q.data());
            matvec(l.wk, h.data(), k.data());
            matvec(l.wv, h.data(), v.data());
            for (size_t i = 0; i < l.bq.size(); ++i) q[i] += l.bq[i];
            for (size_t i = 0; i < l.bk.size(); ++i) k[i] += l.bk[i];
            for (size_t i = 0; i < l.bv.size(); ++i) v[i] += l.bv[i];
            rope(q.data(), &position, freqs, q.data(), 1, c.nHeads, c.headDim, c.rope);
            rope(k.data(), &position, freqs, k.data(), 1, c.nKvHeads, c.headDim, c.rope);
            keys[li].insert(keys[li].end(), k.begin(), k.end());
            values[li].insert(values[li].end(), v.begin(), v.end());
            // Causal softmax attention of each head over positions 0 .. pos of its KV head.
            for (uint32_t head = 0; head < c.nHeads; ++head) {
                const size_t kvOffset = (head / group) * c.headDim;
                const float* qh = q.data() + size_t{head} * c.headDim;
                std::vector<double> scores(pos + 1);
                double maxScore = -INFINITY;
                for (size_t j = 0; j <= pos; ++j) {
                    const float* kj = keys[li].data() + j * c.kvDim() + kvOffset;
                    double dot = 0;
                    for (uint32_t d = 0; d < c.headDim; ++d) dot += double(qh[d]) * kj[d];
                    scores[j] = dot * scale;
                    maxScore = std::max(maxScore, scores[j]);
                }
                double sum = 0;
                for (double& s : scores) sum += (s = std::exp(s - maxScore));
                for (uint32_t d = 0; d < c.headDim; ++d) {
                    double out = 0;
                    for (size_t j = 0; j <= pos; ++j)
                        out += scores[j] * values[li][j * c.kvDim() + kvOffset + d];
                    attn[size_t{head} * c.headDim + d] = static_cast<float>(out / sum);
                }
            }
            matvec(l.wo, attn.data(), proj.data());
            for (uint32_t i = 0; i < c.hidden; ++i) x[i] += proj[i];
            // Feed-forward: SwiGLU.
            rmsNorm(x.data(), l.ffnNorm.data(), h.data(), 1, c.hidden, c.rmsEps);
            matvec(l.wGate, h.data(), gate.data());
            matvec(l.wUp, h.data(), up.data());
            swiglu(gate.data(), up.data(), act.data(), c.ffn);
            matvec(l.wDown, act.data(), proj.data());
            for (uint32_t i = 0; i < c.hidden; ++i) x[i] += proj[i];
        }
        rmsNorm(x.data(), m_outputNorm.data(), h.data(), 1, c.hidden, c.rmsEps);
        matvec(m_output, h.data(), logits[pos].data());
    }
    return logits;
}

}  // namespace hearth::reference

// The forward pass of a Llama-family transformer (Llama, Qwen2, the R1 distills), recorded as
// Vulkan dispatches. One readable pass per step:
//
//   x = embed(ids)
//   for each layer:
//     h = rms_norm(x) * attn_norm
//     q, k, v = h Wq (+ bq), h Wk (+ bk), h Wv (+ bv);  rope(q), rope(k);  cache <- k, v
//     x += attention(q, cache) Wo
//     h = rms_norm(x) * ffn_norm
//     x += (silu(h Wgate) * (h Wup)) Wdown
//   logits = (rms_norm(x) * output_norm) Wout
//
// Prefill records `nTokens` rows at once (matrix-matrix products); decode records one token
// whose id and position are read from buffers when it runs, so one recording serves every
// step.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>

#include "hearth/status.h"
#include "models/kv_cache.h"
#include "models/model_config.h"
#include "models/model_weights.h"
#include "ops/op_context.h"

namespace hearth::models {

// Which logits a step produces.
enum class LogitsFor {
    LastToken,  // [vocab]: generation
    AllTokens,  // [nTokens, vocab]: scoring
};

class ForwardPass {
public:
    // Scratch for batches of up to `maxBatch` tokens over `cache`, with logits for up to
    // `maxLogitRows` positions at once.
    static Result<std::unique_ptr<ForwardPass>> create(vk::Device& device,
                                                       const ModelConfig& config,
                                                       const ModelWeights& weights,
                                                       const KvCache& cache, uint32_t maxBatch,
                                                       uint32_t maxLogitRows);

    uint32_t maxBatch() const { return m_maxBatch; }
    uint32_t maxLogitRows() const { return m_maxLogitRows; }

    // Host-visible inputs: token ids (uint32) and their positions (int32), maxBatch of each.
    uint32_t* ids() const { return static_cast<uint32_t*>(m_ids.mapped()); }
    int32_t* positions() const { return static_cast<int32_t*>(m_positions.mapped()); }
    // Host-visible output: maxLogitRows rows of vocab f32.
    const float* logits() const { return static_cast<const float*>(m_logits.mapped()); }

    // Records the step for tokens ids[0 .. nTokens) at positions pos0 .. pos0 + nTokens - 1.
    Status recordPrefill(ops::OpContext& ctx, uint32_t nTokens, uint32_t pos0, LogitsFor logits);
    // Records one token: ids[0] at position positions[0], both read when the stream runs.
    Status recordDecode(ops::OpContext& ctx);

    uint64_t scratchBytes() const { return m_scratchBytes; }

private:
    ForwardPass(const ModelConfig& config, const ModelWeights& weights, const KvCache& cache)
        : m_config(config), m_weights(weights), m_cache(cache) {}
    Result<vk::BufferRange> allocate(vk::Device& device, uint64_t bytes, vk::MemoryUse use);
    Status record(ops::OpContext& ctx, uint32_t nTokens, uint32_t pos0, LogitsFor logits,
                  bool decode);

    const ModelConfig& m_config;
    const ModelWeights& m_weights;
    const KvCache& m_cache;
    uint32_t m_maxBatch = 0;
    uint32_t m_maxLogitRows = 0;
    uint64_t m_scratchBytes = 0;
    std::deque<vk::Buffer> m_buffers;

    vk::Buffer m_ids, m_positions, m_logits;  // host-visible
    // Activations, [maxBatch, width] f32 each.
    vk::BufferRange m_x;     // the residual stream [hidden]
    vk::BufferRange m_h;     // normed input of a block [hidden]
    vk::BufferRange m_q;     // [qDim]
    vk::BufferRange m_k;     // [kvDim]
    vk::BufferRange m_v;     // [kvDim]
    vk::BufferRange m_attn;  // attention output [qDim]
    vk::BufferRange m_proj;  // output of Wo and Wdown [hidden]
    vk::BufferRange m_gate;  // [ffn]
    vk::BufferRange m_up;    // [ffn]
    vk::BufferRange m_act;   // silu(gate) * up [ffn]
    vk::BufferRange m_attentionScratch;
};

}  // namespace hearth::models

// Causal attention of new query tokens over the KV cache, with grouped-query heads.
//
// q and out are f32 [nTokens, nHeads, headDim]; the K and V caches use one KvCacheLayout
// (ops/kv_write.h) and must already hold positions 0 .. pos0 + nTokens - 1. Query token t sits
// at position pos0 + t and attends to positions 0 .. pos0 + t; head h reads KV head
// h / (nHeads / nKvHeads). Softmax is computed online (flash style): no score matrix is stored.
// With a `positionBuffer`, pos0 is read from its first int32 when the command runs (a recorded
// decode step replays at every position): params.pos0 is then ignored, and the kernels bind
// the whole cache and split it as if it were full.
// On CPU devices long contexts are split along the sequence: each part's partial softmax goes
// to a scratch buffer and a second kernel combines them (attentionScratchBytes says how much).
#pragma once

#include <cstdint>

#include "hearth/status.h"
#include "ops/kv_write.h"
#include "ops/op_context.h"

namespace hearth::ops {

struct AttentionParams {
    uint32_t nTokens = 0;
    uint32_t nHeads = 0;  // query heads, a multiple of the cache's nKvHeads
    uint32_t pos0 = 0;    // position of the first query token
    float scale = 0;      // applied to q.k, usually 1 / sqrt(headDim)
};

// Mirrors the push-constant block of shaders/attention.comp.
struct AttentionPush {
    uint32_t nTokens;
    uint32_t nHeads;
    uint32_t nKvHeads;
    uint32_t headDim;
    uint32_t pos0;
    float scale;
    uint32_t splitSize;  // positions per part when split along the sequence, 0 when not
    uint32_t nSplits;
};
static_assert(sizeof(AttentionPush) == 32);

// Mirrors the push-constant block of shaders/attention_combine.comp.
struct AttentionCombinePush {
    uint32_t outputs;  // nTokens * nHeads * headDim
    uint32_t headDim;
    uint32_t nSplits;
};
static_assert(sizeof(AttentionCombinePush) == 12);

// Bytes of scratch `attention` needs for these shapes on this device; 0 when it runs in one
// pass. The scratch may be reused once the command stream has run.
// `positionFromBuffer`: as `attention` will be called (see there).
uint64_t attentionScratchBytes(const vk::Device& device, const KvCacheLayout& layout,
                               const AttentionParams& params, bool positionFromBuffer = false);

Status attention(OpContext& ctx, const KvCacheLayout& layout, const AttentionParams& params,
                 vk::BufferRange q, vk::BufferRange kCache, vk::BufferRange vCache,
                 vk::BufferRange out, vk::BufferRange scratch = {},
                 vk::BufferRange positionBuffer = {});

}  // namespace hearth::ops

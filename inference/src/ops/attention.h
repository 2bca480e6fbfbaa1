// Causal attention of new query tokens over the KV cache, with grouped-query heads.
//
// q and out are f32 [nTokens, nHeads, headDim]; the K and V caches use one KvCacheLayout
// (ops/kv_write.h) and must already hold positions 0 .. pos0 + nTokens - 1. Query token t sits
// at position pos0 + t and attends to positions 0 .. pos0 + t; head h reads KV head
// h / (nHeads / nKvHeads). Softmax is computed online (flash style): no score matrix is stored.
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
};
static_assert(sizeof(AttentionPush) == 24);

Status attention(OpContext& ctx, const KvCacheLayout& layout, const AttentionParams& params,
                 vk::BufferRange q, vk::BufferRange kCache, vk::BufferRange vCache,
                 vk::BufferRange out);

}  // namespace hearth::ops

// Plain scalar references for the KV cache write and causal attention (ops/kv_write.h,
// ops/attention.h document the layouts). Attention is computed in double over the dequantized
// cache, with the score row materialized: the simplest form to trust.
#pragma once

#include <cstdint>
#include <span>

#include "ops/kv_write.h"

namespace hearth::reference {

// Stores rows (f32 [nTokens, nKvHeads, headDim]) into cache (layout.bufferBytes() bytes) at
// positions pos0 .. pos0 + nTokens - 1, quantizing each head's vector with quantizeRow.
void kvWrite(const ops::KvCacheLayout& layout, const float* rows, uint8_t* cache, uint32_t pos0,
             uint32_t nTokens);

// out[t, h, :] = softmax_j(scale * q[t, h, :] . k[j, kvh, :]) v[j, kvh, :] over j <= pos0 + t.
void attention(const ops::KvCacheLayout& layout, std::span<const float> q,
               std::span<const uint8_t> kCache, std::span<const uint8_t> vCache, float* out,
               uint32_t nTokens, uint32_t nHeads, uint32_t pos0, float scale);

}  // namespace hearth::reference

// The KV cache and the op that fills it.
//
// A layer's K (or V) cache is one buffer laid out [capacity, nKvHeads, headDim]: the rows of one
// position follow each other, heads inside a row. Values are stored as
//   F16:  IEEE halves, two per 32-bit word (headDim must be even);
//   Q8_0: ggml Q8_0 blocks of 32 values (34 bytes) along headDim (headDim % 32 == 0), so a
//         head's vector is headDim / 32 whole blocks, byte-identical to quantizeRow(Q8_0).
// kvWrite converts f32 rows [nTokens, nKvHeads, headDim] and stores them at positions
// pos0 .. pos0 + nTokens - 1; attention (ops/attention.h) reads the same layout.
#pragma once

#include <cstdint>

#include "hearth/status.h"
#include "ops/op_context.h"
#include "quant/tensor_type.h"

namespace hearth::ops {

struct KvCacheLayout {
    TensorType type = TensorType::F16;  // F16 or Q8_0
    uint32_t capacity = 0;              // positions
    uint32_t nKvHeads = 0;
    uint32_t headDim = 0;

    // Bytes of one position (all heads).
    uint64_t rowBytes() const;
    // Bytes the cache buffer needs: capacity rows, rounded up to a whole 32-bit word because
    // the kernels address the cache as uint[] (a Q8_0 cache may end mid-word).
    uint64_t bufferBytes() const;
    // An error saying what is wrong when the layout is one the kernels cannot handle.
    Status validate() const;
};

// Mirrors the push-constant block of shaders/kv_write.comp.
struct KvWritePush {
    uint32_t units;             // invocations that do work: value pairs (F16) or blocks (Q8_0)
    uint32_t firstUnit;         // index of the first unit written, counted from the cache's start
    uint32_t unitsPerPosition;  // units of one position (all heads)
    uint32_t capacityUnits;     // units the cache holds: the kernel writes nothing past them
};
static_assert(sizeof(KvWritePush) == 16);

// Stores `rows` (f32 [nTokens, nKvHeads, headDim]) into `cache` at positions pos0 ..
// pos0 + nTokens - 1. cache.size must be at least layout.bufferBytes().
// With a `positionBuffer`, pos0 is instead read from its first int32 when the command runs
// (a recorded decode step replays at every position); `pos0` is then ignored and positions
// past the cache's capacity are not written.
Status kvWrite(OpContext& ctx, const KvCacheLayout& layout, vk::BufferRange rows,
               vk::BufferRange cache, uint32_t pos0, uint32_t nTokens,
               vk::BufferRange positionBuffer = {});

}  // namespace hearth::ops

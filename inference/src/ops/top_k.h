// The k most likely tokens of each row of logits, for top-k / top-p sampling.
//
// logits f32 [rows, n]; out is uint32 [rows, 2k]: row r holds the k indices at words
// [r*2k, r*2k + k) and their k values (f32 bits) at [r*2k + k, r*2k + 2k). Entries are sorted by
// value, largest first, ties by lower index; NaN is never picked, and slots past the row's
// number of non-NaN values hold index 0xFFFFFFFF and value -inf.
#pragma once

#include <cstdint>

#include "hearth/status.h"
#include "ops/op_context.h"

namespace hearth::ops {

inline constexpr uint32_t kTopKMax = 64;  // kMaxK in shaders/top_k.comp

// Mirrors the push-constant block of shaders/top_k.comp.
struct TopKPush {
    uint32_t rows;
    uint32_t n;
    uint32_t k;
};
static_assert(sizeof(TopKPush) == 12);

Status topK(OpContext& ctx, vk::BufferRange logits, vk::BufferRange out, uint32_t rows, uint32_t n,
            uint32_t k);

}  // namespace hearth::ops

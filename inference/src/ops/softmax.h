// Row-wise softmax with a scale: out[r, :] = softmax(x[r, :] * scale) over `rows` rows of `n`
// f32 values (x, out: [rows, n]), e.g. attention scores or a vocabulary's logits (n = 152064).
// A row of only -inf is written as zeros rather than NaN.
#pragma once

#include <cstdint>

#include "hearth/status.h"
#include "ops/op_context.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/softmax.comp.
struct SoftmaxPush {
    uint32_t rows;
    uint32_t n;
    float scale;
};
static_assert(sizeof(SoftmaxPush) == 12);

// Refuses an empty shape, a scale that is not positive and finite (0 * -inf would be NaN, and
// a negative scale would turn masked entries into the maximum), and ranges too small.
Status softmax(OpContext& ctx, vk::BufferRange x, vk::BufferRange out, uint32_t rows, uint32_t n,
               float scale);

}  // namespace hearth::ops

// RMS normalization fused with the norm weight:
//   out[r, :] = x[r, :] / sqrt(mean(x[r, :]^2) + eps) * weight[:]
// over `rows` rows of `n` f32 values (x, out: [rows, n]; weight: [n]).
#pragma once

#include <cstdint>

#include "hearth/status.h"
#include "ops/op_context.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/rms_norm.comp.
struct RmsNormPush {
    uint32_t rows;
    uint32_t n;
    float eps;
};
static_assert(sizeof(RmsNormPush) == 12);

// Refuses an empty shape, a negative or non-finite eps, and ranges too small for the shape.
Status rmsNorm(OpContext& ctx, vk::BufferRange x, vk::BufferRange weight, vk::BufferRange out,
               uint32_t rows, uint32_t n, float eps);

}  // namespace hearth::ops

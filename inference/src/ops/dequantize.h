// Dequantizes a whole tensor to f32 (tests, conversions, and types without a fused kernel).
#pragma once

#include "hearth/status.h"
#include "ops/op_context.h"
#include "ops/weight_layout.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/dequantize.comp.
struct DequantizePush {
    uint32_t nChunks;
};
static_assert(sizeof(DequantizePush) == 4);

// out: rows * cols f32 values.
Status dequantize(OpContext& ctx, const WeightView& weights, vk::BufferRange out);

}  // namespace hearth::ops

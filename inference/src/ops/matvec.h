// y = W x: the decode product, fused with dequantization, for every supported weight type.
// Weights larger than one storage binding are bound in row ranges.
#pragma once

#include "hearth/status.h"
#include "ops/op_context.h"
#include "ops/weight_layout.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/matvec.comp.
struct MatvecPush {
    uint32_t chunksPerRow;
    uint32_t rows;
    uint32_t rowBytes;
    uint32_t yOffset;
};
static_assert(sizeof(MatvecPush) == 16);

// x: weights.cols f32; y: weights.rows f32.
Status matvec(OpContext& ctx, const WeightView& weights, vk::BufferRange x, vk::BufferRange y);

}  // namespace hearth::ops

// C = A W^T: the prefill product of M activation rows (f32, K values each) with the N rows of a
// weight matrix of any supported type, C being M x N f32. Large W, A or C are bound in ranges.
#pragma once

#include "hearth/status.h"
#include "ops/op_context.h"
#include "ops/weight_layout.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/matmul.comp.
struct MatmulPush {
    uint32_t M;
    uint32_t N;
    uint32_t chunksPerRow;
    uint32_t rowBytes;
    uint32_t ldc;
    uint32_t cOffset;
};
static_assert(sizeof(MatmulPush) == 24);

Status matmul(OpContext& ctx, const WeightView& weights, vk::BufferRange a, uint32_t m,
              vk::BufferRange c);

}  // namespace hearth::ops

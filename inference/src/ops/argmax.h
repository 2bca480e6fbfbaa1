// Greedy sampling: the index of the largest logit of each row.
// logits f32 [rows, n] -> out uint32 [rows]. Ties go to the lowest index, NaN never wins, and a
// row without a non-NaN value gives 0xFFFFFFFF.
#pragma once

#include <cstdint>

#include "hearth/status.h"
#include "ops/op_context.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/argmax.comp.
struct ArgmaxPush {
    uint32_t rows;
    uint32_t n;
};
static_assert(sizeof(ArgmaxPush) == 8);

Status argmax(OpContext& ctx, vk::BufferRange logits, vk::BufferRange out, uint32_t rows,
              uint32_t n);

}  // namespace hearth::ops

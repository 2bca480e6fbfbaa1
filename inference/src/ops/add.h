// out[i] = a[i] + b[i % bLength]: residual add (bLength == n) and bias add (bLength = row).
#pragma once

#include "hearth/status.h"
#include "ops/op_context.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/add.comp.
struct AddPush {
    uint32_t n;
    uint32_t bLength;
};
static_assert(sizeof(AddPush) == 8);

Status add(OpContext& ctx, vk::BufferRange a, vk::BufferRange b, vk::BufferRange out, uint32_t n,
           uint32_t bLength);

}  // namespace hearth::ops

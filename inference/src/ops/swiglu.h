// The gated activation of the feed-forward block: out[i] = silu(gate[i]) * up[i] over n f32
// values, silu(g) = g / (1 + exp(-g)). gate and up are separate ranges, possibly two parts of
// one buffer (a fused gate-up projection).
#pragma once

#include <cstdint>

#include "hearth/status.h"
#include "ops/op_context.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/swiglu.comp.
struct SwigluPush {
    uint32_t n;
};
static_assert(sizeof(SwigluPush) == 4);

// Refuses n == 0 and ranges holding fewer than n values.
Status swiglu(OpContext& ctx, vk::BufferRange gate, vk::BufferRange up, vk::BufferRange out,
              uint32_t n);

}  // namespace hearth::ops

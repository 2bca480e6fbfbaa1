#version 450
#extension GL_GOOGLE_include_directive : require
// out[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)): the gated activation of the
// feed-forward block. gate and up are separate bindings so they may be two projections' outputs
// or two halves of one fused gate-up output.
// Push constants mirror SwigluPush in inference/src/ops/swiglu.h.
#include "elementwise.glsl"

layout(push_constant) uniform Push {
    uint n;
} p;

layout(binding = 0) readonly buffer Gate { float gate[]; };
layout(binding = 1) readonly buffer Up { float up[]; };
layout(binding = 2) writeonly buffer Out { float outValues[]; };

void main() {
    const uint i = flatIndex();
    if (i >= p.n) return;
    const float g = gate[i];
    // For g very negative exp(-g) overflows to +inf and g / inf is -0: the correct limit.
    outValues[i] = g / (1.0 + exp(-g)) * up[i];
}

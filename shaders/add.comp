#version 450
#extension GL_GOOGLE_include_directive : require
// out[i] = a[i] + b[i % bLength]: the residual add (bLength = n) and the bias add (bLength = row).
// Push constants mirror AddPush in inference/src/ops/add.h.
#include "elementwise.glsl"

layout(push_constant) uniform Push {
    uint n;
    uint bLength;
} p;

layout(binding = 0) readonly buffer A { float a[]; };
layout(binding = 1) readonly buffer B { float b[]; };
layout(binding = 2) writeonly buffer Out { float outValues[]; };

void main() {
    const uint i = flatIndex();
    if (i >= p.n) return;
    outValues[i] = a[i] + b[i % p.bLength];
}

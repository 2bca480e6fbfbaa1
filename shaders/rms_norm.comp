#version 450
#extension GL_GOOGLE_include_directive : require
// out[r, :] = x[r, :] / sqrt(mean(x[r, :]^2) + eps) * weight[:], one workgroup per row: the norm
// and the multiply by the norm weight fused, so the normalized row never goes back to memory.
// Push constants mirror RmsNormPush in inference/src/ops/rms_norm.h.
#include "row_reduce.glsl"

layout(push_constant) uniform Push {
    uint rows;
    uint n;
    float eps;
} p;

layout(binding = 0) readonly buffer X { float x[]; };
layout(binding = 1) readonly buffer Weight { float weight[]; };
layout(binding = 2) writeonly buffer Out { float outValues[]; };

void main() {
    const uint row = rowIndex();
    if (row >= p.rows) return;  // uniform per workgroup, so no barrier is skipped by some only
    const uint base = row * p.n;
    float sumSquares = 0.0;
    for (uint i = gl_LocalInvocationID.x; i < p.n; i += GROUP_SIZE) {
        const float v = x[base + i];
        sumSquares += v * v;
    }
    sumSquares = groupSum(sumSquares);
    // 1/sqrt rather than inversesqrt: the latter may be a low-precision estimate on some devices.
    const float scale = 1.0 / sqrt(sumSquares / float(p.n) + p.eps);
    for (uint i = gl_LocalInvocationID.x; i < p.n; i += GROUP_SIZE) {
        outValues[base + i] = x[base + i] * scale * weight[i];
    }
}

#version 450
#extension GL_GOOGLE_include_directive : require
// out[r, :] = softmax(x[r, :] * scale), one workgroup per row, in three passes over the row
// (maximum, sum of exponentials, write) so rows as long as a vocabulary (152064) need no more
// shared memory than one float per invocation. Subtracting the maximum keeps exp() finite.
// A row whose every entry is -inf (fully masked) has no maximum to subtract; it is written as
// all zeros (no probability mass anywhere) instead of NaN.
// Push constants mirror SoftmaxPush in inference/src/ops/softmax.h.
#include "row_reduce.glsl"

layout(push_constant) uniform Push {
    uint rows;
    uint n;
    float scale;
} p;

layout(binding = 0) readonly buffer X { float x[]; };
layout(binding = 1) writeonly buffer Out { float outValues[]; };

void main() {
    const uint row = rowIndex();
    if (row >= p.rows) return;  // uniform per workgroup, so no barrier is skipped by some only
    const uint base = row * p.n;
    const float negInf = uintBitsToFloat(0xff800000u);

    float rowMax = negInf;
    for (uint i = gl_LocalInvocationID.x; i < p.n; i += GROUP_SIZE) {
        rowMax = max(rowMax, x[base + i] * p.scale);
    }
    rowMax = groupMax(rowMax);
    if (rowMax == negInf) {
        for (uint i = gl_LocalInvocationID.x; i < p.n; i += GROUP_SIZE) outValues[base + i] = 0.0;
        return;
    }

    float sum = 0.0;
    for (uint i = gl_LocalInvocationID.x; i < p.n; i += GROUP_SIZE) {
        sum += exp(x[base + i] * p.scale - rowMax);
    }
    sum = groupSum(sum);
    const float invSum = 1.0 / sum;  // sum >= 1: the maximum contributes exp(0)
    for (uint i = gl_LocalInvocationID.x; i < p.n; i += GROUP_SIZE) {
        outValues[base + i] = exp(x[base + i] * p.scale - rowMax) * invSum;
    }
}

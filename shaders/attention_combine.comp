#version 450
#extension GL_GOOGLE_include_directive : require
// Joins the parts of an attention split along the sequence (the CPU kernel of attention.comp
// writes one record per (token, head, part): headDim unnormalized outputs, the part's running
// max m and sum l). Output value d of (token, head) is
//   sum_s acc_s[d] e^(m_s - M) / sum_s l_s e^(m_s - M),  M = max_s m_s.
// Push constants mirror AttentionCombinePush in inference/src/ops/attention.h.
#include "elementwise.glsl"

layout(push_constant) uniform Push {
    uint outputs;  // nTokens * nHeads * headDim
    uint headDim;
    uint nSplits;
} p;

layout(binding = 0) readonly buffer Parts { float parts[]; };
layout(binding = 1) writeonly buffer Out { float outValues[]; };

void main() {
    const uint i = flatIndex();
    if (i >= p.outputs) return;
    const uint tokenHead = i / p.headDim, d = i % p.headDim;
    const uint stride = p.headDim + 2u, first = tokenHead * p.nSplits * stride;
    float maxScore = -1.0e30;
    for (uint s = 0u; s < p.nSplits; ++s) {
        const uint record = first + s * stride;
        if (parts[record + p.headDim + 1u] > 0.0) maxScore = max(maxScore, parts[record + p.headDim]);
    }
    float sum = 0.0, value = 0.0;
    for (uint s = 0u; s < p.nSplits; ++s) {
        const uint record = first + s * stride;
        const float l = parts[record + p.headDim + 1u];
        if (l <= 0.0) continue;  // a part past this token's positions
        const float w = exp(parts[record + p.headDim] - maxScore);
        sum += l * w;
        value += parts[record + d] * w;
    }
    outValues[i] = value / sum;
}

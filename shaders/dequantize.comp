#version 450
#extension GL_GOOGLE_include_directive : require
// out[8i .. 8i+8) = the values of chunk i of a run of blocks, as f32.
// Push constants mirror DequantizePush in inference/src/ops/dequantize.h.
#include "elementwise.glsl"

layout(push_constant) uniform Push {
    uint nChunks;
} p;

layout(binding = 0) readonly buffer Blocks { uint blocks[]; };
layout(binding = 1) writeonly buffer Out { vec4 outValues[]; };

#define BYTES blocks
#include "quant.glsl"

void main() {
    const uint i = flatIndex();
    if (i >= p.nChunks) return;
    vec4 lo, hi;
    dequant8((i / CHUNKS) * BLOCK_BYTES, i % CHUNKS, lo, hi);
    outValues[2u * i] = lo;
    outValues[2u * i + 1u] = hi;
}

#version 450
#extension GL_GOOGLE_include_directive : require
// Embedding lookup: out[t, :] = dequantize(table[ids[t], :]). A table larger than one storage
// binding is bound in row ranges, one dispatch each; a dispatch writes only the rows whose id
// falls in its range [rowBegin, rowBegin + rowCount).
// Push constants mirror GetRowsPush in inference/src/ops/get_rows.h.
#include "elementwise.glsl"

layout(push_constant) uniform Push {
    uint nIds;
    uint chunksPerRow;
    uint rowBytes;
    uint rowBegin;
    uint rowCount;
} p;

layout(binding = 0) readonly buffer Table { uint table[]; };
layout(binding = 1) readonly buffer Ids { uint ids[]; };
layout(binding = 2) writeonly buffer Out { vec4 outValues[]; };

#define BYTES table
#include "quant.glsl"

void main() {
    const uint i = flatIndex();
    if (i >= p.nIds * p.chunksPerRow) return;
    const uint t = i / p.chunksPerRow, chunk = i % p.chunksPerRow;
    const uint row = ids[t] - p.rowBegin;  // wraps for ids below rowBegin
    if (row >= p.rowCount) return;
    vec4 lo, hi;
    dequant8(row * p.rowBytes + (chunk / CHUNKS) * BLOCK_BYTES, chunk % CHUNKS, lo, hi);
    outValues[2u * i] = lo;
    outValues[2u * i + 1u] = hi;
}

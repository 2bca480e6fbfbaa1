#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// y[r] = dot(W[r, :], x): the decode product, dequantizing each weight byte once as it streams.
// Two shapes, chosen by the engine from the device (MATVEC_CPU for CPU devices):
//  - GPU: a workgroup shares ROWS rows; its invocations stride over the row's 8-value chunks and
//    reduce through shared memory, so consecutive invocations read consecutive bytes.
//  - CPU (lavapipe): an invocation is one SIMD lane of a CPU thread and barriers are loops, so
//    each invocation owns ROWS whole rows and nothing is reduced across invocations; x is read
//    once per chunk for all of its rows.
// Push constants mirror MatvecPush in inference/src/ops/matvec.h.
layout(local_size_x_id = 0) in;
layout(constant_id = 1) const uint ROWS = 2;

layout(push_constant) uniform Push {
    uint chunksPerRow;  // K / 8
    uint rows;
    uint rowBytes;
    uint yOffset;  // where row 0 of this binding's rows goes in y
} p;

#if defined(MATVEC_CPU)
// Texel buffers (RGBA32UI): on lavapipe a texel fetch is one gather for all SIMD lanes, where a
// storage-buffer load is a loop over the lanes (REFERENCES.md §5).
layout(binding = 0) uniform usamplerBuffer weightTexels;
layout(binding = 1) uniform usamplerBuffer xTexels;  // f32 bits
#define BYTES_WORD(i) texelFetch(weightTexels, int((i) >> 2))[(i) & 3u]
#define FETCH16(byteOffset) texelFetch(weightTexels, int((byteOffset) >> 4))
#define X4(i) uintBitsToFloat(texelFetch(xTexels, int(i)))
#else
layout(binding = 0) readonly buffer Weights { uint weights[]; };
layout(binding = 1) readonly buffer X { vec4 x[]; };
#define BYTES weights
#define X4(i) x[i]
#endif
layout(binding = 2) writeonly buffer Y { float y[]; };

#include "quant.glsl"

#define MAX_ROWS 8

#if defined(MATVEC_CPU)
#include "block_dot_cpu.glsl"
#endif

uint flatGroup() { return gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x; }

#if defined(MATVEC_CPU)

void main() {
    const uint row0 = (flatGroup() * gl_WorkGroupSize.x + gl_LocalInvocationID.x) * ROWS;
    if (row0 >= p.rows) return;
    const uint nRows = min(ROWS, p.rows - row0);
    float acc[MAX_ROWS];
    [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[r] = 0.0;
    // Loops run to the constant ROWS so that acc[] lives in registers (a loop bound known only
    // at run time makes LLVM keep the array in memory); rows past the end repeat the last row.
    uint rowByte[MAX_ROWS];
    [[unroll]] for (uint r = 0; r < ROWS; ++r) rowByte[r] = (row0 + min(r, nRows - 1u)) * p.rowBytes;
#if defined(BLOCK_DOT)
    for (uint b = 0; b < p.chunksPerRow / CHUNKS; ++b) blockDot(b, rowByte, acc);
#else
    for (uint c = 0; c < p.chunksPerRow; ++c) {
        const vec4 x0 = X4(2u * c), x1 = X4(2u * c + 1u);
        const uint blockByte = (c / CHUNKS) * BLOCK_BYTES, chunk = c % CHUNKS;
        [[unroll]] for (uint r = 0; r < ROWS; ++r) {
            vec4 lo, hi;
            dequant8(rowByte[r] + blockByte, chunk, lo, hi);
            acc[r] += dot(lo, x0) + dot(hi, x1);
        }
    }
#endif
    [[unroll]] for (uint r = 0; r < ROWS; ++r) {
        if (r < nRows) y[p.yOffset + row0 + r] = acc[r];
    }
}

#else

shared float partial[MAX_ROWS * 256];

void main() {
    const uint tid = gl_LocalInvocationID.x, size = gl_WorkGroupSize.x;
    const uint row0 = flatGroup() * ROWS;
    if (row0 >= p.rows) return;  // uniform across the workgroup
    const uint nRows = min(ROWS, p.rows - row0);
    float acc[MAX_ROWS];
    [[unroll]] for (uint r = 0; r < ROWS; ++r) acc[r] = 0.0;
    for (uint c = tid; c < p.chunksPerRow; c += size) {
        const vec4 x0 = X4(2u * c), x1 = X4(2u * c + 1u);
        const uint blockByte = (c / CHUNKS) * BLOCK_BYTES, chunk = c % CHUNKS;
        for (uint r = 0; r < nRows; ++r) {
            vec4 lo, hi;
            dequant8((row0 + r) * p.rowBytes + blockByte, chunk, lo, hi);
            acc[r] += dot(lo, x0) + dot(hi, x1);
        }
    }
    [[unroll]] for (uint r = 0; r < ROWS; ++r) partial[r * size + tid] = acc[r];
    barrier();
    for (uint stride = size / 2u; stride > 0u; stride /= 2u) {
        if (tid < stride) {
            [[unroll]] for (uint r = 0; r < ROWS; ++r) partial[r * size + tid] += partial[r * size + tid + stride];
        }
        barrier();
    }
    if (tid < nRows) y[p.yOffset + row0 + tid] = partial[tid * size];
}

#endif

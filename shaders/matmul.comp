#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// C[m, n] = dot(A[m, :], W[n, :]): the prefill product of M activation rows (f32) with N weight
// rows (any quant type). Two shapes, chosen by the engine from the device:
//  - GPU: 64x64 output tiles per workgroup of 256; 32-value slices of A and of the dequantized
//    W are staged in shared memory and each invocation accumulates a 4x4 block.
//  - CPU (MATMUL_CPU, lavapipe): no shared memory and no barriers (both are loops over SIMD
//    chunks there); each invocation accumulates a TM x TN register block, dequantizing each of
//    its TN weight rows once per 8-value chunk and reusing it for TM activation rows.
// Push constants mirror MatmulPush in inference/src/ops/matmul.h.
layout(local_size_x_id = 0) in;

layout(push_constant) uniform Push {
    uint M;             // activation rows (tokens)
    uint N;             // weight rows (outputs per token)
    uint chunksPerRow;  // K / 8
    uint rowBytes;      // bytes per weight row
    uint ldc;           // floats per row of C (the full N when W is bound in row ranges)
    uint cOffset;       // column of C where this binding's weight row 0 goes
} p;

#if defined(MATMUL_CPU)
// Texel buffers (RGBA32UI): one gather for all SIMD lanes on lavapipe (see matvec.comp).
layout(binding = 0) uniform usamplerBuffer weightTexels;
layout(binding = 1) uniform usamplerBuffer aTexels;  // f32 bits
#define BYTES_WORD(i) texelFetch(weightTexels, int((i) >> 2))[(i) & 3u]
#define FETCH16(byteOffset) texelFetch(weightTexels, int((byteOffset) >> 4))
#define A4(i) uintBitsToFloat(texelFetch(aTexels, int(i)))
#else
layout(binding = 0) readonly buffer Weights { uint weights[]; };
layout(binding = 1) readonly buffer A { vec4 a[]; };
#define BYTES weights
#define A4(i) a[i]
#endif
layout(binding = 2) writeonly buffer C { float c[]; };

#include "quant.glsl"

#if defined(MATMUL_CPU)
#include "texel_words.glsl"

// Register block per invocation, set per type in shader_list.cmake: 8 x 8, and 16 x 4 for Q3_K,
// whose parts are the costliest to read, to reuse each for more activation rows. Measured on lavapipe at 512x1536x1536 (runs vary by a third
// on these machines): f16 8x8 18-33 GFLOP/s (8x4: 20); q4_K by sub-blocks 8x8 20-34 (chunk by
// chunk 16x4: 14); q8_0 by blocks 8x8 18-20 (chunk by chunk 16x4: 15).
#if !defined(TM)
#define TM 8u  // activation rows per invocation
#define TN 4u  // weight rows per invocation
#endif
// The workgroup is 8 x 8 invocations laid out flat: x covers 8 * TN weight rows, y 8 * TM tokens.

// acc[i][j] += dot(A row m0 + i, W row j) over chunk k, given W's chunk as wlo[j], whi[j].
// Rows past M repeat the last one: their results are never written.
void accumulate(uint k, vec4 wlo[TN], vec4 whi[TN], inout float acc[TM][TN], uint m0, uint mCount,
                uint aStride) {
    [[unroll]] for (uint i = 0; i < TM; ++i) {
        const uint m = m0 + min(i, mCount - 1u);
        const vec4 alo = A4(m * aStride + 2u * k), ahi = A4(m * aStride + 2u * k + 1u);
        [[unroll]] for (uint j = 0; j < TN; ++j) acc[i][j] += dot(alo, wlo[j]) + dot(ahi, whi[j]);
    }
}

void main() {
    const uint lx = gl_LocalInvocationID.x % 8u, ly = gl_LocalInvocationID.x / 8u;
    const uint n0 = (gl_WorkGroupID.x * 8u + lx) * TN;
    const uint m0 = (gl_WorkGroupID.y * 8u + ly) * TM;
    if (n0 >= p.N || m0 >= p.M) return;
    const uint nCount = min(TN, p.N - n0), mCount = min(TM, p.M - m0);
    const uint aStride = p.chunksPerRow * 2u;  // vec4s per activation row
    float acc[TM][TN];
    [[unroll]] for (uint i = 0; i < TM; ++i)
        [[unroll]] for (uint j = 0; j < TN; ++j) acc[i][j] = 0.0;
#if defined(TYPE_Q4_K) || defined(TYPE_Q5_K)
#define BYTE_OF(t, i) (((t)[(i) >> 2] >> (((i) & 3u) * 8u)) & 0xFFu)
#if defined(TYPE_Q4_K)
#define K_BLOCK_BYTES 144u
#define K_QS 16u
#else
#define K_BLOCK_BYTES 176u
#define K_QS 48u  // after qh[32] at byte 16, whose bit 2g+sub is the fifth bit of value l
#endif
    // Q4_K and Q5_K by 32-value sub-blocks: each weight row's scale, min and 32 bytes of quants are
    // fetched once (three texels) for four chunks, where dequant8 would fetch its scales again
    // for every chunk. Layout as in quant.glsl.
    for (uint sb = 0; sb < p.chunksPerRow / 4u; ++sb) {
        const uint g = (sb & 7u) >> 1, sub = sb & 1u;
        float d1[TN], m1[TN];
        uvec4 quants[TN][2];
#if defined(TYPE_Q5_K)
        uvec4 high[TN][2];
#endif
        [[unroll]] for (uint j = 0; j < TN; ++j) {
            const uint base = (n0 + min(j, nCount - 1u)) * p.rowBytes + (sb >> 3) * K_BLOCK_BYTES;
            const uvec4 head = FETCH16(base);
            const uint s = 2u * g + sub;
            const uint sc = s < 4u ? BYTE_OF(head, 4u + s) & 63u
                                   : (BYTE_OF(head, 8u + s) & 0xFu) | ((BYTE_OF(head, s) >> 6) << 4);
            const uint mn = s < 4u ? BYTE_OF(head, 8u + s) & 63u
                                   : (BYTE_OF(head, 8u + s) >> 4) | ((BYTE_OF(head, 4u + s) >> 6) << 4);
            const vec2 dm = unpackHalf2x16(head.x);
            d1[j] = dm.x * float(sc);
            m1[j] = dm.y * float(mn);
            quants[j][0] = FETCH16(base + K_QS + 32u * g);
            quants[j][1] = FETCH16(base + K_QS + 16u + 32u * g);
#if defined(TYPE_Q5_K)
            high[j][0] = FETCH16(base + 16u);
            high[j][1] = FETCH16(base + 32u);
#endif
        }
        [[unroll]] for (uint c = 0; c < 4u; ++c) {
            vec4 wlo[TN], whi[TN];
            [[unroll]] for (uint j = 0; j < TN; ++j) {
                const uvec4 t = quants[j][c >> 1];
                uint q0 = (t[2u * (c & 1u)] >> (4u * sub)) & 0x0F0F0F0Fu;
                uint q1 = (t[2u * (c & 1u) + 1u] >> (4u * sub)) & 0x0F0F0F0Fu;
#if defined(TYPE_Q5_K)
                const uvec4 h = high[j][c >> 1];
                q0 |= ((h[2u * (c & 1u)] >> (2u * g + sub)) & 0x01010101u) << 4;
                q1 |= ((h[2u * (c & 1u) + 1u] >> (2u * g + sub)) & 0x01010101u) << 4;
#endif
                wlo[j] = vec4(bytesOf(q0)) * d1[j] - m1[j];
                whi[j] = vec4(bytesOf(q1)) * d1[j] - m1[j];
            }
            accumulate(4u * sb + c, wlo, whi, acc, m0, mCount, aStride);
        }
    }
#elif defined(TYPE_Q4_0) || defined(TYPE_Q4_1) || defined(TYPE_Q5_0) || defined(TYPE_Q5_1)
    // The 32-value legacy blocks, each read once (one nine-word window) for its four chunks.
    // Chunk c < 2 holds the low nibbles of quant bytes 8c.., chunk c >= 2 the high nibbles of
    // bytes 8(c-2)..; bit v of qh is the fifth bit of value v (see quant.glsl).
#if defined(TYPE_Q4_0)
#define LEGACY_BYTES 18u
#define LEGACY_QS 1u
#elif defined(TYPE_Q4_1)
#define LEGACY_BYTES 20u
#define LEGACY_QS 2u
#elif defined(TYPE_Q5_0)
#define LEGACY_BYTES 22u
#define LEGACY_QS 3u
#else
#define LEGACY_BYTES 24u
#define LEGACY_QS 4u
#endif
    for (uint b = 0; b < p.chunksPerRow / 4u; ++b) {
        uint words[TN][9];
        [[unroll]] for (uint j = 0; j < TN; ++j)
            wordsAt((n0 + min(j, nCount - 1u)) * p.rowBytes + b * LEGACY_BYTES, words[j]);
        [[unroll]] for (uint c = 0; c < 4u; ++c) {
            vec4 wlo[TN], whi[TN];
            [[unroll]] for (uint j = 0; j < TN; ++j) {
                const vec2 dm = unpackHalf2x16(words[j][0]);
                const uint shift = 4u * (c >> 1);
                uint q0 = (quantWord(words[j], 2u * (c & 1u), LEGACY_QS) >> shift) & 0x0F0F0F0Fu;
                uint q1 = (quantWord(words[j], 2u * (c & 1u) + 1u, LEGACY_QS) >> shift) & 0x0F0F0F0Fu;
#if defined(TYPE_Q5_0) || defined(TYPE_Q5_1)
#if defined(TYPE_Q5_0)
                const uint qh = (words[j][0] >> 16) | (words[j][1] << 16);
#else
                const uint qh = words[j][1];
#endif
                q0 |= fifthBitsOf(qh >> (8u * c));
                q1 |= fifthBitsOf(qh >> (8u * c + 4u));
#endif
#if defined(TYPE_Q4_0)
                wlo[j] = (vec4(bytesOf(q0)) - 8.0) * dm.x;
                whi[j] = (vec4(bytesOf(q1)) - 8.0) * dm.x;
#elif defined(TYPE_Q5_0)
                wlo[j] = (vec4(bytesOf(q0)) - 16.0) * dm.x;
                whi[j] = (vec4(bytesOf(q1)) - 16.0) * dm.x;
#else
                wlo[j] = vec4(bytesOf(q0)) * dm.x + dm.y;
                whi[j] = vec4(bytesOf(q1)) * dm.x + dm.y;
#endif
            }
            accumulate(4u * b + c, wlo, whi, acc, m0, mCount, aStride);
        }
    }
#elif defined(TYPE_Q2_K) || defined(TYPE_Q3_K)
    // Q2_K and Q3_K by 32-value parts (half h, part j): 32 bytes of 2-bit quants (and for
    // Q3_K the 32 hmask bytes), two scales and d, read once per weight row for four chunks.
    // Value l of the part uses scale index 8h + 2j + l/16 (see quant.glsl).
#if defined(TYPE_Q2_K)
#define K_BLOCK_BYTES 84u
#define K_QS 16u
#else
#define K_BLOCK_BYTES 110u
#define K_QS 32u
#endif
    for (uint part = 0; part < p.chunksPerRow / 4u; ++part) {
        const uint h = (part >> 2) & 1u, jj = part & 3u;
        uint qs[TN][9];
#if defined(TYPE_Q3_K)
        uint hmask[TN][9];
#endif
        vec2 scale[TN], offset[TN];  // per sub-part (l < 16, l >= 16): value = q * scale - offset
        [[unroll]] for (uint j = 0; j < TN; ++j) {
            const uint base = (n0 + min(j, nCount - 1u)) * p.rowBytes + (part >> 3) * K_BLOCK_BYTES;
            wordsAt(base + K_QS + 32u * h, qs[j]);
            const uint is = 8u * h + 2u * jj;
#if defined(TYPE_Q2_K)
            const uint sc = halfWordAt(base + is);  // two 4-bit scale | 4-bit min bytes
            const float d = unpackHalf2x16(halfWordAt(base + 80u)).x;
            const float dmin = unpackHalf2x16(halfWordAt(base + 82u)).x;
            scale[j] = d * vec2(float(sc & 0xFu), float((sc >> 8) & 0xFu));
            offset[j] = dmin * vec2(float((sc >> 4) & 0xFu), float(sc >> 12));
#else
            wordsAt(base, hmask[j]);
            uint scales[9];
            wordsAt(base + 96u, scales);
            const float d = unpackHalf2x16(halfWordAt(base + 108u)).x;
            float s2[2];
            [[unroll]] for (uint sub = 0; sub < 2u; ++sub) {
                const uint i = is + sub;
                const uint low = i < 8u ? (scales[i >> 2] >> ((i & 3u) * 8u)) & 0xFu
                                        : (scales[(i - 8u) >> 2] >> (((i - 8u) & 3u) * 8u + 4u)) & 0xFu;
                const uint hb = 8u + (i & 3u);
                const uint high = (scales[hb >> 2] >> ((hb & 3u) * 8u + 2u * (i >> 2))) & 3u;
                s2[sub] = d * float(int(low | (high << 4)) - 32);
            }
            scale[j] = vec2(s2[0], s2[1]);
            offset[j] = 4.0 * scale[j];  // q - 4 unless the hmask bit is set (added below)
#endif
        }
        [[unroll]] for (uint c = 0; c < 4u; ++c) {
            vec4 wlo[TN], whi[TN];
            [[unroll]] for (uint j = 0; j < TN; ++j) {
                vec4 q0 = vec4(bytesOf((qs[j][2u * c] >> (2u * jj)) & 0x03030303u));
                vec4 q1 = vec4(bytesOf((qs[j][2u * c + 1u] >> (2u * jj)) & 0x03030303u));
#if defined(TYPE_Q3_K)
                q0 += 4.0 * vec4(bytesOf((hmask[j][2u * c] >> (4u * h + jj)) & 0x01010101u));
                q1 += 4.0 * vec4(bytesOf((hmask[j][2u * c + 1u] >> (4u * h + jj)) & 0x01010101u));
#endif
                const float sc = c < 2u ? scale[j].x : scale[j].y;
                const float off = c < 2u ? offset[j].x : offset[j].y;
                wlo[j] = q0 * sc - off;
                whi[j] = q1 * sc - off;
            }
            accumulate(4u * part + c, wlo, whi, acc, m0, mCount, aStride);
        }
    }
#elif defined(TYPE_Q6_K)
    // Q6_K by 32-value quarters (half h, quarter k): 32 bytes of ql and of qh, two scales and d
    // per weight row, read once for four chunks. Layout as in quant.glsl.
    for (uint qb = 0; qb < p.chunksPerRow / 4u; ++qb) {
        const uint h = (qb & 7u) >> 2, k4 = qb & 3u;
        uint ql[TN][9], qh[TN][9];
        vec2 scale[TN];
        [[unroll]] for (uint j = 0; j < TN; ++j) {
            const uint base = (n0 + min(j, nCount - 1u)) * p.rowBytes + (qb >> 3) * 210u;
            wordsAt(base + 64u * h + 32u * (k4 & 1u), ql[j]);
            wordsAt(base + 128u + 32u * h, qh[j]);
            const uint scales = halfWordAt(base + 192u + 8u * h + 2u * k4);
            const float d = unpackHalf2x16(halfWordAt(base + 208u)).x;
            scale[j] = d * vec2(float(int(scales << 24) >> 24), float(int(scales << 16) >> 24));
        }
        [[unroll]] for (uint c = 0; c < 4u; ++c) {
            vec4 wlo[TN], whi[TN];
            [[unroll]] for (uint j = 0; j < TN; ++j) {
                const uint q0 = ((ql[j][2u * c] >> (4u * (k4 >> 1))) & 0x0F0F0F0Fu) |
                                (((qh[j][2u * c] >> (2u * k4)) & 0x03030303u) << 4);
                const uint q1 = ((ql[j][2u * c + 1u] >> (4u * (k4 >> 1))) & 0x0F0F0F0Fu) |
                                (((qh[j][2u * c + 1u] >> (2u * k4)) & 0x03030303u) << 4);
                const float sc = c < 2u ? scale[j].x : scale[j].y;  // values l < 16, l >= 16
                wlo[j] = (vec4(bytesOf(q0)) - 32.0) * sc;
                whi[j] = (vec4(bytesOf(q1)) - 32.0) * sc;
            }
            accumulate(4u * qb + c, wlo, whi, acc, m0, mCount, aStride);
        }
    }
#elif defined(TYPE_Q8_0)
    // Q8_0 by blocks: each weight row's 34-byte block is read once (three texels) for its four
    // chunks. Word 0 holds d and the first two int8 values; the rest straddle words.
    for (uint b = 0; b < p.chunksPerRow / 4u; ++b) {
        uint words[TN][9];
        [[unroll]] for (uint j = 0; j < TN; ++j)
            wordsAt((n0 + min(j, nCount - 1u)) * p.rowBytes + b * 34u, words[j]);
        [[unroll]] for (uint c = 0; c < 4u; ++c) {
            vec4 wlo[TN], whi[TN];
            [[unroll]] for (uint j = 0; j < TN; ++j) {
                const float d = unpackHalf2x16(words[j][0]).x;
                wlo[j] = signedBytesOf((words[j][2u * c] >> 16) | (words[j][2u * c + 1u] << 16)) * d;
                whi[j] = signedBytesOf((words[j][2u * c + 1u] >> 16) | (words[j][2u * c + 2u] << 16)) * d;
            }
            accumulate(4u * b + c, wlo, whi, acc, m0, mCount, aStride);
        }
    }
#else
    for (uint k = 0; k < p.chunksPerRow; ++k) {
        vec4 wlo[TN], whi[TN];
        const uint blockByte = (k / CHUNKS) * BLOCK_BYTES, chunk = k % CHUNKS;
        [[unroll]] for (uint j = 0; j < TN; ++j) {
            // Rows past N repeat the last one: their results are never written.
            dequant8((n0 + min(j, nCount - 1u)) * p.rowBytes + blockByte, chunk, wlo[j], whi[j]);
        }
        accumulate(k, wlo, whi, acc, m0, mCount, aStride);
    }
#endif
    // Constant loop bounds keep acc[][] in registers (see matvec.comp).
    [[unroll]] for (uint i = 0; i < TM; ++i) {
        [[unroll]] for (uint j = 0; j < TN; ++j) {
            if (i < mCount && j < nCount) c[(m0 + i) * p.ldc + p.cOffset + n0 + j] = acc[i][j];
        }
    }
}

#else

#define BM 64u
#define BN 64u
#define BK_CHUNKS 4u  // 32 values of K per step
shared float tileA[BK_CHUNKS * 8u][BM + 1u];  // +1 spreads columns over banks
shared float tileW[BK_CHUNKS * 8u][BN + 1u];

void main() {
    const uint tid = gl_LocalInvocationID.x;  // 0..255
    const uint tx = tid % 16u, ty = tid / 16u;
    const uint n0 = gl_WorkGroupID.x * BN, m0 = gl_WorkGroupID.y * BM;
    const uint aStride = p.chunksPerRow * 2u;
    float acc[4][4];
    for (uint i = 0; i < 4u; ++i)
        for (uint j = 0; j < 4u; ++j) acc[i][j] = 0.0;

    for (uint k0 = 0; k0 < p.chunksPerRow; k0 += BK_CHUNKS) {
        {  // W: 64 rows x 4 chunks, one chunk per invocation
            const uint row = tid / BK_CHUNKS, ch = tid % BK_CHUNKS;
            const uint n = n0 + row, k = k0 + ch;
            vec4 lo = vec4(0.0), hi = vec4(0.0);
            if (n < p.N && k < p.chunksPerRow)
                dequant8(n * p.rowBytes + (k / CHUNKS) * BLOCK_BYTES, k % CHUNKS, lo, hi);
            for (uint i = 0; i < 4u; ++i) {
                tileW[ch * 8u + i][row] = lo[i];
                tileW[ch * 8u + 4u + i][row] = hi[i];
            }
        }
        for (uint e = tid; e < BM * BK_CHUNKS * 2u; e += 256u) {  // A: 64 rows x 8 vec4
            const uint row = e / (BK_CHUNKS * 2u), q = e % (BK_CHUNKS * 2u);
            const uint m = m0 + row, v = 2u * k0 + q;
            const vec4 val = (m < p.M && v < aStride) ? A4(m * aStride + v) : vec4(0.0);
            for (uint i = 0; i < 4u; ++i) tileA[q * 4u + i][row] = val[i];
        }
        barrier();
        for (uint kk = 0; kk < BK_CHUNKS * 8u; ++kk) {
            float av[4], wv[4];
            for (uint i = 0; i < 4u; ++i) av[i] = tileA[kk][ty * 4u + i];
            for (uint j = 0; j < 4u; ++j) wv[j] = tileW[kk][tx * 4u + j];
            for (uint i = 0; i < 4u; ++i)
                for (uint j = 0; j < 4u; ++j) acc[i][j] += av[i] * wv[j];
        }
        barrier();
    }
    for (uint i = 0; i < 4u; ++i) {
        const uint m = m0 + ty * 4u + i;
        if (m >= p.M) break;
        for (uint j = 0; j < 4u; ++j) {
            const uint n = n0 + tx * 4u + j;
            if (n < p.N) c[m * p.ldc + p.cOffset + n] = acc[i][j];
        }
    }
}

#endif

// Whole-block dot products for the CPU-shaped matrix-vector kernel (lavapipe), for the types
// where reading a block as a few 16-byte texels beats eight-value chunks: every chunk read
// fetches its block's scales again and costs a vector gather per word, while a block read
// fetches each byte once. Expects FETCH16(byteOffset), X4(vec4 index), ROWS and MAX_ROWS.
// Defines BLOCK_DOT when the type has such a kernel:
//   void blockDot(uint block, uint rowByte[MAX_ROWS], inout float acc[MAX_ROWS])
//       acc[r] += dot(row r's block `block`, the matching 32 or 256 values of x).

#include "texel_words.glsl"

#if defined(TYPE_Q4_0) || defined(TYPE_Q4_1) || defined(TYPE_Q5_0) || defined(TYPE_Q5_1)
#define BLOCK_DOT
// 32-value blocks of 18 to 24 bytes at any even offset: one nine-word window holds a block.
// Layouts (ggml): Q4_0 d, qs[16]; Q4_1 d, m, qs[16]; Q5_0 d, qh, qs[16]; Q5_1 d, m, qh, qs[16].
// Value j < 16 is the low nibble of qs[j], value 16 + j the high one; bit j of qh is the fifth
// bit of value j. A block's sum is d * Σ q x (+ m Σ x, or - offset d Σ x).

#if defined(TYPE_Q4_0)
#define LEGACY_BYTES 18u
#define LEGACY_QS 1u  // quants start after 1 half-word
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

void blockDot(uint block, uint rowByte[MAX_ROWS], inout float acc[MAX_ROWS]) {
    vec4 xs[8];
    [[unroll]] for (uint q = 0; q < 8u; ++q) xs[q] = X4(block * 8u + q);
    float xSum = 0.0;
    [[unroll]] for (uint q = 0; q < 8u; ++q) xSum += dot(xs[q], vec4(1.0));
    [[unroll]] for (uint r = 0; r < ROWS; ++r) {
        uint w[9];
        wordsAt(rowByte[r] + block * LEGACY_BYTES, w);
        const vec2 dm = unpackHalf2x16(w[0]);  // d, and m for the _1 types
#if defined(TYPE_Q5_0)
        const uint qh = (w[0] >> 16) | (w[1] << 16);
#elif defined(TYPE_Q5_1)
        const uint qh = w[1];
#endif
        float sum = 0.0;
        [[unroll]] for (uint q = 0; q < 4u; ++q) {
            const uint packed = quantWord(w, q, LEGACY_QS);
            uint lo = packed & 0x0F0F0F0Fu, hi = (packed >> 4) & 0x0F0F0F0Fu;
#if defined(TYPE_Q5_0) || defined(TYPE_Q5_1)
            lo |= fifthBitsOf(qh >> (4u * q));
            hi |= fifthBitsOf(qh >> (16u + 4u * q));
#endif
            sum += dot(vec4(bytesOf(lo)), xs[q]) + dot(vec4(bytesOf(hi)), xs[4u + q]);
        }
#if defined(TYPE_Q4_0)
        acc[r] += dm.x * (sum - 8.0 * xSum);
#elif defined(TYPE_Q5_0)
        acc[r] += dm.x * (sum - 16.0 * xSum);
#else
        acc[r] += dm.x * sum + dm.y * xSum;
#endif
    }
}

#elif defined(TYPE_Q8_0)
#define BLOCK_DOT
void blockDot(uint block, uint rowByte[MAX_ROWS], inout float acc[MAX_ROWS]) {
    vec4 xs[8];
    [[unroll]] for (uint q = 0; q < 8u; ++q) xs[q] = X4(block * 8u + q);
    [[unroll]] for (uint r = 0; r < ROWS; ++r) {
        uint w[9];
        wordsAt(rowByte[r] + block * 34u, w);
        // w[0] = d | qs[0..1] << 16; the int8 values straddle words by two bytes.
        float sum = 0.0;
        [[unroll]] for (uint q = 0; q < 8u; ++q) {
            const uint packed = (w[q] >> 16) | (w[q + 1u] << 16);
            sum += dot(signedBytesOf(packed), xs[q]);
        }
        acc[r] += unpackHalf2x16(w[0]).x * sum;
    }
}

#elif defined(TYPE_Q4_K) || defined(TYPE_Q5_K)
#define BLOCK_DOT
// Q4_K, 144-byte blocks: texel 0 holds d, dmin and the 12 scale bytes; texels 1-8 the 128
// bytes of 4-bit values. Q5_K, 176 bytes: the same first texel, then qh[32] (the fifth bits:
// bit 2g of qh[l] for value 64g + l, bit 2g+1 for value 64g + 32 + l), then qs[128].
// Blocks (and so rows) are 16-byte aligned.
#if defined(TYPE_Q4_K)
#define K_BLOCK_BYTES 144u
#define K_QS 16u
#else
#define K_BLOCK_BYTES 176u
#define K_QS 48u
#endif
uint byteOf(uvec4 t, uint i) { return (t[i >> 2] >> ((i & 3u) * 8u)) & 0xFFu; }

void blockDot(uint block, uint rowByte[MAX_ROWS], inout float acc[MAX_ROWS]) {
    [[unroll]] for (uint g = 0; g < 4u; ++g) {  // values [64g, 64g + 64)
        vec4 xs[16];
        [[unroll]] for (uint q = 0; q < 16u; ++q) xs[q] = X4(block * 64u + g * 16u + q);
        // value = d * sc * q - dmin * m, so a row's sum is d*sc*Σqx - dmin*m*Σx.
        float lowX = 0.0, highX = 0.0;
        [[unroll]] for (uint i = 0; i < 8u; ++i) {
            lowX += dot(xs[i], vec4(1.0));
            highX += dot(xs[8u + i], vec4(1.0));
        }
        [[unroll]] for (uint r = 0; r < ROWS; ++r) {
            const uint base = rowByte[r] + block * K_BLOCK_BYTES;
            const uvec4 head = FETCH16(base);
            // Scale/min pairs 2g and 2g+1, unpacked from bytes 4..15 (see scaleMinK4).
            uvec2 sm[2];
            [[unroll]] for (uint s = 0; s < 2u; ++s) {
                const uint j = 2u * g + s;
                if (j < 4u) {
                    sm[s] = uvec2(byteOf(head, 4u + j) & 63u, byteOf(head, 8u + j) & 63u);
                } else {
                    const uint qj4 = byteOf(head, 8u + j);
                    sm[s] = uvec2((qj4 & 0xFu) | ((byteOf(head, j) >> 6) << 4),
                                  (qj4 >> 4) | ((byteOf(head, 4u + j) >> 6) << 4));
                }
            }
            const vec2 dm = unpackHalf2x16(head.x);
            const uvec4 q0 = FETCH16(base + K_QS + 32u * g), q1 = FETCH16(base + K_QS + 16u + 32u * g);
            const uint words[8] = uint[8](q0.x, q0.y, q0.z, q0.w, q1.x, q1.y, q1.z, q1.w);
#if defined(TYPE_Q5_K)
            const uvec4 h0 = FETCH16(base + 16u), h1 = FETCH16(base + 32u);
            const uint high[8] = uint[8](h0.x, h0.y, h0.z, h0.w, h1.x, h1.y, h1.z, h1.w);
#endif
            float lowSum = 0.0, highSum = 0.0;
            [[unroll]] for (uint i = 0; i < 8u; ++i) {
                uint lo = words[i] & 0x0F0F0F0Fu, hi = (words[i] >> 4) & 0x0F0F0F0Fu;
#if defined(TYPE_Q5_K)
                lo |= ((high[i] >> (2u * g)) & 0x01010101u) << 4;
                hi |= ((high[i] >> (2u * g + 1u)) & 0x01010101u) << 4;
#endif
                lowSum += dot(vec4(bytesOf(lo)), xs[i]);
                highSum += dot(vec4(bytesOf(hi)), xs[8u + i]);
            }
            acc[r] += dm.x * (float(sm[0].x) * lowSum + float(sm[1].x) * highSum) -
                      dm.y * (float(sm[0].y) * lowX + float(sm[1].y) * highX);
        }
    }
}

#elif defined(TYPE_Q2_K) || defined(TYPE_Q3_K)
#define BLOCK_DOT
// Q2_K, 84 bytes: scales[16] (4-bit scale | 4-bit min << 4), qs[64], d, dmin. Q3_K, 110 bytes:
// hmask[32], qs[64], scales[12] (sixteen 6-bit scales), d. Value l of sub-block `sub` of part j
// of half h takes bits 2j of qs[32h + 16 sub + l]; Q3_K subtracts 4 unless bit 4h + j of
// hmask[16 sub + l] is set. Scale index 8h + 2j + sub (see quant.glsl).
#if defined(TYPE_Q2_K)
#define K_BLOCK_BYTES 84u
#define K_QS 16u
#else
#define K_BLOCK_BYTES 110u
#define K_QS 32u
#endif
uint byteOfWords(uint w[9], uint i) { return (w[i >> 2] >> ((i & 3u) * 8u)) & 0xFFu; }

void blockDot(uint block, uint rowByte[MAX_ROWS], inout float acc[MAX_ROWS]) {
    [[unroll]] for (uint r = 0; r < ROWS; ++r) {
        const uint base = rowByte[r] + block * K_BLOCK_BYTES;
#if defined(TYPE_Q2_K)
        uint scales[9];
        wordsAt(base, scales);
        const vec2 dm = unpackHalf2x16(halfWordAt(base + 80u) | (halfWordAt(base + 82u) << 16));
#else
        uint hmask[9], scales[9];
        wordsAt(base, hmask);
        wordsAt(base + 96u, scales);
        const float d = unpackHalf2x16(halfWordAt(base + 108u)).x;
#endif
        float sum = 0.0;
        [[unroll]] for (uint h = 0; h < 2u; ++h) {
            uint qs[9];
            wordsAt(base + K_QS + 32u * h, qs);
            [[unroll]] for (uint j = 0; j < 4u; ++j) {
                vec4 xs[8];
                [[unroll]] for (uint q = 0; q < 8u; ++q)
                    xs[q] = X4(block * 64u + h * 32u + j * 8u + q);
                [[unroll]] for (uint sub = 0; sub < 2u; ++sub) {
                    const uint is = 8u * h + 2u * j + sub;
                    float qx = 0.0, x = 0.0;
                    [[unroll]] for (uint i = 0; i < 4u; ++i) {
                        const uint word = 4u * sub + i;
                        vec4 q = vec4(bytesOf((qs[word] >> (2u * j)) & 0x03030303u));
#if defined(TYPE_Q3_K)
                        q += 4.0 * vec4(bytesOf((hmask[word] >> (4u * h + j)) & 0x01010101u)) - 4.0;
#endif
                        qx += dot(q, xs[word]);
                        x += dot(xs[word], vec4(1.0));
                    }
#if defined(TYPE_Q2_K)
                    const uint sc = byteOfWords(scales, is);
                    sum += dm.x * float(sc & 0xFu) * qx - dm.y * float(sc >> 4) * x;
#else
                    const uint low = is < 8u ? byteOfWords(scales, is) & 0xFu
                                             : byteOfWords(scales, is - 8u) >> 4;
                    const uint high = (byteOfWords(scales, 8u + (is & 3u)) >> (2u * (is >> 2))) & 3u;
                    sum += d * float(int(low | (high << 4)) - 32) * qx;
#endif
                }
            }
        }
        acc[r] += sum;
    }
}

#elif defined(TYPE_Q6_K)
#define BLOCK_DOT
// 210-byte blocks: ql[128], qh[64], scales[16] (int8), d. Quarter k of half h (32 values)
// takes nibble k/2 of ql[64h + 32(k&1) + l] and bits 2k of qh[32h + l], l < 32, with scale
// scales[8h + 2k + l/16] (see quant.glsl).
void blockDot(uint block, uint rowByte[MAX_ROWS], inout float acc[MAX_ROWS]) {
    [[unroll]] for (uint h = 0; h < 2u; ++h) {
        [[unroll]] for (uint k = 0; k < 4u; ++k) {
            vec4 xs[8];
            [[unroll]] for (uint q = 0; q < 8u; ++q) xs[q] = X4(block * 64u + h * 32u + k * 8u + q);
            [[unroll]] for (uint r = 0; r < ROWS; ++r) {
                const uint base = rowByte[r] + block * 210u;
                uint ql[9], qh[9];
                wordsAt(base + 64u * h + 32u * (k & 1u), ql);
                wordsAt(base + 128u + 32u * h, qh);
                const uint scales = halfWordAt(base + 192u + 8u * h + 2u * k);
                const float d = unpackHalf2x16(halfWordAt(base + 208u)).x;
                float sum[2] = float[2](0.0, 0.0);
                [[unroll]] for (uint i = 0; i < 8u; ++i) {
                    const uint q = ((ql[i] >> (4u * (k >> 1))) & 0x0F0F0F0Fu) |
                                   (((qh[i] >> (2u * k)) & 0x03030303u) << 4);
                    sum[i >> 2] += dot(vec4(bytesOf(q)) - 32.0, xs[i]);
                }
                acc[r] += d * (float(int(scales << 24) >> 24) * sum[0] +
                               float(int(scales << 16) >> 24) * sum[1]);
            }
        }
    }
}
#endif

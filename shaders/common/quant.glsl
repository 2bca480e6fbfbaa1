// Dequantization of ggml's block formats, eight values at a time.
// Before including, define BYTES (the uint[] array holding the blocks; see bytes.glsl) and
// one TYPE_* macro. Provides:
//   QK           values per block (float types use virtual blocks of 8 values)
//   BLOCK_BYTES  bytes per block
//   CHUNKS       QK / 8
//   void dequant8(uint blockByte, uint chunk, out vec4 lo, out vec4 hi)
//       values [8*chunk, 8*chunk + 8) of the block starting at byte blockByte, in the order
//       ggml's dequantize_row_* writes them.
// Layouts follow ggml-common.h; the C++ reference is inference/src/reference/dequantize.cpp.
// Optionally define FETCH16(byteOffset) (the uvec4 at a 16-byte-aligned offset): float types
// then read a chunk with one or two 16-byte fetches instead of four or eight word reads.
#include "bytes.glsl"

#if defined(FETCH16)
#define READ16(bb) FETCH16(bb)
#else
#define READ16(bb) uvec4(readU32(bb), readU32((bb) + 4u), readU32((bb) + 8u), readU32((bb) + 12u))
#endif

#if defined(TYPE_F32)
#define QK 8u
#define BLOCK_BYTES 32u
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    lo = uintBitsToFloat(READ16(bb));
    hi = uintBitsToFloat(READ16(bb + 16u));
}

#elif defined(TYPE_F16)
#define QK 8u
#define BLOCK_BYTES 16u
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const uvec4 w = READ16(bb);
    lo = vec4(unpackHalf2x16(w.x), unpackHalf2x16(w.y));
    hi = vec4(unpackHalf2x16(w.z), unpackHalf2x16(w.w));
}

#elif defined(TYPE_BF16)
#define QK 8u
#define BLOCK_BYTES 16u
vec2 unpackBf16x2(uint w) { return uintBitsToFloat(uvec2(w << 16, w & 0xFFFF0000u)); }
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const uvec4 w = READ16(bb);
    lo = vec4(unpackBf16x2(w.x), unpackBf16x2(w.y));
    hi = vec4(unpackBf16x2(w.z), unpackBf16x2(w.w));
}

#elif defined(TYPE_Q4_0)
// d (f16), qs[16]: value j < 16 is the low nibble of qs[j], j >= 16 the high nibble of qs[j-16].
#define QK 32u
#define BLOCK_BYTES 18u
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const float d = readHalf(bb);
    const uint off = bb + 2u + 8u * (c & 1u), shift = (c >> 1) * 4u;
    lo = (vec4(bytesOf((readU32(off) >> shift) & 0x0F0F0F0Fu)) - 8.0) * d;
    hi = (vec4(bytesOf((readU32(off + 4u) >> shift) & 0x0F0F0F0Fu)) - 8.0) * d;
}

#elif defined(TYPE_Q4_1)
// d, m (f16), qs[16]: value = d * q + m.
#define QK 32u
#define BLOCK_BYTES 20u
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const vec2 dm = unpackHalf2x16(readU32(bb));
    const uint off = bb + 4u + 8u * (c & 1u), shift = (c >> 1) * 4u;
    lo = vec4(bytesOf((readU32(off) >> shift) & 0x0F0F0F0Fu)) * dm.x + dm.y;
    hi = vec4(bytesOf((readU32(off + 4u) >> shift) & 0x0F0F0F0Fu)) * dm.x + dm.y;
}

#elif defined(TYPE_Q5_0) || defined(TYPE_Q5_1)
// Q5_0: d, qh (u32), qs[16]; Q5_1: d, m, qh, qs[16]. Bit j of qh is the fifth bit of value j.
#define QK 32u
#if defined(TYPE_Q5_0)
#define BLOCK_BYTES 22u
#define Q5_HEADER 2u
#else
#define BLOCK_BYTES 24u
#define Q5_HEADER 4u
#endif
vec4 fifthBits(uint bits4) {
    return vec4(uvec4(bits4, bits4 >> 1, bits4 >> 2, bits4 >> 3) & 1u) * 16.0;
}
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const uint qh = readU32(bb + Q5_HEADER) >> (8u * c);
    const uint off = bb + Q5_HEADER + 4u + 8u * (c & 1u), shift = (c >> 1) * 4u;
    lo = vec4(bytesOf((readU32(off) >> shift) & 0x0F0F0F0Fu)) + fifthBits(qh);
    hi = vec4(bytesOf((readU32(off + 4u) >> shift) & 0x0F0F0F0Fu)) + fifthBits(qh >> 4);
#if defined(TYPE_Q5_0)
    const float d = readHalf(bb);
    lo = (lo - 16.0) * d;
    hi = (hi - 16.0) * d;
#else
    const vec2 dm = unpackHalf2x16(readU32(bb));
    lo = lo * dm.x + dm.y;
    hi = hi * dm.x + dm.y;
#endif
}

#elif defined(TYPE_Q8_0)
// d (f16), qs[32] int8.
#define QK 32u
#define BLOCK_BYTES 34u
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const float d = readHalf(bb);
    const uint off = bb + 2u + 8u * c;
    lo = signedBytesOf(readU32(off)) * d;
    hi = signedBytesOf(readU32(off + 4u)) * d;
}

#elif defined(TYPE_Q2_K)
// scales[16] (4-bit scale | 4-bit min), qs[64] (2 bits), d, dmin (f16). Each half of 128 values
// uses 32 bytes of qs; within it, shift 2j picks values [32j, 32j + 32).
#define QK 256u
#define BLOCK_BYTES 84u
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const uint h = c >> 4, j = (c >> 2) & 3u, sub = (c >> 1) & 1u, l0 = (c & 1u) * 8u;
    const uint sc = readU8(bb + h * 8u + j * 2u + sub);
    const vec2 dm = unpackHalf2x16(readU32(bb + 80u));
    const float dl = dm.x * float(sc & 0xFu), ml = dm.y * float(sc >> 4);
    const uint off = bb + 16u + h * 32u + sub * 16u + l0;
    lo = vec4(bytesOf((readU32(off) >> (2u * j)) & 0x03030303u)) * dl - ml;
    hi = vec4(bytesOf((readU32(off + 4u) >> (2u * j)) & 0x03030303u)) * dl - ml;
}

#elif defined(TYPE_Q3_K)
// hmask[32], qs[64] (2 low bits), scales[12] (16 six-bit scales), d (f16). A value's third bit
// is bit (4h + j) of hmask[l]; when it is clear, 4 is subtracted.
#define QK 256u
#define BLOCK_BYTES 110u
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const uint h = c >> 4, j = (c >> 2) & 3u, sub = (c >> 1) & 1u, l0 = (c & 1u) * 8u;
    const uint is = h * 8u + j * 2u + sub;
    const uint low = is < 8u ? readU8(bb + 96u + is) & 0xFu : readU8(bb + 96u + is - 8u) >> 4;
    const uint high = (readU8(bb + 104u + (is & 3u)) >> (2u * (is >> 2))) & 3u;
    const float dl = readHalf(bb + 108u) * float(int(low | (high << 4)) - 32);
    const uint qOff = bb + 32u + h * 32u + sub * 16u + l0, mOff = bb + sub * 16u + l0;
    const uint bit = h * 4u + j;
    lo = (vec4(bytesOf((readU32(qOff) >> (2u * j)) & 0x03030303u)) - 4.0 +
          4.0 * vec4(bytesOf((readU32(mOff) >> bit) & 0x01010101u))) * dl;
    hi = (vec4(bytesOf((readU32(qOff + 4u) >> (2u * j)) & 0x03030303u)) - 4.0 +
          4.0 * vec4(bytesOf((readU32(mOff + 4u) >> bit) & 0x01010101u))) * dl;
}

#elif defined(TYPE_Q4_K) || defined(TYPE_Q5_K)
// d, dmin (f16), scales[12] (eight 6-bit scale/min pairs), [Q5_K: qh[32]], qs[128].
// Values [64g, 64g + 32) are low nibbles of qs[32g..], the next 32 the high nibbles.
#define QK 256u
#if defined(TYPE_Q4_K)
#define BLOCK_BYTES 144u
#define QS_OFFSET 16u
#else
#define BLOCK_BYTES 176u
#define QS_OFFSET 48u
#endif
uvec2 scaleMinK4(uint j, uint base) {
    if (j < 4u) return uvec2(readU8(base + j) & 63u, readU8(base + j + 4u) & 63u);
    const uint qj4 = readU8(base + j + 4u);
    return uvec2((qj4 & 0xFu) | ((readU8(base + j - 4u) >> 6) << 4),
                 (qj4 >> 4) | ((readU8(base + j) >> 6) << 4));
}
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const uint g = c >> 3, sub = (c >> 2) & 1u, l0 = (c & 3u) * 8u;
    const uvec2 sm = scaleMinK4(2u * g + sub, bb + 4u);
    const vec2 dm = unpackHalf2x16(readU32(bb));
    const float d1 = dm.x * float(sm.x), m1 = dm.y * float(sm.y);
    const uint off = bb + QS_OFFSET + 32u * g + l0, shift = 4u * sub;
    vec4 qlo = vec4(bytesOf((readU32(off) >> shift) & 0x0F0F0F0Fu));
    vec4 qhi = vec4(bytesOf((readU32(off + 4u) >> shift) & 0x0F0F0F0Fu));
#if defined(TYPE_Q5_K)
    const uint bit = 2u * g + sub;
    qlo += 16.0 * vec4(bytesOf((readU32(bb + 16u + l0) >> bit) & 0x01010101u));
    qhi += 16.0 * vec4(bytesOf((readU32(bb + 20u + l0) >> bit) & 0x01010101u));
#endif
    lo = qlo * d1 - m1;
    hi = qhi * d1 - m1;
}

#elif defined(TYPE_Q6_K)
// ql[128] (low 4 bits), qh[64] (high 2 bits), scales[16] int8, d (f16). Each half of 128
// values uses 64 bytes of ql and 32 of qh; quarter k of a half takes nibble k/2 of
// ql[l + 32(k&1)] and bits 2k of qh[l], with scale scales[8h + l/16 + 2k].
#define QK 256u
#define BLOCK_BYTES 210u
void dequant8(uint bb, uint c, out vec4 lo, out vec4 hi) {
    const uint h = c >> 4, k = (c >> 2) & 3u, l0 = (c & 3u) * 8u;
    const uint qlOff = bb + 64u * h + 32u * (k & 1u) + l0, qhOff = bb + 128u + 32u * h + l0;
    const uint nibShift = 4u * (k >> 1), hiShift = 2u * k;
    const float d = readHalf(bb + 208u) *
                    float(int(readU8(bb + 192u + 8u * h + (l0 >> 4) + 2u * k) << 24) >> 24);
    lo = (vec4(bytesOf(((readU32(qlOff) >> nibShift) & 0x0F0F0F0Fu) |
                       (((readU32(qhOff) >> hiShift) & 0x03030303u) << 4))) - 32.0) * d;
    hi = (vec4(bytesOf(((readU32(qlOff + 4u) >> nibShift) & 0x0F0F0F0Fu) |
                       (((readU32(qhOff + 4u) >> hiShift) & 0x03030303u) << 4))) - 32.0) * d;
}

#else
#error "define one TYPE_* macro before including quant.glsl"
#endif

#define CHUNKS (QK / 8u)

// ggml's quantized block layouts, byte for byte (ggml-common.h defines the originals).
//
// A row of a quantized tensor is an array of these blocks with nothing between them. Half
// precision fields are kept as raw uint16_t bits: the CPU has no portable fp16 type, and the
// shaders read the same bits. Every struct is naturally 2-byte aligned with no padding, so the
// static_asserts below pin the on-disk sizes; code that reads blocks out of a byte buffer copies
// them with memcpy (GGUF data need not be aligned to a struct).
//
// The K-quant "super-blocks" hold 256 values split into sub-blocks of 16 or 32 values, each
// with a small integer scale (and for Q2_K/Q4_K/Q5_K a min) relative to the fp16 d / dmin.
#pragma once

#include <cstdint>

namespace hearth {

inline constexpr int kLegacyBlockValues = 32;  // QK4_0 .. QK8_0
inline constexpr int kSuperBlockValues = 256;  // QK_K
inline constexpr int kScaleBytesK = 12;        // K_SCALE_SIZE: packed 6-bit scales and mins

// value = (q - 8) * d
struct BlockQ4_0 {
    uint16_t d;                          // fp16 scale
    uint8_t qs[kLegacyBlockValues / 2];  // value j in low nibble of qs[j], j+16 in high nibble
};

// value = q * d + m
struct BlockQ4_1 {
    uint16_t d;  // fp16 scale
    uint16_t m;  // fp16 min
    uint8_t qs[kLegacyBlockValues / 2];
};

// value = (q - 16) * d; the fifth bit of value j is bit j of qh (little-endian uint32)
struct BlockQ5_0 {
    uint16_t d;
    uint8_t qh[4];
    uint8_t qs[kLegacyBlockValues / 2];
};

// value = q * d + m
struct BlockQ5_1 {
    uint16_t d;
    uint16_t m;
    uint8_t qh[4];
    uint8_t qs[kLegacyBlockValues / 2];
};

// value = q * d
struct BlockQ8_0 {
    uint16_t d;
    int8_t qs[kLegacyBlockValues];
};

// 16 sub-blocks of 16; value = d * sc * q - dmin * m, with 4-bit sc (low) and m (high nibble)
struct BlockQ2_K {
    uint8_t scales[kSuperBlockValues / 16];
    uint8_t qs[kSuperBlockValues / 4];  // 2-bit quants
    uint16_t d;                         // fp16 scale of the scales
    uint16_t dmin;                      // fp16 scale of the mins
};

// 16 sub-blocks of 16; value = d * (sc - 32) * (q - 4), q's third bit lives in hmask
struct BlockQ3_K {
    uint8_t hmask[kSuperBlockValues / 8];  // value j: bit j / 32 of hmask[j % 32]
    uint8_t qs[kSuperBlockValues / 4];     // low 2 bits of the quants
    uint8_t scales[kScaleBytesK];          // 16 packed 6-bit scales
    uint16_t d;
};

// 8 sub-blocks of 32; value = d * sc * q - dmin * m, 6-bit sc and m packed in scales
struct BlockQ4_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[kScaleBytesK];
    uint8_t qs[kSuperBlockValues / 2];
};

// as Q4_K with a fifth bit per quant in qh
struct BlockQ5_K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[kScaleBytesK];
    uint8_t qh[kSuperBlockValues / 8];
    uint8_t qs[kSuperBlockValues / 2];
};

// 16 sub-blocks of 16; value = d * sc * (q - 32), 8-bit signed sc
struct BlockQ6_K {
    uint8_t ql[kSuperBlockValues / 2];  // low 4 bits
    uint8_t qh[kSuperBlockValues / 4];  // high 2 bits
    int8_t scales[kSuperBlockValues / 16];
    uint16_t d;
};

static_assert(sizeof(BlockQ4_0) == 18);
static_assert(sizeof(BlockQ4_1) == 20);
static_assert(sizeof(BlockQ5_0) == 22);
static_assert(sizeof(BlockQ5_1) == 24);
static_assert(sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ2_K) == 84);
static_assert(sizeof(BlockQ3_K) == 110);
static_assert(sizeof(BlockQ4_K) == 144);
static_assert(sizeof(BlockQ5_K) == 176);
static_assert(sizeof(BlockQ6_K) == 210);

// IEEE binary16 -> float, exact for every input; a NaN keeps its payload and comes back quiet.
float halfToFloat(uint16_t half);
// float -> binary16, round to nearest even; overflow gives infinity, NaN gives ggml's 0x7e00
// (with the sign kept). Bit-identical to ggml's portable GGML_FP32_TO_FP16.
uint16_t floatToHalf(float value);
// bfloat16 -> float (bfloat16 is the top half of a float).
float bf16ToFloat(uint16_t bf16);
// float -> bfloat16, round to nearest even; a NaN is kept and forced quiet, as ggml does.
uint16_t floatToBf16(float value);

}  // namespace hearth

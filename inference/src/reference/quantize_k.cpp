// K-quant reference quantizers, following ggml's quantize_row_q{2..6}_K_ref: fit each
// sub-block on its own (scale_search.cpp), quantize the sub-block scales (and mins) against one
// fp16 super-block scale, then re-round every value against the scales as they will be decoded.
#include "reference/quantize_k.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "quant/blocks.h"
#include "reference/scale_search.h"

namespace hearth::quant {
namespace {

constexpr int kSuper = kSuperBlockValues;

template <typename Block>
void storeBlock(void* dst, int64_t index, const Block& block) {
    std::memcpy(static_cast<uint8_t*>(dst) + index * sizeof(Block), &block, sizeof(Block));
}

// Q2_K / Q3_K: value e of each 128-value half goes to byte e % 32 of the half, bits 2 * (e / 32).
void packTwoBitQuants(const uint8_t* levels, uint8_t* qs) {
    for (int half = 0; half < kSuper; half += 128) {
        for (int l = 0; l < 32; ++l) {
            const uint8_t* q = levels + half + l;
            qs[half / 4 + l] =
                static_cast<uint8_t>(q[0] | (q[32] << 2) | (q[64] << 4) | (q[96] << 6));
        }
    }
}

// Q4_K / Q5_K: 8 (scale, min) pairs of 6 bits in 12 bytes; the inverse of the unpacking in
// dequantize.cpp.
void packScaleMinK4(const uint8_t* scales, const uint8_t* mins, uint8_t* packed) {
    for (int j = 0; j < 8; ++j) {
        if (j < 4) {
            packed[j] = scales[j];
            packed[j + 4] = mins[j];
        } else {
            packed[j + 4] = static_cast<uint8_t>((scales[j] & 0xf) | ((mins[j] & 0xf) << 4));
            packed[j - 4] |= static_cast<uint8_t>((scales[j] >> 4) << 6);
            packed[j] |= static_cast<uint8_t>((mins[j] >> 4) << 6);
        }
    }
}

void unpackScaleMinK4(const uint8_t* packed, int j, uint8_t* scale, uint8_t* min) {
    if (j < 4) {
        *scale = packed[j] & 63;
        *min = packed[j + 4] & 63;
    } else {
        *scale = (packed[j + 4] & 0xf) | ((packed[j - 4] >> 6) << 4);
        *min = (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4);
    }
}

// Re-rounds the values of each sub-block against its decoded scale and min (value ≈ d * q - m),
// so rounding in the 6-bit scales and fp16 d is absorbed. A sub-block whose decoded scale is
// zero keeps the levels of its fit.
void requantizeAffine(const float* x, int subSize, int subBlocks, int maxLevel,
                      const float* decodedScale, const float* decodedMin, uint8_t* levels) {
    for (int j = 0; j < subBlocks; ++j) {
        const float d = decodedScale[j];
        if (d == 0) {
            continue;
        }
        for (int i = j * subSize; i < (j + 1) * subSize; ++i) {
            const int level = nearestInt((x[i] + decodedMin[j]) / d);
            levels[i] = static_cast<uint8_t>(std::max(0, std::min(maxLevel, level)));
        }
    }
}

// Q2_K: 16 sub-blocks of 16 fitted with |x| weights and absolute error; 4-bit scales and mins.
void quantizeBlockQ2_K(const float* x, BlockQ2_K* block) {
    uint8_t levels[kSuper];
    float scales[16];
    float mins[16];
    float maxScale = 0;
    float maxMin = 0;
    for (int j = 0; j < 16; ++j) {
        float weights[16];
        for (int l = 0; l < 16; ++l) {
            weights[l] = std::fabs(x[16 * j + l]);
        }
        const AffineFit fit =
            fitAffineLevels(x + 16 * j, weights, 16, 3, {-0.5f, 0.1f, 15, true}, levels + 16 * j);
        scales[j] = fit.scale;
        mins[j] = fit.min;
        maxScale = fit.scale > maxScale ? fit.scale : maxScale;
        maxMin = fit.min > maxMin ? fit.min : maxMin;
    }

    // Sub-block scales become 4-bit multiples of d = maxScale / 15 (mins likewise of dmin). The
    // nibbles are or-ed in as ggml does: an out-of-range rounding would spill the same way.
    constexpr float kLevels = 15.f;
    std::ranges::fill(block->scales, uint8_t{0});
    block->d = floatToHalf(0.f);
    if (maxScale > 0) {
        const float inverse = kLevels / maxScale;
        for (int j = 0; j < 16; ++j) {
            block->scales[j] = static_cast<uint8_t>(nearestInt(inverse * scales[j]));
        }
        block->d = floatToHalf(maxScale / kLevels);
    }
    block->dmin = floatToHalf(0.f);
    if (maxMin > 0) {
        const float inverse = kLevels / maxMin;
        for (int j = 0; j < 16; ++j) {
            block->scales[j] |= static_cast<uint8_t>(nearestInt(inverse * mins[j]) << 4);
        }
        block->dmin = floatToHalf(maxMin / kLevels);
    }

    float decodedScale[16];
    float decodedMin[16];
    for (int j = 0; j < 16; ++j) {
        decodedScale[j] = halfToFloat(block->d) * static_cast<float>(block->scales[j] & 0xf);
        decodedMin[j] = halfToFloat(block->dmin) * static_cast<float>(block->scales[j] >> 4);
    }
    requantizeAffine(x, 16, 16, 3, decodedScale, decodedMin, levels);
    packTwoBitQuants(levels, block->qs);
}

// Q4_K / Q5_K share everything but the level count and the search grid.
template <typename Block>
void quantizeBlockK4(const float* x, int maxLevel, const AffineSearch& search, Block* block,
                     uint8_t* levels) {
    float scales[8];
    float mins[8];
    float maxScale = 0;
    float maxMin = 0;
    for (int j = 0; j < 8; ++j) {
        const float* sub = x + 32 * j;
        // Weights favour large values a little: |x| plus the sub-block's RMS, so that small
        // values still count.
        float sumSquares = 0;
        for (int l = 0; l < 32; ++l) {
            sumSquares += sub[l] * sub[l];
        }
        const float rms = std::sqrt(sumSquares / 32);
        float weights[32];
        for (int l = 0; l < 32; ++l) {
            weights[l] = rms + std::fabs(sub[l]);
        }
        const AffineFit fit = fitAffineLevels(sub, weights, 32, maxLevel, search, levels + 32 * j);
        scales[j] = fit.scale;
        mins[j] = fit.min;
        maxScale = fit.scale > maxScale ? fit.scale : maxScale;
        maxMin = fit.min > maxMin ? fit.min : maxMin;
    }

    const float inverseScale = maxScale > 0 ? 63.f / maxScale : 0.f;
    const float inverseMin = maxMin > 0 ? 63.f / maxMin : 0.f;
    uint8_t quantScales[8];
    uint8_t quantMins[8];
    for (int j = 0; j < 8; ++j) {
        // Truncated to 8 bits before the clamp, as ggml stores the rounding in a uint8_t.
        quantScales[j] =
            std::min<uint8_t>(63, static_cast<uint8_t>(nearestInt(inverseScale * scales[j])));
        quantMins[j] =
            std::min<uint8_t>(63, static_cast<uint8_t>(nearestInt(inverseMin * mins[j])));
    }
    std::ranges::fill(block->scales, uint8_t{0});
    packScaleMinK4(quantScales, quantMins, block->scales);
    block->d = floatToHalf(maxScale / 63.f);
    block->dmin = floatToHalf(maxMin / 63.f);

    float decodedScale[8];
    float decodedMin[8];
    for (int j = 0; j < 8; ++j) {
        uint8_t sc = 0;
        uint8_t m = 0;
        unpackScaleMinK4(block->scales, j, &sc, &m);
        decodedScale[j] = halfToFloat(block->d) * static_cast<float>(sc);
        decodedMin[j] = halfToFloat(block->dmin) * static_cast<float>(m);
    }
    requantizeAffine(x, 32, 8, maxLevel, decodedScale, decodedMin, levels);
}

// Q4_K/Q5_K value e of each 64-value chunk: byte e % 32 of the chunk, low nibble for e < 32.
void packFourBitQuants(const uint8_t* levels, uint8_t* qs) {
    for (int chunk = 0; chunk < kSuper; chunk += 64) {
        for (int l = 0; l < 32; ++l) {
            qs[chunk / 2 + l] = static_cast<uint8_t>((levels[chunk + l] & 0xf) |
                                                     ((levels[chunk + l + 32] & 0xf) << 4));
        }
    }
}

// Q3_K: 16 sub-blocks of 16 fitted symmetrically (levels -4..3); signed 6-bit sub-block scales.
void quantizeBlockQ3_K(const float* x, BlockQ3_K* block) {
    int8_t levels[kSuper];
    float scales[16];
    float maxScale = 0;  // the scale of largest magnitude, sign kept
    float absMax = 0;
    for (int j = 0; j < 16; ++j) {
        scales[j] = fitSymmetricLevelsIteratively(x + 16 * j, 16, 4, levels + 16 * j);
        if (std::fabs(scales[j]) > absMax) {
            absMax = std::fabs(scales[j]);
            maxScale = scales[j];
        }
    }

    std::ranges::fill(block->scales, uint8_t{0});
    block->d = floatToHalf(0.f);
    if (maxScale != 0) {
        // Like the values themselves, the largest scale maps to -32, the roomier end.
        const float inverse = -32.f / maxScale;
        for (int j = 0; j < 16; ++j) {
            const auto rounded = static_cast<int8_t>(nearestInt(inverse * scales[j]));
            const int q = std::max<int>(-32, std::min<int>(31, rounded)) + 32;
            block->scales[j % 8] |= static_cast<uint8_t>((q & 0xf) << (j < 8 ? 0 : 4));
            block->scales[8 + j % 4] |= static_cast<uint8_t>((q >> 4) << (2 * (j / 4)));
        }
        block->d = floatToHalf(1 / inverse);
    }

    for (int j = 0; j < 16; ++j) {
        const int low = j < 8 ? block->scales[j] & 0xf : block->scales[j - 8] >> 4;
        const int high = (block->scales[8 + j % 4] >> (2 * (j / 4))) & 3;
        const auto sc = static_cast<int8_t>((low | (high << 4)) - 32);
        const float d = halfToFloat(block->d) * static_cast<float>(sc);
        if (d == 0) {
            continue;
        }
        for (int i = 16 * j; i < 16 * j + 16; ++i) {
            levels[i] = static_cast<int8_t>(std::max(-4, std::min(3, nearestInt(x[i] / d))) + 4);
        }
    }

    // Levels 4..7 set their bit in hmask (value e: bit e / 32 of hmask[e % 32]); qs keeps the
    // low two bits.
    uint8_t lowBits[kSuper];
    std::ranges::fill(block->hmask, uint8_t{0});
    for (int e = 0; e < kSuper; ++e) {
        const int level = static_cast<uint8_t>(levels[e]);  // 0..7 by now
        if (level > 3) {
            block->hmask[e % 32] |= static_cast<uint8_t>(1 << (e / 32));
        }
        lowBits[e] = static_cast<uint8_t>(level > 3 ? level - 4 : level);
    }
    packTwoBitQuants(lowBits, block->qs);
}

// Q6_K: 16 sub-blocks of 16 fitted symmetrically (levels -32..31); signed 8-bit scales.
void quantizeBlockQ6_K(const float* x, BlockQ6_K* block) {
    int8_t levels[kSuper];
    float scales[16];
    float maxScale = 0;
    float absMax = 0;
    for (int j = 0; j < 16; ++j) {
        scales[j] = fitSymmetricLevels(x + 16 * j, 16, 32, levels + 16 * j);
        if (std::fabs(scales[j]) > absMax) {
            absMax = std::fabs(scales[j]);
            maxScale = scales[j];
        }
    }

    *block = BlockQ6_K{};
    if (absMax < kGroupMaxEps) {
        block->d = floatToHalf(0.f);
        return;  // all zeros: every field stays zero
    }
    const float inverse = -128.f / maxScale;
    block->d = floatToHalf(1 / inverse);
    for (int j = 0; j < 16; ++j) {
        block->scales[j] = static_cast<int8_t>(std::min(127, nearestInt(inverse * scales[j])));
    }
    for (int j = 0; j < 16; ++j) {
        const float d = halfToFloat(block->d) * static_cast<float>(block->scales[j]);
        if (d == 0) {
            continue;
        }
        for (int i = 16 * j; i < 16 * j + 16; ++i) {
            levels[i] = static_cast<int8_t>(std::max(-32, std::min(31, nearestInt(x[i] / d))) + 32);
        }
    }

    // Per 128-value half: low nibbles of values e and e + 64 share ql[e] (e < 64); the top two
    // bits of values e, e + 32, e + 64, e + 96 share qh[e] (e < 32).
    for (int half = 0; half < 2; ++half) {
        const int8_t* q = levels + 128 * half;
        uint8_t* ql = block->ql + 64 * half;
        uint8_t* qh = block->qh + 32 * half;
        for (int l = 0; l < 64; ++l) {
            ql[l] = static_cast<uint8_t>((q[l] & 0xf) | ((q[l + 64] & 0xf) << 4));
        }
        for (int l = 0; l < 32; ++l) {
            qh[l] = static_cast<uint8_t>((q[l] >> 4) | ((q[l + 32] >> 4) << 2) |
                                         ((q[l + 64] >> 4) << 4) | ((q[l + 96] >> 4) << 6));
        }
    }
}

}  // namespace

void quantizeQ2_K(const float* src, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b) {
        BlockQ2_K block{};
        quantizeBlockQ2_K(src + b * kSuper, &block);
        storeBlock(dst, b, block);
    }
}

void quantizeQ3_K(const float* src, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b) {
        BlockQ3_K block{};
        quantizeBlockQ3_K(src + b * kSuper, &block);
        storeBlock(dst, b, block);
    }
}

void quantizeQ4_K(const float* src, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b) {
        BlockQ4_K block{};
        uint8_t levels[kSuper];
        quantizeBlockK4(src + b * kSuper, 15, {-1.f, 0.1f, 20, false}, &block, levels);
        packFourBitQuants(levels, block.qs);
        storeBlock(dst, b, block);
    }
}

void quantizeQ5_K(const float* src, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b) {
        BlockQ5_K block{};
        uint8_t levels[kSuper];
        quantizeBlockK4(src + b * kSuper, 31, {-0.5f, 0.1f, 15, false}, &block, levels);
        // Sub-block s (32 values) keeps its fifth bits in bit s of qh[e % 32].
        for (int e = 0; e < kSuper; ++e) {
            if (levels[e] > 15) {
                block.qh[e % 32] |= static_cast<uint8_t>(1 << (e / 32));
            }
        }
        packFourBitQuants(levels, block.qs);
        storeBlock(dst, b, block);
    }
}

void quantizeQ6_K(const float* src, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b) {
        BlockQ6_K block{};
        quantizeBlockQ6_K(src + b * kSuper, &block);
        storeBlock(dst, b, block);
    }
}

}  // namespace hearth::quant

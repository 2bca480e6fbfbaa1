// quantizeRow(): the float formats and ggml's legacy 32-value blocks; K-quants live in
// quantize_k.cpp.
#include "reference/quantize.h"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "quant/blocks.h"
#include "reference/quantize_k.h"

namespace hearth {
namespace {

constexpr int kHalfBlock = kLegacyBlockValues / 2;

template <typename Block>
void storeBlock(void* dst, int64_t index, const Block& block) {
    std::memcpy(static_cast<uint8_t*>(dst) + index * sizeof(Block), &block, sizeof(Block));
}

// The value of largest magnitude with its sign; the first one wins a tie.
float signedAbsMax(const float* x) {
    float absMax = 0.0f;
    float signedMax = 0.0f;
    for (int j = 0; j < kLegacyBlockValues; ++j) {
        if (absMax < std::fabs(x[j])) {
            absMax = std::fabs(x[j]);
            signedMax = x[j];
        }
    }
    return signedMax;
}

struct Range {
    float min = FLT_MAX;
    float max = -FLT_MAX;
};

Range valueRange(const float* x) {
    Range range;
    for (int j = 0; j < kLegacyBlockValues; ++j) {
        range.min = x[j] < range.min ? x[j] : range.min;
        range.max = x[j] > range.max ? x[j] : range.max;
    }
    return range;
}

// ggml truncates (value + offset) toward zero to round; the cast goes through int as ggml's
// (int8_t) cast of an in-range float does.
int truncated(float value) {
    return static_cast<int>(value);
}

// Symmetric 4/5-bit blocks: the value of largest magnitude maps to level 0 (-8 or -16 after the
// offset), so the extreme keeps its exact value and the other end of the range gets one level
// less, which is free since it is no larger in magnitude.
void quantizeQ4_0(const float* x, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, x += kLegacyBlockValues) {
        const float d = signedAbsMax(x) / -8;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        BlockQ4_0 block{};
        block.d = floatToHalf(d);
        for (int j = 0; j < kHalfBlock; ++j) {
            const int q0 = std::min(15, truncated(x[j] * id + 8.5f));
            const int q1 = std::min(15, truncated(x[j + kHalfBlock] * id + 8.5f));
            block.qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
        }
        storeBlock(dst, b, block);
    }
}

void quantizeQ4_1(const float* x, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, x += kLegacyBlockValues) {
        const Range range = valueRange(x);
        const float d = (range.max - range.min) / 15;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        BlockQ4_1 block{};
        block.d = floatToHalf(d);
        block.m = floatToHalf(range.min);
        for (int j = 0; j < kHalfBlock; ++j) {
            const int q0 = std::min(15, truncated((x[j] - range.min) * id + 0.5f));
            const int q1 = std::min(15, truncated((x[j + kHalfBlock] - range.min) * id + 0.5f));
            block.qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
        }
        storeBlock(dst, b, block);
    }
}

// Splits 32 five-bit quants into low nibbles (qs) and a little-endian mask of fifth bits (qh).
template <typename Block>
void packFiveBit(const int* q, Block* block) {
    uint32_t highBits = 0;
    for (int j = 0; j < kHalfBlock; ++j) {
        block->qs[j] = static_cast<uint8_t>((q[j] & 0xf) | ((q[j + kHalfBlock] & 0xf) << 4));
        highBits |= static_cast<uint32_t>((q[j] >> 4) & 1) << j;
        highBits |= static_cast<uint32_t>((q[j + kHalfBlock] >> 4) & 1) << (j + kHalfBlock);
    }
    for (int i = 0; i < 4; ++i) {
        block->qh[i] = static_cast<uint8_t>(highBits >> (8 * i));
    }
}

void quantizeQ5_0(const float* x, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, x += kLegacyBlockValues) {
        const float d = signedAbsMax(x) / -16;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        int q[kLegacyBlockValues];
        for (int j = 0; j < kLegacyBlockValues; ++j) {
            // ggml keeps these in uint8_t before packing; & 0xff keeps any wrap identical.
            q[j] = std::min(31, truncated(x[j] * id + 16.5f)) & 0xff;
        }
        BlockQ5_0 block{};
        block.d = floatToHalf(d);
        packFiveBit(q, &block);
        storeBlock(dst, b, block);
    }
}

void quantizeQ5_1(const float* x, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, x += kLegacyBlockValues) {
        const Range range = valueRange(x);
        const float d = (range.max - range.min) / 31;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        int q[kLegacyBlockValues];
        for (int j = 0; j < kLegacyBlockValues; ++j) {
            // No clamp here, unlike Q4_1: ggml relies on (max - min) * id rounding to <= 31.5.
            q[j] = truncated((x[j] - range.min) * id + 0.5f) & 0xff;
        }
        BlockQ5_1 block{};
        block.d = floatToHalf(d);
        block.m = floatToHalf(range.min);
        packFiveBit(q, &block);
        storeBlock(dst, b, block);
    }
}

void quantizeQ8_0(const float* x, void* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, x += kLegacyBlockValues) {
        float absMax = 0.0f;
        for (int j = 0; j < kLegacyBlockValues; ++j) {
            absMax = std::max(std::fabs(x[j]), absMax);
        }
        const float d = absMax / 127;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        BlockQ8_0 block{};
        block.d = floatToHalf(d);
        for (int j = 0; j < kLegacyBlockValues; ++j) {
            // roundf: halves away from zero, unlike the K-quants' ties-to-even.
            block.qs[j] = static_cast<int8_t>(std::round(x[j] * id));
        }
        storeBlock(dst, b, block);
    }
}

void quantizeHalves(const float* x, void* dst, int64_t n, uint16_t (*convert)(float)) {
    for (int64_t i = 0; i < n; ++i) {
        storeBlock(dst, i, convert(x[i]));
    }
}

}  // namespace

void quantizeRow(TensorType type, const float* src, void* dst, int64_t n) {
    const TensorTypeTraits* traits = tensorTypeTraits(type);
    assert(traits != nullptr && n >= 0 && n % traits->blockValues == 0);
    const int64_t blocks = n / traits->blockValues;
    switch (type) {
        case TensorType::F32:
            std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
            return;
        case TensorType::F16:
            quantizeHalves(src, dst, n, floatToHalf);
            return;
        case TensorType::BF16:
            quantizeHalves(src, dst, n, floatToBf16);
            return;
        case TensorType::Q4_0:
            quantizeQ4_0(src, dst, blocks);
            return;
        case TensorType::Q4_1:
            quantizeQ4_1(src, dst, blocks);
            return;
        case TensorType::Q5_0:
            quantizeQ5_0(src, dst, blocks);
            return;
        case TensorType::Q5_1:
            quantizeQ5_1(src, dst, blocks);
            return;
        case TensorType::Q8_0:
            quantizeQ8_0(src, dst, blocks);
            return;
        case TensorType::Q2_K:
            quant::quantizeQ2_K(src, dst, blocks);
            return;
        case TensorType::Q3_K:
            quant::quantizeQ3_K(src, dst, blocks);
            return;
        case TensorType::Q4_K:
            quant::quantizeQ4_K(src, dst, blocks);
            return;
        case TensorType::Q5_K:
            quant::quantizeQ5_K(src, dst, blocks);
            return;
        case TensorType::Q6_K:
            quant::quantizeQ6_K(src, dst, blocks);
            return;
    }
    assert(false && "unsupported tensor type");
}

}  // namespace hearth

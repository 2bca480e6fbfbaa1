#include "reference/dequantize.h"

#include <cassert>
#include <cstring>

#include "quant/blocks.h"

namespace hearth {
namespace {

// Blocks are copied out of the byte stream rather than cast in place: tensor data in a mapped
// file carries no alignment or type guarantee for these structs.
template <typename Block>
Block loadBlock(const void* src, int64_t index) {
    Block block{};
    std::memcpy(&block, static_cast<const uint8_t*>(src) + index * sizeof(Block), sizeof(Block));
    return block;
}

// Q4_K and Q5_K pack eight 6-bit scales and eight 6-bit mins into 12 bytes: sub-blocks 0-3 use
// the low 6 bits of bytes 0-7, sub-blocks 4-7 put their low 4 bits in bytes 8-11 and their top
// 2 bits in the spare top bits of bytes 0-7.
void unpackScaleMinK4(const uint8_t* packed, int subBlock, uint8_t* scale, uint8_t* min) {
    if (subBlock < 4) {
        *scale = packed[subBlock] & 63;
        *min = packed[subBlock + 4] & 63;
    } else {
        *scale = (packed[subBlock + 4] & 0xf) | ((packed[subBlock - 4] >> 6) << 4);
        *min = (packed[subBlock + 4] >> 4) | ((packed[subBlock] >> 6) << 4);
    }
}

// Q3_K's 16 6-bit scales: low nibbles in bytes 0-7 (sub-block j and j + 8 share a byte), top
// two bits in bytes 8-11, four per byte.
int unpackScaleQ3K(const uint8_t* packed, int subBlock) {
    const int low = subBlock < 8 ? packed[subBlock] & 0xf : packed[subBlock - 8] >> 4;
    const int high = (packed[8 + subBlock % 4] >> (2 * (subBlock / 4))) & 3;
    return (low | (high << 4)) - 32;
}

void dequantizeQ4_0(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kLegacyBlockValues) {
        const auto block = loadBlock<BlockQ4_0>(src, b);
        const float d = halfToFloat(block.d);
        for (int j = 0; j < kLegacyBlockValues / 2; ++j) {
            dst[j] = static_cast<float>((block.qs[j] & 0xf) - 8) * d;
            dst[j + 16] = static_cast<float>((block.qs[j] >> 4) - 8) * d;
        }
    }
}

void dequantizeQ4_1(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kLegacyBlockValues) {
        const auto block = loadBlock<BlockQ4_1>(src, b);
        const float d = halfToFloat(block.d);
        const float m = halfToFloat(block.m);
        for (int j = 0; j < kLegacyBlockValues / 2; ++j) {
            dst[j] = static_cast<float>(block.qs[j] & 0xf) * d + m;
            dst[j + 16] = static_cast<float>(block.qs[j] >> 4) * d + m;
        }
    }
}

// The 5-bit legacy formats keep the fifth bit of value j in bit j of a little-endian uint32.
int fifthBit(const uint8_t* qh, int j) {
    return ((qh[j / 8] >> (j % 8)) & 1) << 4;
}

void dequantizeQ5_0(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kLegacyBlockValues) {
        const auto block = loadBlock<BlockQ5_0>(src, b);
        const float d = halfToFloat(block.d);
        for (int j = 0; j < kLegacyBlockValues / 2; ++j) {
            const int q0 = ((block.qs[j] & 0xf) | fifthBit(block.qh, j)) - 16;
            const int q1 = ((block.qs[j] >> 4) | fifthBit(block.qh, j + 16)) - 16;
            dst[j] = static_cast<float>(q0) * d;
            dst[j + 16] = static_cast<float>(q1) * d;
        }
    }
}

void dequantizeQ5_1(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kLegacyBlockValues) {
        const auto block = loadBlock<BlockQ5_1>(src, b);
        const float d = halfToFloat(block.d);
        const float m = halfToFloat(block.m);
        for (int j = 0; j < kLegacyBlockValues / 2; ++j) {
            const int q0 = (block.qs[j] & 0xf) | fifthBit(block.qh, j);
            const int q1 = (block.qs[j] >> 4) | fifthBit(block.qh, j + 16);
            dst[j] = static_cast<float>(q0) * d + m;
            dst[j + 16] = static_cast<float>(q1) * d + m;
        }
    }
}

void dequantizeQ8_0(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kLegacyBlockValues) {
        const auto block = loadBlock<BlockQ8_0>(src, b);
        const float d = halfToFloat(block.d);
        for (int j = 0; j < kLegacyBlockValues; ++j) {
            dst[j] = static_cast<float>(block.qs[j]) * d;
        }
    }
}

// Q2_K and Q3_K store value e of each 128-value half in byte e % 32 of that half's 32 qs bytes,
// at bit offset 2 * (e / 32).
int twoBitQuant(const uint8_t* qs, int value) {
    const uint8_t byte = qs[(value / 128) * 32 + value % 32];
    return (byte >> (2 * ((value % 128) / 32))) & 3;
}

void dequantizeQ2_K(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kSuperBlockValues) {
        const auto block = loadBlock<BlockQ2_K>(src, b);
        const float d = halfToFloat(block.d);
        const float dmin = halfToFloat(block.dmin);
        for (int sub = 0; sub < kSuperBlockValues / 16; ++sub) {
            const float scale = d * static_cast<float>(block.scales[sub] & 0xf);
            const float min = dmin * static_cast<float>(block.scales[sub] >> 4);
            for (int e = 16 * sub; e < 16 * sub + 16; ++e) {
                dst[e] = scale * static_cast<float>(twoBitQuant(block.qs, e)) - min;
            }
        }
    }
}

void dequantizeQ3_K(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kSuperBlockValues) {
        const auto block = loadBlock<BlockQ3_K>(src, b);
        const float d = halfToFloat(block.d);
        for (int sub = 0; sub < kSuperBlockValues / 16; ++sub) {
            const float scale = d * static_cast<float>(unpackScaleQ3K(block.scales, sub));
            for (int e = 16 * sub; e < 16 * sub + 16; ++e) {
                // A clear hmask bit means the quant is in -4..-1, a set one 0..3.
                const bool high = (block.hmask[e % 32] >> (e / 32)) & 1;
                const int q = twoBitQuant(block.qs, e) - (high ? 0 : 4);
                dst[e] = scale * static_cast<float>(q);
            }
        }
    }
}

// Q4_K and Q5_K store value e of each 64-value chunk in byte e % 32 of that chunk's 32 qs bytes:
// the first 32 values in the low nibbles, the next 32 in the high ones.
int fourBitQuant(const uint8_t* qs, int value) {
    const uint8_t byte = qs[(value / 64) * 32 + value % 32];
    return (value % 64) < 32 ? byte & 0xf : byte >> 4;
}

void dequantizeQ4_K(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kSuperBlockValues) {
        const auto block = loadBlock<BlockQ4_K>(src, b);
        const float d = halfToFloat(block.d);
        const float dmin = halfToFloat(block.dmin);
        for (int sub = 0; sub < kSuperBlockValues / 32; ++sub) {
            uint8_t sc = 0;
            uint8_t m = 0;
            unpackScaleMinK4(block.scales, sub, &sc, &m);
            const float scale = d * static_cast<float>(sc);
            const float min = dmin * static_cast<float>(m);
            for (int e = 32 * sub; e < 32 * sub + 32; ++e) {
                dst[e] = scale * static_cast<float>(fourBitQuant(block.qs, e)) - min;
            }
        }
    }
}

void dequantizeQ5_K(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kSuperBlockValues) {
        const auto block = loadBlock<BlockQ5_K>(src, b);
        const float d = halfToFloat(block.d);
        const float dmin = halfToFloat(block.dmin);
        for (int sub = 0; sub < kSuperBlockValues / 32; ++sub) {
            uint8_t sc = 0;
            uint8_t m = 0;
            unpackScaleMinK4(block.scales, sub, &sc, &m);
            const float scale = d * static_cast<float>(sc);
            const float min = dmin * static_cast<float>(m);
            for (int e = 32 * sub; e < 32 * sub + 32; ++e) {
                // Sub-block s keeps its fifth bits in bit s of qh[e % 32].
                const int high = ((block.qh[e % 32] >> sub) & 1) << 4;
                const int q = fourBitQuant(block.qs, e) | high;
                dst[e] = scale * static_cast<float>(q) - min;
            }
        }
    }
}

// Q6_K, per 128-value half: value e (0..127) takes its low nibble from ql[e % 64] (low nibble
// for e < 64, high otherwise) and its top two bits from qh[e % 32] at bit 2 * (e / 32).
int sixBitQuant(const uint8_t* ql, const uint8_t* qh, int value) {
    const int half = value / 128;
    const int e = value % 128;
    const uint8_t lowByte = ql[half * 64 + e % 64];
    const int low = e < 64 ? lowByte & 0xf : lowByte >> 4;
    const int high = (qh[half * 32 + e % 32] >> (2 * (e / 32))) & 3;
    return (low | (high << 4)) - 32;
}

void dequantizeQ6_K(const void* src, float* dst, int64_t blocks) {
    for (int64_t b = 0; b < blocks; ++b, dst += kSuperBlockValues) {
        const auto block = loadBlock<BlockQ6_K>(src, b);
        const float d = halfToFloat(block.d);
        for (int e = 0; e < kSuperBlockValues; ++e) {
            // (d * scale) * q: ggml multiplies in this order, and the rounding depends on it.
            const int8_t subBlockScale = block.scales[e / 16];
            const float scale = d * static_cast<float>(subBlockScale);
            dst[e] = scale * static_cast<float>(sixBitQuant(block.ql, block.qh, e));
        }
    }
}

void dequantizeHalves(const void* src, float* dst, int64_t n, float (*convert)(uint16_t)) {
    for (int64_t i = 0; i < n; ++i) {
        dst[i] = convert(loadBlock<uint16_t>(src, i));
    }
}

}  // namespace

void dequantizeRow(TensorType type, const void* src, float* dst, int64_t n) {
    const TensorTypeTraits* traits = tensorTypeTraits(type);
    assert(traits != nullptr && n >= 0 && n % traits->blockValues == 0);
    const int64_t blocks = n / traits->blockValues;
    switch (type) {
        case TensorType::F32:
            std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
            return;
        case TensorType::F16:
            dequantizeHalves(src, dst, n, halfToFloat);
            return;
        case TensorType::BF16:
            dequantizeHalves(src, dst, n, bf16ToFloat);
            return;
        case TensorType::Q4_0:
            dequantizeQ4_0(src, dst, blocks);
            return;
        case TensorType::Q4_1:
            dequantizeQ4_1(src, dst, blocks);
            return;
        case TensorType::Q5_0:
            dequantizeQ5_0(src, dst, blocks);
            return;
        case TensorType::Q5_1:
            dequantizeQ5_1(src, dst, blocks);
            return;
        case TensorType::Q8_0:
            dequantizeQ8_0(src, dst, blocks);
            return;
        case TensorType::Q2_K:
            dequantizeQ2_K(src, dst, blocks);
            return;
        case TensorType::Q3_K:
            dequantizeQ3_K(src, dst, blocks);
            return;
        case TensorType::Q4_K:
            dequantizeQ4_K(src, dst, blocks);
            return;
        case TensorType::Q5_K:
            dequantizeQ5_K(src, dst, blocks);
            return;
        case TensorType::Q6_K:
            dequantizeQ6_K(src, dst, blocks);
            return;
    }
    assert(false && "unsupported tensor type");
}

}  // namespace hearth

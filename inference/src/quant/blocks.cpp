#include "quant/blocks.h"

#include <bit>

namespace hearth {
namespace {

constexpr uint32_t kFloatSign = 0x80000000u;
constexpr uint32_t kFloatInfinity = 0x7f800000u;
constexpr uint32_t kFloatQuietBit = 0x00400000u;
constexpr uint32_t kFloatMantissa = 0x007fffffu;

// Drops `shift` low bits of `value`, rounding to nearest with ties to even. A carry out of the
// kept mantissa bits is fine: it moves the result to the next binade, which is the right answer.
uint32_t shiftRightRoundingToEven(uint32_t value, uint32_t shift) {
    const uint32_t kept = value >> shift;
    const uint32_t dropped = value & ((1u << shift) - 1u);
    const uint32_t half = 1u << (shift - 1u);
    const bool roundUp = dropped > half || (dropped == half && (kept & 1u) != 0);
    return kept + (roundUp ? 1u : 0u);
}

}  // namespace

float halfToFloat(uint16_t half) {
    const uint32_t sign = static_cast<uint32_t>(half & 0x8000u) << 16;
    const uint32_t exponent = (half >> 10) & 0x1fu;
    const uint32_t mantissa = half & 0x3ffu;
    if (exponent == 0) {
        // Zero or subnormal: mantissa counts units of 2^-24, exactly representable in a float.
        const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
        return std::bit_cast<float>(sign | std::bit_cast<uint32_t>(magnitude));
    }
    if (exponent == 0x1f) {
        const uint32_t nanBits = mantissa != 0 ? (mantissa << 13) | kFloatQuietBit : 0u;
        return std::bit_cast<float>(sign | kFloatInfinity | nanBits);
    }
    // Rebias the exponent from 15 to 127.
    return std::bit_cast<float>(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}

uint16_t floatToHalf(float value) {
    const uint32_t bits = std::bit_cast<uint32_t>(value);
    const auto sign = static_cast<uint16_t>((bits & kFloatSign) >> 16);
    const uint32_t magnitude = bits & ~kFloatSign;

    if (magnitude > kFloatInfinity) {
        return sign | 0x7e00u;  // ggml writes one canonical quiet NaN, dropping the payload
    }
    // 65520 is halfway between 65504 (the largest half) and 65536; the tie goes to the even
    // neighbour, 65536, which does not exist, so it and everything above become infinity.
    if (magnitude >= 0x477ff000u) {
        return sign | 0x7c00u;
    }
    const uint32_t exponent = magnitude >> 23;
    if (exponent >= 113) {
        // Normal half: rebias 127 -> 15 in place, then drop 13 mantissa bits.
        return sign | static_cast<uint16_t>(shiftRightRoundingToEven(magnitude - (112u << 23), 13));
    }
    // Subnormal half (or zero): count units of 2^-24. A value below 2^-25 rounds to zero, and
    // shifting the 24-bit significand by more than 24 places would lose even the rounding bit.
    const uint32_t shift = 126u - exponent;
    if (shift > 24) {
        return sign;
    }
    const uint32_t significand = (magnitude & kFloatMantissa) | 0x00800000u;
    return sign | static_cast<uint16_t>(shiftRightRoundingToEven(significand, shift));
}

float bf16ToFloat(uint16_t bf16) {
    return std::bit_cast<float>(static_cast<uint32_t>(bf16) << 16);
}

uint16_t floatToBf16(float value) {
    const uint32_t bits = std::bit_cast<uint32_t>(value);
    if ((bits & ~kFloatSign) > kFloatInfinity) {
        // Truncating could turn a NaN with only low payload bits into infinity; the quiet bit
        // (bit 6 of the bfloat16) keeps it a NaN.
        return static_cast<uint16_t>((bits >> 16) | 0x40u);
    }
    // Round to nearest even; an overflow carries into the exponent and yields infinity.
    return static_cast<uint16_t>(shiftRightRoundingToEven(bits, 16));
}

}  // namespace hearth

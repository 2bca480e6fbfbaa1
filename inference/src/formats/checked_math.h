// Overflow-checked arithmetic for sizes and offsets read from untrusted files.
//
// Each helper returns std::nullopt instead of wrapping, so a parser can turn an overflow into
// an error message rather than into a small number that passes a later bounds check.
#pragma once

#include <cstdint>
#include <optional>

namespace hearth::formats {

inline std::optional<uint64_t> checkedAdd(uint64_t a, uint64_t b) {
    uint64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
    return sum;
}

inline std::optional<uint64_t> checkedMul(uint64_t a, uint64_t b) {
    uint64_t product = 0;
    if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
    return product;
}

inline bool isPowerOfTwo(uint64_t value) {
    return value != 0 && (value & (value - 1)) == 0;
}

// `value` rounded up to a multiple of `alignment` (a power of two); nullopt on overflow.
inline std::optional<uint64_t> checkedAlignUp(uint64_t value, uint64_t alignment) {
    if (!isPowerOfTwo(alignment)) return std::nullopt;
    const uint64_t padding = (alignment - (value & (alignment - 1))) & (alignment - 1);
    return checkedAdd(value, padding);
}

}  // namespace hearth::formats

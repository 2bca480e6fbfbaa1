#include "quant/tensor_type.h"

#include <algorithm>
#include <array>
#include <limits>

#include "quant/blocks.h"

namespace hearth {
namespace {

constexpr std::array<TensorTypeTraits, 13> kTraits = {{
    {TensorType::F32, "f32", 1, sizeof(float)},
    {TensorType::F16, "f16", 1, sizeof(uint16_t)},
    {TensorType::Q4_0, "q4_0", kLegacyBlockValues, sizeof(BlockQ4_0)},
    {TensorType::Q4_1, "q4_1", kLegacyBlockValues, sizeof(BlockQ4_1)},
    {TensorType::Q5_0, "q5_0", kLegacyBlockValues, sizeof(BlockQ5_0)},
    {TensorType::Q5_1, "q5_1", kLegacyBlockValues, sizeof(BlockQ5_1)},
    {TensorType::Q8_0, "q8_0", kLegacyBlockValues, sizeof(BlockQ8_0)},
    {TensorType::Q2_K, "q2_K", kSuperBlockValues, sizeof(BlockQ2_K)},
    {TensorType::Q3_K, "q3_K", kSuperBlockValues, sizeof(BlockQ3_K)},
    {TensorType::Q4_K, "q4_K", kSuperBlockValues, sizeof(BlockQ4_K)},
    {TensorType::Q5_K, "q5_K", kSuperBlockValues, sizeof(BlockQ5_K)},
    {TensorType::Q6_K, "q6_K", kSuperBlockValues, sizeof(BlockQ6_K)},
    {TensorType::BF16, "bf16", 1, sizeof(uint16_t)},
}};

constexpr std::array<TensorType, kTraits.size()> kTypes = [] {
    std::array<TensorType, kTraits.size()> types{};
    for (size_t i = 0; i < kTraits.size(); ++i) {
        types[i] = kTraits[i].type;
    }
    return types;
}();

char lowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) { return lowerAscii(x) == lowerAscii(y); });
}

}  // namespace

const TensorTypeTraits* tensorTypeTraits(TensorType type) {
    const auto it = std::ranges::find(kTraits, type, &TensorTypeTraits::type);
    return it == kTraits.end() ? nullptr : &*it;
}

const TensorTypeTraits* tensorTypeTraitsByName(std::string_view name) {
    const auto it = std::ranges::find_if(
        kTraits, [name](const TensorTypeTraits& t) { return equalsIgnoringCase(t.name, name); });
    return it == kTraits.end() ? nullptr : &*it;
}

std::span<const TensorType> supportedTensorTypes() {
    return kTypes;
}

std::optional<uint64_t> tensorRowBytes(TensorType type, uint64_t n) {
    const TensorTypeTraits* traits = tensorTypeTraits(type);
    if (traits == nullptr || n % traits->blockValues != 0) {
        return std::nullopt;
    }
    const uint64_t blocks = n / traits->blockValues;
    // GGUF dimensions come from untrusted files, so the product must not wrap.
    if (blocks > std::numeric_limits<uint64_t>::max() / traits->blockBytes) {
        return std::nullopt;
    }
    return blocks * traits->blockBytes;
}

}  // namespace hearth

// Tensor element types: the ggml block formats a GGUF file can hold that Hearth reads.
//
// The enum values are ggml's ggml_type ids because GGUF stores those ids verbatim; a value that
// is not listed here is a type we do not support (IQ formats, removed Q4_2, ...), and
// tensorTypeTraits() returns nullptr for it so a file parser can reject it by name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace hearth {

// Values are ggml's ggml_type ids (GGUF stores them).
enum class TensorType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    BF16 = 30,
};

struct TensorTypeTraits {
    TensorType type;
    const char* name;      // ggml's spelling ("q4_K"), as llama.cpp tools print it
    uint32_t blockValues;  // values per block: 1 for float types, 32 legacy, 256 K-quants
    uint32_t blockBytes;   // bytes per block
};

// nullptr when the type is not supported (any id GGUF may carry can be passed safely).
const TensorTypeTraits* tensorTypeTraits(TensorType type);

// Looks a type up by its ggml name, case-insensitively ("q4_k", "Q4_K", "bf16").
const TensorTypeTraits* tensorTypeTraitsByName(std::string_view name);

// All supported types, in the order of the enum.
std::span<const TensorType> supportedTensorTypes();

// Bytes of a row of n values; std::nullopt if n is not a multiple of blockValues or on overflow.
std::optional<uint64_t> tensorRowBytes(TensorType type, uint64_t n);

}  // namespace hearth

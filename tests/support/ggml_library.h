// ggml's own CPU quantization code, loaded at run time as the reference for parity tests.
//
// The library is libggml-base.so from the node-llama-cpp package (`npm ci` in tests/reference);
// HEARTH_GGML_BASE holds its full path. There are no ggml headers here on purpose: the few C
// entry points we call are declared in ggml_library.cpp, and ggml's type ids are exactly
// TensorType's values. When the variable is unset or the library cannot be loaded, the
// instance reports unavailable() with a reason, and tests skip with that reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "quant/tensor_type.h"

namespace hearth::test {

class GgmlLibrary {
public:
    // Loads the library on first use; the result (success or the reason for failure) is kept
    // for the life of the process.
    static const GgmlLibrary& instance();

    bool available() const { return m_handle != nullptr; }
    // Why the library is unavailable, in words fit for a GTEST_SKIP message.
    const std::string& unavailableReason() const { return m_unavailableReason; }

    // The calls below require available().

    // ggml's dequantize_row_<type> (ggml_fp16_to_fp32_row / ggml_bf16_to_fp32_row for the
    // half types, a copy for F32).
    void dequantizeRow(TensorType type, const void* src, float* dst, int64_t n) const;
    // ggml_quantize_chunk without an importance matrix; returns the bytes written.
    size_t quantizeChunk(TensorType type, const float* src, void* dst, int64_t rows,
                         int64_t valuesPerRow) const;

    // ggml's scalar conversions, to check ours against exhaustively.
    float halfToFloat(uint16_t half) const;
    uint16_t floatToHalf(float value) const;
    float bf16ToFloat(uint16_t bf16) const;
    uint16_t floatToBf16(float value) const;

    GgmlLibrary(const GgmlLibrary&) = delete;
    GgmlLibrary& operator=(const GgmlLibrary&) = delete;
    ~GgmlLibrary();

private:
    GgmlLibrary();
    bool resolveSymbols();

    struct Symbols;
    void* m_handle = nullptr;
    std::string m_unavailableReason;
    std::unique_ptr<const Symbols> m_symbols;
};

}  // namespace hearth::test

#include "support/ggml_library.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace hearth::test {
namespace {

// ggml's C ABI as it appears in ggml.h / ggml-quants.h. enum ggml_type is passed as an int;
// ggml_fp16_t is a uint16_t; ggml_bf16_t is a struct holding one uint16_t.
struct GgmlBf16 {
    uint16_t bits;
};
using DequantizeRowFn = void (*)(const void* src, float* dst, int64_t n);
using HalfRowFn = void (*)(const uint16_t* src, float* dst, int64_t n);
using Bf16RowFn = void (*)(const GgmlBf16* src, float* dst, int64_t n);
using QuantizeChunkFn = size_t (*)(int type, const float* src, void* dst, int64_t start,
                                   int64_t rows, int64_t valuesPerRow, const float* imatrix);
using HalfToFloatFn = float (*)(uint16_t);
using FloatToHalfFn = uint16_t (*)(float);
using Bf16ToFloatFn = float (*)(GgmlBf16);
using FloatToBf16Fn = GgmlBf16 (*)(float);

constexpr const char* kSetupHint =
    "run `npm ci` in tests/reference and set HEARTH_GGML_BASE to the full path of its "
    "node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so";

}  // namespace

struct GgmlLibrary::Symbols {
    QuantizeChunkFn quantizeChunk = nullptr;
    HalfRowFn halfRow = nullptr;
    Bf16RowFn bf16Row = nullptr;
    HalfToFloatFn halfToFloat = nullptr;
    FloatToHalfFn floatToHalf = nullptr;
    Bf16ToFloatFn bf16ToFloat = nullptr;
    FloatToBf16Fn floatToBf16 = nullptr;
    // Indexed by ggml type id; the K-quant ids are all below 16.
    DequantizeRowFn dequantizeRow[16] = {};
};

const GgmlLibrary& GgmlLibrary::instance() {
    static const GgmlLibrary library;
    return library;
}

GgmlLibrary::GgmlLibrary() {
    const char* path = std::getenv("HEARTH_GGML_BASE");
    if (path == nullptr || *path == '\0') {
        m_unavailableReason =
            std::string("ggml reference unavailable: HEARTH_GGML_BASE is not set; ") + kSetupHint;
        return;
    }
    // RTLD_LOCAL: ggml's symbols must not interpose on anything else in the test binary.
    m_handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (m_handle == nullptr) {
        const char* error = dlerror();
        m_unavailableReason = std::string("ggml reference unavailable: cannot load ") + path +
                              ": " + (error != nullptr ? error : "unknown error") + "; " +
                              kSetupHint;
        return;
    }
    if (!resolveSymbols()) {
        dlclose(m_handle);
        m_handle = nullptr;
    }
}

GgmlLibrary::~GgmlLibrary() {
    if (m_handle != nullptr) {
        dlclose(m_handle);
    }
}

bool GgmlLibrary::resolveSymbols() {
    auto symbols = std::make_unique<Symbols>();
    bool ok = true;
    auto resolve = [&](auto& target, const char* name) {
        void* address = dlsym(m_handle, name);
        if (address == nullptr) {
            if (ok) {
                m_unavailableReason =
                    std::string("ggml reference unavailable: the library has no `") + name +
                    "` (an incompatible ggml build?); " + kSetupHint;
            }
            ok = false;
            return;
        }
        // dlsym returns object pointers; POSIX guarantees the function-pointer round trip.
        target = reinterpret_cast<std::remove_reference_t<decltype(target)>>(address);
    };
    resolve(symbols->quantizeChunk, "ggml_quantize_chunk");
    resolve(symbols->halfRow, "ggml_fp16_to_fp32_row");
    resolve(symbols->bf16Row, "ggml_bf16_to_fp32_row");
    resolve(symbols->halfToFloat, "ggml_fp16_to_fp32");
    resolve(symbols->floatToHalf, "ggml_fp32_to_fp16");
    resolve(symbols->bf16ToFloat, "ggml_bf16_to_fp32");
    resolve(symbols->floatToBf16, "ggml_fp32_to_bf16");
    const struct {
        TensorType type;
        const char* name;
    } rowDequantizers[] = {
        {TensorType::Q4_0, "dequantize_row_q4_0"}, {TensorType::Q4_1, "dequantize_row_q4_1"},
        {TensorType::Q5_0, "dequantize_row_q5_0"}, {TensorType::Q5_1, "dequantize_row_q5_1"},
        {TensorType::Q8_0, "dequantize_row_q8_0"}, {TensorType::Q2_K, "dequantize_row_q2_K"},
        {TensorType::Q3_K, "dequantize_row_q3_K"}, {TensorType::Q4_K, "dequantize_row_q4_K"},
        {TensorType::Q5_K, "dequantize_row_q5_K"}, {TensorType::Q6_K, "dequantize_row_q6_K"},
    };
    for (const auto& entry : rowDequantizers) {
        resolve(symbols->dequantizeRow[static_cast<uint32_t>(entry.type)], entry.name);
    }
    if (ok) {
        m_symbols = std::move(symbols);
    }
    return ok;
}

void GgmlLibrary::dequantizeRow(TensorType type, const void* src, float* dst, int64_t n) const {
    switch (type) {
        case TensorType::F32:
            std::memcpy(dst, src, static_cast<size_t>(n) * sizeof(float));
            return;
        case TensorType::F16:
            m_symbols->halfRow(static_cast<const uint16_t*>(src), dst, n);
            return;
        case TensorType::BF16:
            m_symbols->bf16Row(static_cast<const GgmlBf16*>(src), dst, n);
            return;
        default:
            break;
    }
    const auto id = static_cast<uint32_t>(type);
    if (id >= std::size(m_symbols->dequantizeRow) || m_symbols->dequantizeRow[id] == nullptr) {
        throw std::invalid_argument("GgmlLibrary::dequantizeRow: unsupported type");
    }
    m_symbols->dequantizeRow[id](src, dst, n);
}

size_t GgmlLibrary::quantizeChunk(TensorType type, const float* src, void* dst, int64_t rows,
                                  int64_t valuesPerRow) const {
    return m_symbols->quantizeChunk(static_cast<int>(type), src, dst, 0, rows, valuesPerRow,
                                    nullptr);
}

float GgmlLibrary::halfToFloat(uint16_t half) const {
    return m_symbols->halfToFloat(half);
}

uint16_t GgmlLibrary::floatToHalf(float value) const {
    return m_symbols->floatToHalf(value);
}

float GgmlLibrary::bf16ToFloat(uint16_t bf16) const {
    return m_symbols->bf16ToFloat(GgmlBf16{bf16});
}

uint16_t GgmlLibrary::floatToBf16(float value) const {
    return m_symbols->floatToBf16(value).bits;
}

}  // namespace hearth::test

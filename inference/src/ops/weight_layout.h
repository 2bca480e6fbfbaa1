// How a matrix of a given tensor type is laid out for the quantized kernels, and how a tensor
// larger than one storage binding (maxStorageBufferRange: 128 MiB on lavapipe) is bound in
// row ranges instead of being rejected.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "hearth/status.h"
#include "quant/tensor_type.h"
#include "vk/buffer.h"
#include "vk/device.h"

namespace hearth::ops {

// A row-major matrix on the device: `rows` rows of `cols` values, rows contiguous.
struct WeightView {
    vk::BufferRange range;
    TensorType type = TensorType::F32;
    uint32_t rows = 0;
    uint32_t cols = 0;
};

struct WeightLayout {
    uint32_t rowBytes = 0;
    uint32_t chunksPerRow = 0;  // kernels dequantize 8 values at a time
    std::string shaderSuffix;   // "q4_k": names the shader variant
};

// Fails with a clear message for an unsupported type or a row length the kernels cannot take
// (not a multiple of the type's block, nor of 8).
Result<WeightLayout> weightLayout(TensorType type, uint64_t cols);

// Rows per binding such that every listed per-row byte size times the row count fits in one
// storage binding (with room for the word-rounding of the last row) and the next range starts
// on the device's offset alignment.
Result<uint32_t> rowsPerBinding(const vk::Device& device, std::initializer_list<uint64_t> rowBytes);

// The bytes of a binding covering `bytes` of data: rounded up to whole 16-byte units (kernels
// read words, or 16-byte texels), clipped to the buffer (whose size is a multiple of 16).
vk::BufferRange wordRange(const vk::BufferRange& base, uint64_t offset, uint64_t bytes);

}  // namespace hearth::ops

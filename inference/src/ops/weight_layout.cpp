#include "ops/weight_layout.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace hearth::ops {

Result<WeightLayout> weightLayout(TensorType type, uint64_t cols) {
    const TensorTypeTraits* traits = tensorTypeTraits(type);
    if (traits == nullptr)
        return Status::error("tensor type " + std::to_string(static_cast<uint32_t>(type)) +
                             " is not supported by the Vulkan kernels");
    const std::optional<uint64_t> rowBytes = tensorRowBytes(type, cols);
    if (!rowBytes || cols % 8 != 0 || cols == 0) {
        return Status::error("a row of " + std::to_string(cols) + " " + traits->name +
                             " values cannot be processed: the length must be a multiple of " +
                             std::to_string(std::max<uint32_t>(traits->blockValues, 8)));
    }
    if (*rowBytes > UINT32_MAX) return Status::error("a matrix row is too large");
    WeightLayout layout;
    layout.rowBytes = static_cast<uint32_t>(*rowBytes);
    layout.chunksPerRow = static_cast<uint32_t>(cols / 8);
    for (const char* c = traits->name; *c; ++c)
        layout.shaderSuffix += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
    return layout;
}

Result<uint32_t> rowsPerBinding(const vk::Device& device,
                                std::initializer_list<uint64_t> rowBytes) {
    // Ranges may be bound as storage or as RGBA32UI texel buffers, so both limits apply.
    // 16 too: texel ranges are whole 16-byte texels, so every range starts on one.
    const uint64_t align = std::lcm(std::lcm(device.caps().minStorageBufferOffsetAlignment,
                                             device.caps().minTexelBufferOffsetAlignment),
                                    uint64_t{16});
    const uint64_t maxRange = std::min<uint64_t>(
        device.info().maxStorageBufferRange, uint64_t{device.caps().maxTexelBufferElements} * 16);
    uint64_t step = 1;
    uint64_t limit = UINT32_MAX;
    for (uint64_t bytes : rowBytes) {
        if (bytes == 0) continue;
        step = std::lcm(step, align / std::gcd(bytes, align));
        limit = std::min(limit, (maxRange - 16) / bytes);
    }
    const uint64_t rows = limit / step * step;
    if (rows == 0) return Status::error("a matrix row is larger than one GPU storage binding");
    return static_cast<uint32_t>(std::min<uint64_t>(rows, UINT32_MAX));
}

vk::BufferRange wordRange(const vk::BufferRange& base, uint64_t offset, uint64_t bytes) {
    const uint64_t start = base.offset + offset;
    const uint64_t available = base.buffer->size() - start;
    return {base.buffer, start, std::min((bytes + 15) / 16 * 16, available)};
}

}  // namespace hearth::ops

#include "ops/op_context.h"

namespace hearth::ops {

Grid flatGrid(uint64_t invocations, uint32_t groupSize) {
    const uint64_t groups = (invocations + groupSize - 1) / groupSize;
    constexpr uint64_t kMaxX = 65535;
    if (groups <= kMaxX) return {static_cast<uint32_t>(groups ? groups : 1), 1};
    return {static_cast<uint32_t>(kMaxX), static_cast<uint32_t>((groups + kMaxX - 1) / kMaxX)};
}

uint32_t elementwiseGroupSize(const vk::Device& device) {
    return device.isCpu() ? 256 : 256;
}

}  // namespace hearth::ops

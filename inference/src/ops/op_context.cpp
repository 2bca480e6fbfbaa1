#include "ops/op_context.h"

namespace hearth::ops {

Grid flatGrid(uint64_t invocations, uint32_t groupSize) {
    const uint64_t groups = (invocations + groupSize - 1) / groupSize;
    constexpr uint64_t kMaxX = 65535;
    if (groups <= kMaxX) return {static_cast<uint32_t>(groups ? groups : 1), 1};
    return {static_cast<uint32_t>(kMaxX), static_cast<uint32_t>((groups + kMaxX - 1) / kMaxX)};
}

Status checkLoopBudget(const vk::Device& device, uint64_t iterations, const std::string& what) {
    const uint32_t limit = device.loopIterationLimit();
    if (limit == 0 || iterations <= limit) return Status();
    return Status::error(what + " is too large for " + device.info().name +
                         " in one pass (its shaders may run at most " + std::to_string(limit) +
                         " loop iterations)");
}

uint32_t elementwiseGroupSize(const vk::Device& device) {
    return device.isCpu() ? 256 : 256;
}

}  // namespace hearth::ops

#include "ops/row_reduction.h"

namespace hearth::ops {

uint32_t rowReductionGroupSize(const vk::Device& device) {
    return device.caps().maxComputeWorkGroupInvocations >= 256 ? 256 : 128;
}

}  // namespace hearth::ops

// Shared by the row-wise ops (rms_norm, softmax): their kernels run one workgroup per row and
// reduce through shared memory (shaders/common/row_reduce.glsl).
#pragma once

#include <cstdint>

#include "vk/device.h"

namespace hearth::ops {

// A power of two, as the shared-memory tree halves it each step, and within the device's limit
// (Vulkan guarantees only 128 invocations per workgroup).
uint32_t rowReductionGroupSize(const vk::Device& device);

}  // namespace hearth::ops

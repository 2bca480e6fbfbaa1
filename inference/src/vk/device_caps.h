// What a physical device can do, read once from Vulkan's property and feature queries, and the
// rule that picks the device Hearth runs on.
#pragma once

#include <vulkan/vulkan.h>

#include <vector>

#include "hearth/devices.h"

namespace hearth::vk {

struct DeviceCaps {
    DeviceInfo info;  // the public description
    VkPhysicalDevice physical = VK_NULL_HANDLE;
    uint32_t computeQueueFamily = UINT32_MAX;
    uint32_t timestampValidBits = 0;
    float timestampPeriodNs = 0;
    bool unifiedMemory = false;  // integrated GPU or CPU: device memory is host memory
    bool memoryBudget = false;   // VK_EXT_memory_budget
    bool storage16 = false;      // storageBuffer16BitAccess
    bool storage8 = false;       // storageBuffer8BitAccess
    bool float16 = false;        // shaderFloat16
    bool int8 = false;           // shaderInt8
    bool int64 = false;          // shaderInt64
    bool robustBufferAccess = false;
    bool subgroupArithmetic = false;
    bool integerDotProduct = false;  // VK_KHR_shader_integer_dot_product feature enabled
    // VK_EXT_external_memory_host on a device whose memory is host memory: a mapped file's
    // pages can become device memory without a copy.
    bool importHostMemory = false;
    uint64_t minImportedHostPointerAlignment = 0;
    uint64_t minStorageBufferOffsetAlignment = 0;
    uint64_t minTexelBufferOffsetAlignment = 0;
    uint32_t maxTexelBufferElements = 0;
    uint32_t maxComputeWorkGroupCount[3] = {0, 0, 0};
    uint32_t maxComputeWorkGroupInvocations = 0;
};

std::vector<DeviceCaps> describeDevices(const std::vector<VkPhysicalDevice>& devices);

// The device to use: HEARTH_DEVICE=N if set (an error if N is not a device), else the best by
// type (discrete > integrated > virtual > CPU), ties broken by device-local memory.
Result<int> chooseDevice(const std::vector<DeviceCaps>& devices);

}  // namespace hearth::vk

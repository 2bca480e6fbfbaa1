// The Vulkan devices Hearth can run on, as `hearth-cli devices` and the app's model switcher
// show them. Listing devices creates no logical device and allocates no memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/status.h"

namespace hearth {

enum class DeviceType { Discrete, Integrated, Virtual, Cpu, Other };
std::string_view deviceTypeName(DeviceType type);

struct DeviceInfo {
    int index = 0;  // position in Vulkan's enumeration; HEARTH_DEVICE=index selects it
    std::string name;
    DeviceType type = DeviceType::Other;
    uint32_t vendorId = 0;
    std::string vendorName;
    std::string driverName;  // e.g. "llvmpipe", "NVIDIA"
    std::string driverInfo;  // driver version string
    std::string apiVersion;
    uint64_t deviceLocalBytes = 0;  // sum of device-local heaps
    uint64_t budgetBytes = 0;       // VK_EXT_memory_budget; 0 when the driver does not say
    uint32_t subgroupSize = 0;
    bool fp16 = false;               // shaderFloat16 + 16-bit storage
    bool int8DotProduct = false;     // VK_KHR_shader_integer_dot_product, 4x8-bit accelerated
    bool cooperativeMatrix = false;  // VK_KHR_cooperative_matrix
    uint64_t maxStorageBufferRange = 0;
    uint32_t maxComputeSharedMemorySize = 0;
    bool preferred = false;  // the device Hearth would choose now
};

// Lists every Vulkan device; the preferred one is marked. Ordering preference: discrete >
// integrated > virtual > CPU; the environment variable HEARTH_DEVICE=N overrides it.
Result<std::vector<DeviceInfo>> listDevices();

}  // namespace hearth

#include "vk/device_caps.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>

namespace hearth::vk {

namespace {

DeviceType toDeviceType(VkPhysicalDeviceType type) {
    switch (type) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
            return DeviceType::Discrete;
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
            return DeviceType::Integrated;
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
            return DeviceType::Virtual;
        case VK_PHYSICAL_DEVICE_TYPE_CPU:
            return DeviceType::Cpu;
        default:
            return DeviceType::Other;
    }
}

int typeRank(DeviceType type) {
    switch (type) {
        case DeviceType::Discrete:
            return 4;
        case DeviceType::Integrated:
            return 3;
        case DeviceType::Virtual:
            return 2;
        case DeviceType::Cpu:
            return 1;
        default:
            return 0;
    }
}

std::string vendorName(uint32_t id) {
    switch (id) {
        case 0x1002:
            return "AMD";
        case 0x10DE:
            return "NVIDIA";
        case 0x8086:
            return "Intel";
        case 0x13B5:
            return "ARM";
        case 0x5143:
            return "Qualcomm";
        case 0x106B:
            return "Apple";
        case 0x10005:
            return "Mesa";
        default:
            return "unknown";
    }
}

bool hasExtension(const std::vector<VkExtensionProperties>& exts, const char* name) {
    return std::any_of(exts.begin(), exts.end(), [&](const VkExtensionProperties& e) {
        return std::strcmp(e.extensionName, name) == 0;
    });
}

std::string versionString(uint32_t v) {
    return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) +
           "." + std::to_string(VK_API_VERSION_PATCH(v));
}

DeviceCaps describe(VkPhysicalDevice physical, int index) {
    DeviceCaps caps;
    caps.physical = physical;
    DeviceInfo& info = caps.info;
    info.index = index;

    uint32_t extCount = 0;
    vkEnumerateDeviceExtensionProperties(physical, nullptr, &extCount, nullptr);
    std::vector<VkExtensionProperties> exts(extCount);
    vkEnumerateDeviceExtensionProperties(physical, nullptr, &extCount, exts.data());
    caps.memoryBudget = hasExtension(exts, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
    const bool hasDot = hasExtension(exts, VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
    const bool hasHostImport = hasExtension(exts, VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME);
    info.cooperativeMatrix = hasExtension(exts, "VK_KHR_cooperative_matrix");

    VkPhysicalDeviceDriverProperties driver{};
    driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES;
    VkPhysicalDeviceSubgroupProperties subgroup{};
    subgroup.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES;
    subgroup.pNext = &driver;
    VkPhysicalDeviceShaderIntegerDotProductProperties dotProps{};
    dotProps.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_PROPERTIES;
    if (hasDot) {
        dotProps.pNext = subgroup.pNext;
        subgroup.pNext = &dotProps;
    }
    VkPhysicalDeviceExternalMemoryHostPropertiesEXT hostImport{};
    hostImport.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_EXTERNAL_MEMORY_HOST_PROPERTIES_EXT;
    if (hasHostImport) {
        hostImport.pNext = subgroup.pNext;
        subgroup.pNext = &hostImport;
    }
    VkPhysicalDeviceProperties2 props{};
    props.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2;
    props.pNext = &subgroup;
    vkGetPhysicalDeviceProperties2(physical, &props);
    const VkPhysicalDeviceLimits& limits = props.properties.limits;

    info.name = props.properties.deviceName;
    info.type = toDeviceType(props.properties.deviceType);
    info.vendorId = props.properties.vendorID;
    info.vendorName = vendorName(info.vendorId);
    info.driverName = driver.driverName;
    info.driverInfo = driver.driverInfo;
    info.apiVersion = versionString(props.properties.apiVersion);
    info.subgroupSize = subgroup.subgroupSize;
    info.maxStorageBufferRange = limits.maxStorageBufferRange;
    info.maxComputeSharedMemorySize = limits.maxComputeSharedMemorySize;
    caps.subgroupArithmetic =
        (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT) != 0 &&
        (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) != 0;
    caps.minStorageBufferOffsetAlignment = limits.minStorageBufferOffsetAlignment;
    caps.minTexelBufferOffsetAlignment = limits.minTexelBufferOffsetAlignment;
    caps.maxTexelBufferElements = limits.maxTexelBufferElements;
    for (int i = 0; i < 3; ++i)
        caps.maxComputeWorkGroupCount[i] = limits.maxComputeWorkGroupCount[i];
    caps.maxComputeWorkGroupInvocations = limits.maxComputeWorkGroupInvocations;
    caps.timestampPeriodNs = limits.timestampPeriod;
    caps.unifiedMemory = info.type == DeviceType::Integrated || info.type == DeviceType::Cpu;
    caps.importHostMemory = hasHostImport && caps.unifiedMemory;
    caps.minImportedHostPointerAlignment = hostImport.minImportedHostPointerAlignment;

    VkPhysicalDeviceShaderIntegerDotProductFeatures dotFeatures{};
    dotFeatures.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES;
    VkPhysicalDeviceVulkan12Features f12{};
    f12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
    if (hasDot) f12.pNext = &dotFeatures;
    VkPhysicalDeviceVulkan11Features f11{};
    f11.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES;
    f11.pNext = &f12;
    VkPhysicalDeviceFeatures2 features{};
    features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
    features.pNext = &f11;
    vkGetPhysicalDeviceFeatures2(physical, &features);
    caps.storage16 = f11.storageBuffer16BitAccess;
    caps.storage8 = f12.storageBuffer8BitAccess;
    caps.float16 = f12.shaderFloat16;
    caps.int8 = f12.shaderInt8;
    caps.int64 = features.features.shaderInt64;
    caps.robustBufferAccess = features.features.robustBufferAccess;
    caps.integerDotProduct = hasDot && dotFeatures.shaderIntegerDotProduct;
    info.fp16 = caps.float16 && caps.storage16;
    info.int8DotProduct =
        caps.integerDotProduct && dotProps.integerDotProduct4x8BitPackedSignedAccelerated;

    VkPhysicalDeviceMemoryBudgetPropertiesEXT budget{};
    budget.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT;
    VkPhysicalDeviceMemoryProperties2 memory{};
    memory.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2;
    if (caps.memoryBudget) memory.pNext = &budget;
    vkGetPhysicalDeviceMemoryProperties2(physical, &memory);
    for (uint32_t h = 0; h < memory.memoryProperties.memoryHeapCount; ++h) {
        if (memory.memoryProperties.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) {
            info.deviceLocalBytes += memory.memoryProperties.memoryHeaps[h].size;
            if (caps.memoryBudget) info.budgetBytes += budget.heapBudget[h];
        }
    }

    uint32_t familyCount = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &familyCount, nullptr);
    std::vector<VkQueueFamilyProperties> families(familyCount);
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &familyCount, families.data());
    // Prefer a compute queue without graphics: on GPUs it runs beside the desktop's rendering.
    for (uint32_t pass = 0; pass < 2 && caps.computeQueueFamily == UINT32_MAX; ++pass) {
        for (uint32_t i = 0; i < familyCount; ++i) {
            const VkQueueFlags flags = families[i].queueFlags;
            if (!(flags & VK_QUEUE_COMPUTE_BIT)) continue;
            if (pass == 0 && (flags & VK_QUEUE_GRAPHICS_BIT)) continue;
            caps.computeQueueFamily = i;
            caps.timestampValidBits = families[i].timestampValidBits;
            break;
        }
    }
    return caps;
}

}  // namespace

std::vector<DeviceCaps> describeDevices(const std::vector<VkPhysicalDevice>& devices) {
    std::vector<DeviceCaps> out;
    for (size_t i = 0; i < devices.size(); ++i)
        out.push_back(describe(devices[i], static_cast<int>(i)));
    return out;
}

Result<int> chooseDevice(const std::vector<DeviceCaps>& devices) {
    if (devices.empty()) return Status::error("no Vulkan device found");
    if (const char* env = std::getenv("HEARTH_DEVICE"); env != nullptr && *env != '\0') {
        int index = -1;
        const char* end = env + std::strlen(env);
        auto [ptr, ec] = std::from_chars(env, end, index);
        if (ec != std::errc() || ptr != end || index < 0 ||
            index >= static_cast<int>(devices.size())) {
            return Status::error("HEARTH_DEVICE=" + std::string(env) +
                                 " does not name a device: run `hearth-cli devices` to see the " +
                                 std::to_string(devices.size()) + " available (0 to " +
                                 std::to_string(devices.size() - 1) + ")");
        }
        if (devices[index].computeQueueFamily == UINT32_MAX)
            return Status::error("device " + std::to_string(index) + " has no compute queue");
        return index;
    }
    int best = -1;
    for (const DeviceCaps& d : devices) {
        if (d.computeQueueFamily == UINT32_MAX) continue;
        if (best < 0) {
            best = d.info.index;
            continue;
        }
        const DeviceCaps& b = devices[best];
        const int rank = typeRank(d.info.type), bestRank = typeRank(b.info.type);
        if (rank > bestRank ||
            (rank == bestRank && d.info.deviceLocalBytes > b.info.deviceLocalBytes))
            best = d.info.index;
    }
    if (best < 0) return Status::error("no Vulkan device with a compute queue found");
    return best;
}

}  // namespace hearth::vk

#include "vk/device.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "vk/buffer.h"
#include "vk/vk_status.h"

namespace hearth::vk {

Result<std::unique_ptr<Device>> Device::create(int index) {
    HEARTH_ASSIGN_OR_RETURN(std::shared_ptr<Instance> instance, Instance::create());
    std::vector<DeviceCaps> all = describeDevices(instance->physicalDevices());
    if (index < 0) {
        HEARTH_ASSIGN_OR_RETURN(index, chooseDevice(all));
    } else if (index >= static_cast<int>(all.size())) {
        return Status::error("there is no Vulkan device " + std::to_string(index));
    }
    const DeviceCaps& caps = all[index];
    const std::string name = caps.info.name;
    if (!caps.storage16) {
        return Status::error("the device " + name +
                             " lacks 16-bit storage buffer access, which Hearth's kernels need");
    }
    if (caps.computeQueueFamily == UINT32_MAX)
        return Status::error("the device " + name + " has no compute queue");

    std::unique_ptr<Device> d(new Device());
    d->m_instance = std::move(instance);
    d->m_caps = caps;

    float priority = 1.0f;
    VkDeviceQueueCreateInfo queueInfo{};
    queueInfo.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    queueInfo.queueFamilyIndex = caps.computeQueueFamily;
    queueInfo.queueCount = 1;
    queueInfo.pQueuePriorities = &priority;

    std::vector<const char*> extensions;
    if (caps.memoryBudget) extensions.push_back(VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
    if (caps.importHostMemory) extensions.push_back(VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME);
    VkPhysicalDeviceShaderIntegerDotProductFeatures dot{};
    dot.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_FEATURES;
    dot.shaderIntegerDotProduct = VK_TRUE;
    VkPhysicalDeviceVulkan12Features f12{};
    f12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES;
    f12.storageBuffer8BitAccess = caps.storage8;
    f12.shaderFloat16 = caps.float16;
    f12.shaderInt8 = caps.int8;
    if (caps.integerDotProduct) {
        extensions.push_back(VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
        f12.pNext = &dot;
    }
    VkPhysicalDeviceVulkan11Features f11{};
    f11.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES;
    f11.storageBuffer16BitAccess = VK_TRUE;
    f11.pNext = &f12;
    VkPhysicalDeviceFeatures2 features{};
    features.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
    features.features.shaderInt64 = caps.int64;
    features.features.shaderInt16 = VK_FALSE;
    // The CPU-shaped kernels read whole 16-byte texels around a block and may touch up to a few
    // texels past the last one; robust access makes those reads zeros. Only CPU devices run
    // those kernels by default, and on them the feature costs nothing measurable.
    features.features.robustBufferAccess =
        caps.robustBufferAccess && caps.info.type == DeviceType::Cpu;
    features.pNext = &f11;

    VkDeviceCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    info.pNext = &features;
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queueInfo;
    info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    HEARTH_VK_RETURN_IF_ERROR(vkCreateDevice(caps.physical, &info, nullptr, &d->m_device),
                              "opening the device " + name);
    vkGetDeviceQueue(d->m_device, caps.computeQueueFamily, 0, &d->m_queue);
    d->m_pool = std::make_unique<MemoryPool>(d->m_device, caps.physical, caps.unifiedMemory);
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(caps.physical, &props);
    d->m_pipelineCache = std::make_unique<PipelineCache>(d->m_device, props);
    d->m_profiling = Profiler::enabledByEnvironment() && caps.timestampValidBits > 0;
    d->m_cpuKernels = d->isCpu();
    if (const char* kernels = std::getenv("HEARTH_KERNELS"); kernels != nullptr) {
        if (std::strcmp(kernels, "cpu") == 0) d->m_cpuKernels = true;
        if (std::strcmp(kernels, "gpu") == 0) d->m_cpuKernels = false;
    }
    return d;
}

Device::~Device() {
    if (m_device != VK_NULL_HANDLE) vkDeviceWaitIdle(m_device);
    if (m_profiling && !m_profiler.empty()) {
        std::fprintf(stderr, "HEARTH_PROFILE: GPU time per op on %s\n%s", m_caps.info.name.c_str(),
                     m_profiler.table().c_str());
    }
    m_pipelines.clear();
    m_pipelineCache.reset();
    m_pool.reset();
    if (m_device != VK_NULL_HANDLE) vkDestroyDevice(m_device, nullptr);
}

Result<const Pipeline*> Device::pipeline(const PipelineDesc& desc) {
    std::lock_guard lock(m_pipelineMutex);
    const std::string key = desc.key();
    if (auto it = m_pipelines.find(key); it != m_pipelines.end()) return it->second.get();
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<Pipeline> p,
                            Pipeline::create(*this, desc, m_pipelineCache->handle()));
    m_pipelineCache->markChanged();
    ++m_pipelinesCreated;
    const Pipeline* raw = p.get();
    m_pipelines.emplace(key, std::move(p));
    return raw;
}

Status Device::upload(const Buffer& dst, uint64_t offset, const void* src, uint64_t size) {
    if (offset > dst.size() || size > dst.size() - offset)
        return Status::error("internal error: upload past the end of a buffer");
    if (dst.mapped() && !m_stagingOnly) {
        std::memcpy(static_cast<char*>(dst.mapped()) + offset, src, size);
        return Status();
    }
    return copyThroughStaging(dst, offset, const_cast<void*>(src), size, true);
}

Status Device::download(const Buffer& src, uint64_t offset, void* dst, uint64_t size) {
    if (offset > src.size() || size > src.size() - offset)
        return Status::error("internal error: download past the end of a buffer");
    if (src.mapped() && !m_stagingOnly) {
        std::memcpy(dst, static_cast<const char*>(src.mapped()) + offset, size);
        return Status();
    }
    return copyThroughStaging(src, offset, dst, size, false);
}

Status Device::copyThroughStaging(const Buffer& buffer, uint64_t offset, void* host, uint64_t size,
                                  bool toDevice) {
    const uint64_t chunk = std::min<uint64_t>(size, 64ull << 20);
    HEARTH_ASSIGN_OR_RETURN(
        Buffer staging,
        Buffer::create(*this, chunk, toDevice ? MemoryUse::Upload : MemoryUse::Readback,
                       "allocating a staging buffer"));
    VkCommandPoolCreateInfo poolInfo{};
    poolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    poolInfo.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    poolInfo.queueFamilyIndex = m_caps.computeQueueFamily;
    VkCommandPool pool = VK_NULL_HANDLE;
    HEARTH_VK_RETURN_IF_ERROR(vkCreateCommandPool(m_device, &poolInfo, nullptr, &pool),
                              "copying to the GPU");
    Status status;
    for (uint64_t done = 0; done < size && status.ok(); done += chunk) {
        const uint64_t n = std::min(chunk, size - done);
        char* hostPtr = static_cast<char*>(host) + done;
        if (toDevice) std::memcpy(staging.mapped(), hostPtr, n);
        VkCommandBufferAllocateInfo alloc{};
        alloc.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
        alloc.commandPool = pool;
        alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        alloc.commandBufferCount = 1;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        VkResult r = vkAllocateCommandBuffers(m_device, &alloc, &cmd);
        if (r != VK_SUCCESS) {
            status = vkStatus(r, "copying to the GPU");
            break;
        }
        VkCommandBufferBeginInfo begin{};
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        vkBeginCommandBuffer(cmd, &begin);
        // Make earlier shader writes visible to the copy, and the copy visible to later shaders.
        VkMemoryBarrier barrier{};
        barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
        barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
        barrier.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
                             VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &barrier, 0, nullptr, 0,
                             nullptr);
        VkBufferCopy region{};
        region.size = n;
        if (toDevice) {
            region.dstOffset = offset + done;
            vkCmdCopyBuffer(cmd, staging.handle(), buffer.handle(), 1, &region);
        } else {
            region.srcOffset = offset + done;
            vkCmdCopyBuffer(cmd, buffer.handle(), staging.handle(), 1, &region);
        }
        barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
        barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_HOST_READ_BIT;
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT,
                             VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_HOST_BIT, 0,
                             1, &barrier, 0, nullptr, 0, nullptr);
        vkEndCommandBuffer(cmd);
        VkSubmitInfo submit{};
        submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
        submit.commandBufferCount = 1;
        submit.pCommandBuffers = &cmd;
        {
            std::lock_guard lock(m_queueMutex);
            r = vkQueueSubmit(m_queue, 1, &submit, VK_NULL_HANDLE);
            if (r == VK_SUCCESS) r = vkQueueWaitIdle(m_queue);
        }
        if (r != VK_SUCCESS)
            status = vkStatus(r, toDevice ? "copying to the GPU" : "reading from the GPU");
        else if (!toDevice)
            std::memcpy(hostPtr, staging.mapped(), n);
        vkFreeCommandBuffers(m_device, pool, 1, &cmd);
    }
    vkDestroyCommandPool(m_device, pool, nullptr);
    return status;
}

}  // namespace hearth::vk

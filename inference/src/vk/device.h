// The logical device: the factory for buffers and pipelines, and the owner of the memory
// pool, the on-disk pipeline cache and the profiler. One per engine instance.
#pragma once

#include <vulkan/vulkan.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "hearth/status.h"
#include "vk/device_caps.h"
#include "vk/instance.h"
#include "vk/memory_pool.h"
#include "vk/pipeline.h"
#include "vk/pipeline_cache.h"
#include "vk/profiler.h"

namespace hearth::vk {

class Buffer;

class Device {
public:
    // Opens the preferred device (see chooseDevice), or the one at `index` when index >= 0.
    static Result<std::unique_ptr<Device>> create(int index = -1);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    VkDevice handle() const { return m_device; }
    VkQueue queue() const { return m_queue; }
    const DeviceCaps& caps() const { return m_caps; }
    const DeviceInfo& info() const { return m_caps.info; }
    bool isCpu() const { return m_caps.info.type == DeviceType::Cpu; }
    // Whether ops pick the kernel variants shaped for CPU devices (an invocation is a SIMD lane
    // of a CPU thread; barriers and shared memory are loops) rather than for GPUs. Defaults to
    // the device type; HEARTH_KERNELS=cpu|gpu overrides it, and tests switch it to check both.
    bool useCpuKernels() const { return m_cpuKernels; }
    void setCpuKernels(bool cpu) { m_cpuKernels = cpu; }
    // Loop iterations one invocation may run in total, all loops together, or 0 for no limit.
    // Mesa's llvmpipe (lavapipe) ends every loop once 65535 iterations have run, silently;
    // kernels whose loop counts grow with a shape check it and split or refuse the work.
    uint32_t loopIterationLimit() const {
        return m_caps.info.driverName.find("llvmpipe") != std::string::npos ? 65535 : 0;
    }
    MemoryPool& memoryPool() { return *m_pool; }
    Profiler* profiler() { return m_profiling ? &m_profiler : nullptr; }
    std::mutex& queueMutex() { return m_queueMutex; }
    PipelineCache& pipelineCache() { return *m_pipelineCache; }

    // The pipeline for `desc`, created on first use and kept for the device's lifetime.
    Result<const Pipeline*> pipeline(const PipelineDesc& desc);
    size_t pipelinesCreated() const { return m_pipelinesCreated; }

    // Copies between host memory and a buffer: a memcpy when the buffer is mapped, else
    // through a staging buffer and a transfer on the queue.
    Status upload(const Buffer& dst, uint64_t offset, const void* src, uint64_t size);
    Status download(const Buffer& src, uint64_t offset, void* dst, uint64_t size);
    // Sends every copy through a staging buffer and the queue, as on a discrete GPU, even when
    // the buffer is mapped: lets CPU-only machines (CI) test that path.
    void setStagingOnly(bool stagingOnly) { m_stagingOnly = stagingOnly; }

private:
    Device() = default;
    Status copyThroughStaging(const Buffer& buffer, uint64_t offset, void* host, uint64_t size,
                              bool toDevice);

    std::shared_ptr<Instance> m_instance;
    DeviceCaps m_caps;
    VkDevice m_device = VK_NULL_HANDLE;
    VkQueue m_queue = VK_NULL_HANDLE;
    std::unique_ptr<MemoryPool> m_pool;
    std::unique_ptr<PipelineCache> m_pipelineCache;
    std::map<std::string, std::unique_ptr<Pipeline>> m_pipelines;
    std::mutex m_pipelineMutex;
    std::mutex m_queueMutex;
    size_t m_pipelinesCreated = 0;
    bool m_profiling = false;
    bool m_cpuKernels = false;
    bool m_stagingOnly = false;
    Profiler m_profiler;
};

}  // namespace hearth::vk

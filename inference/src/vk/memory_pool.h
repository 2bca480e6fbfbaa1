// Sub-allocates buffers from large VkDeviceMemory blocks. Drivers limit the number of
// allocations (often 4096) and each one is slow, so small buffers share blocks; large ones
// (weights) get memory of their own so that freeing them returns it to the system.
#pragma once

#include <vulkan/vulkan.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hearth/status.h"

namespace hearth::vk {

struct Allocation {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    uint64_t offset = 0;
    uint64_t size = 0;
    void* mapped = nullptr;  // host pointer to `offset` when the memory is host-visible
    int block = -1;          // index of the shared block, -1 for a dedicated allocation
};

enum class MemoryUse {
    Device,    // read and written by shaders; host-visible too on unified-memory devices
    Upload,    // written by the host, read by the device (staging)
    Readback,  // written by the device, read by the host
};

class MemoryPool {
public:
    MemoryPool(VkDevice device, VkPhysicalDevice physical, bool unifiedMemory);
    ~MemoryPool();
    MemoryPool(const MemoryPool&) = delete;
    MemoryPool& operator=(const MemoryPool&) = delete;

    Result<Allocation> allocate(const VkMemoryRequirements& req, MemoryUse use,
                                const std::string& what);
    void free(const Allocation& allocation);
    uint64_t bytesAllocated() const { return m_bytesAllocated; }

    static constexpr uint64_t kBlockBytes = 64ull << 20;
    static constexpr uint64_t kDedicatedThreshold = 16ull << 20;

private:
    struct Block {
        VkDeviceMemory memory = VK_NULL_HANDLE;
        uint32_t memoryType = 0;
        uint64_t size = 0;
        void* mapped = nullptr;
        std::map<uint64_t, uint64_t> freeRanges;  // offset -> size, coalesced
    };
    Result<uint32_t> pickMemoryType(uint32_t typeBits, MemoryUse use) const;
    Result<VkDeviceMemory> allocateMemory(uint64_t size, uint32_t type, void** mapped,
                                          const std::string& what);

    VkDevice m_device;
    VkPhysicalDeviceMemoryProperties m_props{};
    bool m_unifiedMemory;
    std::vector<Block> m_blocks;
    uint64_t m_bytesAllocated = 0;
    std::mutex m_mutex;
};

}  // namespace hearth::vk

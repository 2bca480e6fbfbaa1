#include "vk/memory_pool.h"

#include "vk/vk_status.h"

namespace hearth::vk {

namespace {

uint64_t alignUp(uint64_t v, uint64_t a) {
    return (v + a - 1) / a * a;
}

}  // namespace

MemoryPool::MemoryPool(VkDevice device, VkPhysicalDevice physical, bool unifiedMemory)
    : m_device(device), m_unifiedMemory(unifiedMemory) {
    vkGetPhysicalDeviceMemoryProperties(physical, &m_props);
}

MemoryPool::~MemoryPool() {
    for (Block& b : m_blocks) {
        if (b.memory != VK_NULL_HANDLE) vkFreeMemory(m_device, b.memory, nullptr);
    }
}

Result<uint32_t> MemoryPool::pickMemoryType(uint32_t typeBits, MemoryUse use) const {
    constexpr VkMemoryPropertyFlags kLocal = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    constexpr VkMemoryPropertyFlags kHost =
        VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    // Candidates in order of preference. On unified memory the device's own memory is the
    // host's, so device buffers are mapped and nothing is copied through a staging buffer.
    std::vector<VkMemoryPropertyFlags> wanted;
    switch (use) {
        case MemoryUse::Device:
            if (m_unifiedMemory) wanted.push_back(kLocal | kHost);
            wanted.push_back(kLocal);
            wanted.push_back(0);
            break;
        case MemoryUse::Upload:
            wanted.push_back(kHost);
            break;
        case MemoryUse::Readback:
            wanted.push_back(kHost | VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
            wanted.push_back(kHost);
            break;
    }
    for (VkMemoryPropertyFlags flags : wanted) {
        for (uint32_t i = 0; i < m_props.memoryTypeCount; ++i) {
            if ((typeBits & (1u << i)) && (m_props.memoryTypes[i].propertyFlags & flags) == flags)
                return i;
        }
    }
    return Status::error("no suitable Vulkan memory type for this buffer");
}

Result<VkDeviceMemory> MemoryPool::allocateMemory(uint64_t size, uint32_t type, void** mapped,
                                                  const std::string& what) {
    VkMemoryAllocateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    info.allocationSize = size;
    info.memoryTypeIndex = type;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    HEARTH_VK_RETURN_IF_ERROR(vkAllocateMemory(m_device, &info, nullptr, &memory), what);
    *mapped = nullptr;
    if (m_props.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
        VkResult r = vkMapMemory(m_device, memory, 0, VK_WHOLE_SIZE, 0, mapped);
        if (r != VK_SUCCESS) {
            vkFreeMemory(m_device, memory, nullptr);
            return vkStatus(r, what);
        }
    }
    m_bytesAllocated += size;
    return memory;
}

Result<Allocation> MemoryPool::allocate(const VkMemoryRequirements& req, MemoryUse use,
                                        const std::string& what) {
    std::lock_guard lock(m_mutex);
    HEARTH_ASSIGN_OR_RETURN(uint32_t type, pickMemoryType(req.memoryTypeBits, use));
    Allocation a;
    a.size = req.size;
    if (req.size >= kDedicatedThreshold) {
        HEARTH_ASSIGN_OR_RETURN(a.memory, allocateMemory(req.size, type, &a.mapped, what));
        return a;
    }
    auto tryBlock = [&](int index) -> bool {
        Block& b = m_blocks[index];
        if (b.memory == VK_NULL_HANDLE || b.memoryType != type) return false;
        for (auto it = b.freeRanges.begin(); it != b.freeRanges.end(); ++it) {
            const uint64_t start = alignUp(it->first, req.alignment);
            const uint64_t end = it->first + it->second;
            if (start + req.size > end) continue;
            const uint64_t rangeStart = it->first;
            b.freeRanges.erase(it);
            if (start > rangeStart) b.freeRanges[rangeStart] = start - rangeStart;
            if (end > start + req.size) b.freeRanges[start + req.size] = end - start - req.size;
            a.memory = b.memory;
            a.offset = start;
            a.block = index;
            a.mapped = b.mapped ? static_cast<char*>(b.mapped) + start : nullptr;
            return true;
        }
        return false;
    };
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        if (tryBlock(static_cast<int>(i))) return a;
    }
    Block block;
    block.memoryType = type;
    block.size = kBlockBytes;
    HEARTH_ASSIGN_OR_RETURN(block.memory, allocateMemory(kBlockBytes, type, &block.mapped, what));
    block.freeRanges[0] = kBlockBytes;
    m_blocks.push_back(std::move(block));
    tryBlock(static_cast<int>(m_blocks.size() - 1));
    return a;
}

void MemoryPool::free(const Allocation& a) {
    if (a.memory == VK_NULL_HANDLE) return;
    std::lock_guard lock(m_mutex);
    if (a.block < 0) {
        vkFreeMemory(m_device, a.memory, nullptr);
        m_bytesAllocated -= a.size;
        return;
    }
    Block& b = m_blocks[a.block];
    auto [it, inserted] = b.freeRanges.emplace(a.offset, a.size);
    // Coalesce with the neighbours so the block can serve large requests again.
    if (auto next = std::next(it);
        next != b.freeRanges.end() && it->first + it->second == next->first) {
        it->second += next->second;
        b.freeRanges.erase(next);
    }
    if (it != b.freeRanges.begin()) {
        auto prev = std::prev(it);
        if (prev->first + prev->second == it->first) {
            prev->second += it->second;
            b.freeRanges.erase(it);
        }
    }
}

}  // namespace hearth::vk

// A VkBuffer with its memory. Every buffer can be bound as a storage buffer, as a texel buffer
// and used in copies, so one tensor can feed any kernel variant.
#pragma once

#include <vulkan/vulkan.h>

#include <string>

#include "hearth/status.h"
#include "vk/memory_pool.h"

namespace hearth::vk {

class Device;

class Buffer {
public:
    static Result<Buffer> create(Device& device, uint64_t size, MemoryUse use,
                                 const std::string& what);
    // A buffer over `bytes` of host memory that stays where it is (the pages of a mapped
    // file): no copy, through VK_EXT_external_memory_host. The memory must outlive the buffer
    // and stay readable to the end of the OS page holding data + bytes. Fails (and the
    // caller copies instead) when the device cannot import it or `data` is not aligned to what
    // a binding needs. The data starts `offset` bytes into the buffer.
    static Result<Buffer> importHost(Device& device, const void* data, uint64_t bytes,
                                     uint64_t& offset, const std::string& what);
    Buffer() = default;
    ~Buffer();
    Buffer(Buffer&& other) noexcept;
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    VkBuffer handle() const { return m_buffer; }
    uint64_t size() const { return m_size; }
    // Host pointer to the contents, or nullptr when the memory is not host-visible.
    void* mapped() const { return m_allocation.mapped; }
    bool valid() const { return m_buffer != VK_NULL_HANDLE; }

private:
    void release();
    Device* m_device = nullptr;
    VkBuffer m_buffer = VK_NULL_HANDLE;
    uint64_t m_size = 0;
    Allocation m_allocation;
    VkDeviceMemory m_importedMemory = VK_NULL_HANDLE;  // owned: the import behind importHost
};

// A byte range of a buffer, as ops bind it.
struct BufferRange {
    const Buffer* buffer = nullptr;
    uint64_t offset = 0;
    uint64_t size = 0;  // bytes

    static BufferRange whole(const Buffer& b) { return {&b, 0, b.size()}; }
    BufferRange sub(uint64_t off, uint64_t bytes) const { return {buffer, offset + off, bytes}; }
};

}  // namespace hearth::vk

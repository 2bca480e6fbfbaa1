#include "vk/buffer.h"

#include <unistd.h>

#include <algorithm>
#include <utility>

#include "vk/device.h"
#include "vk/vk_status.h"

namespace hearth::vk {

Result<Buffer> Buffer::create(Device& device, uint64_t size, MemoryUse use,
                              const std::string& what) {
    // Vulkan forbids empty buffers; whole 16-byte units let kernels read words and vec4s.
    size = std::max<uint64_t>(16, (size + 15) / 16 * 16);
    VkBufferCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
    info.size = size;
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT |
                 VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    Buffer buffer;
    buffer.m_device = &device;
    buffer.m_size = size;
    HEARTH_VK_RETURN_IF_ERROR(vkCreateBuffer(device.handle(), &info, nullptr, &buffer.m_buffer),
                              what);
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(device.handle(), buffer.m_buffer, &req);
    HEARTH_ASSIGN_OR_RETURN(buffer.m_allocation, device.memoryPool().allocate(req, use, what));
    HEARTH_VK_RETURN_IF_ERROR(
        vkBindBufferMemory(device.handle(), buffer.m_buffer, buffer.m_allocation.memory,
                           buffer.m_allocation.offset),
        what);
    return buffer;
}

Result<Buffer> Buffer::importHost(Device& device, const void* data, uint64_t bytes,
                                  uint64_t& offset, const std::string& what) {
    const DeviceCaps& caps = device.caps();
    if (!caps.importHostMemory || caps.minImportedHostPointerAlignment == 0)
        return Status::error(what + ": the device cannot import host memory");
    const uint64_t align = caps.minImportedHostPointerAlignment;
    // The import covers whole `align` units around the data; they are only sure to be mapped
    // when they are no larger than the OS page (what the caller's mapping is made of).
    static const uint64_t pageBytes = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    if (align > pageBytes)
        return Status::error(what + ": the import alignment is larger than a page");
    const auto address = reinterpret_cast<uintptr_t>(data);
    const uintptr_t first = address / align * align;
    // Kernels bind the data at `offset` inside the buffer: it must meet the binding alignments.
    const uint64_t bindAlign =
        std::max(caps.minStorageBufferOffsetAlignment, caps.minTexelBufferOffsetAlignment);
    if (bindAlign == 0 || (address - first) % bindAlign != 0)
        return Status::error(what + ": host memory not aligned for binding");
    void* host = reinterpret_cast<void*>(first);

    // Looked up per device: a pointer from another (perhaps destroyed) device is not valid here.
    const auto getProperties = reinterpret_cast<PFN_vkGetMemoryHostPointerPropertiesEXT>(
        vkGetDeviceProcAddr(device.handle(), "vkGetMemoryHostPointerPropertiesEXT"));
    if (getProperties == nullptr) return Status::error(what + ": no host pointer import");
    VkMemoryHostPointerPropertiesEXT pointerProps{};
    pointerProps.sType = VK_STRUCTURE_TYPE_MEMORY_HOST_POINTER_PROPERTIES_EXT;
    HEARTH_VK_RETURN_IF_ERROR(
        getProperties(device.handle(), VK_EXTERNAL_MEMORY_HANDLE_TYPE_HOST_ALLOCATION_BIT_EXT, host,
                      &pointerProps),
        what);

    VkExternalMemoryBufferCreateInfo external{};
    external.sType = VK_STRUCTURE_TYPE_EXTERNAL_MEMORY_BUFFER_CREATE_INFO;
    external.handleTypes = VK_EXTERNAL_MEMORY_HANDLE_TYPE_HOST_ALLOCATION_BIT_EXT;
    VkBufferCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO;
    info.pNext = &external;
    info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT |
                 VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    // The buffer is bound at the page start; the data begins `offset` bytes in, and the buffer
    // ends on a whole 16-byte unit past it (kernels read words and 16-byte texels).
    offset = address - first;
    info.size = (offset + std::max<uint64_t>(16, bytes) + 15) / 16 * 16;
    const uint64_t importBytes = (info.size + align - 1) / align * align;
    Buffer buffer;
    buffer.m_device = &device;
    buffer.m_size = info.size;
    HEARTH_VK_RETURN_IF_ERROR(vkCreateBuffer(device.handle(), &info, nullptr, &buffer.m_buffer),
                              what);
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(device.handle(), buffer.m_buffer, &req);
    const uint32_t types = req.memoryTypeBits & pointerProps.memoryTypeBits;
    if (types == 0 || req.size > importBytes)
        return Status::error(what + ": host memory not importable for this buffer");
    VkImportMemoryHostPointerInfoEXT import{};
    import.sType = VK_STRUCTURE_TYPE_IMPORT_MEMORY_HOST_POINTER_INFO_EXT;
    import.handleType = VK_EXTERNAL_MEMORY_HANDLE_TYPE_HOST_ALLOCATION_BIT_EXT;
    import.pHostPointer = host;
    VkMemoryAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
    alloc.pNext = &import;
    alloc.allocationSize = importBytes;
    alloc.memoryTypeIndex = static_cast<uint32_t>(__builtin_ctz(types));
    HEARTH_VK_RETURN_IF_ERROR(
        vkAllocateMemory(device.handle(), &alloc, nullptr, &buffer.m_importedMemory), what);
    HEARTH_VK_RETURN_IF_ERROR(
        vkBindBufferMemory(device.handle(), buffer.m_buffer, buffer.m_importedMemory, 0), what);
    buffer.m_allocation.mapped = host;
    return buffer;
}

Buffer::~Buffer() {
    release();
}

Buffer::Buffer(Buffer&& other) noexcept {
    *this = std::move(other);
}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        release();
        m_device = std::exchange(other.m_device, nullptr);
        m_buffer = std::exchange(other.m_buffer, VK_NULL_HANDLE);
        m_size = std::exchange(other.m_size, 0);
        m_allocation = std::exchange(other.m_allocation, Allocation{});
        m_importedMemory = std::exchange(other.m_importedMemory, VK_NULL_HANDLE);
    }
    return *this;
}

void Buffer::release() {
    if (m_device == nullptr) return;
    if (m_buffer != VK_NULL_HANDLE) vkDestroyBuffer(m_device->handle(), m_buffer, nullptr);
    if (m_importedMemory != VK_NULL_HANDLE) {
        vkFreeMemory(m_device->handle(), m_importedMemory, nullptr);
        m_importedMemory = VK_NULL_HANDLE;
    } else {
        m_device->memoryPool().free(m_allocation);
    }
    m_device = nullptr;
    m_buffer = VK_NULL_HANDLE;
}

}  // namespace hearth::vk

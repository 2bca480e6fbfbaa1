#include "vk/buffer.h"

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
    }
    return *this;
}

void Buffer::release() {
    if (m_device == nullptr) return;
    if (m_buffer != VK_NULL_HANDLE) vkDestroyBuffer(m_device->handle(), m_buffer, nullptr);
    m_device->memoryPool().free(m_allocation);
    m_device = nullptr;
    m_buffer = VK_NULL_HANDLE;
}

}  // namespace hearth::vk

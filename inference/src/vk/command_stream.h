// Records many dispatches into one command buffer and submits them together. A barrier goes in
// only where a dispatch touches memory an earlier, unbarriered dispatch wrote (or writes memory
// one read), so independent ops run back to back. A recorded stream can be submitted again
// and again (decode replays one token's commands).
#pragma once

#include <vulkan/vulkan.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hearth/status.h"
#include "vk/buffer.h"
#include "vk/pipeline.h"

namespace hearth::vk {

class Device;

enum class Access { Read, Write, ReadWrite };

struct Binding {
    BufferRange range;
    Access access = Access::Read;
};

class CommandStream {
public:
    static Result<std::unique_ptr<CommandStream>> create(Device& device);
    ~CommandStream();
    CommandStream(const CommandStream&) = delete;
    CommandStream& operator=(const CommandStream&) = delete;

    Status begin();  // drops what was recorded and starts recording
    // Records one dispatch. `label` names it in the profile (defaults to the shader name).
    Status dispatch(const Pipeline& pipeline, std::span<const Binding> bindings, const void* push,
                    uint32_t pushBytes, uint32_t groupsX, uint32_t groupsY = 1,
                    uint32_t groupsZ = 1, const char* label = nullptr);
    template <typename Push>
    Status dispatch(const Pipeline& pipeline, std::initializer_list<Binding> bindings,
                    const Push& push, uint32_t groupsX, uint32_t groupsY = 1,
                    uint32_t groupsZ = 1) {
        return dispatch(pipeline, std::span<const Binding>(bindings.begin(), bindings.size()),
                        &push, sizeof(Push), groupsX, groupsY, groupsZ);
    }
    Status end();
    Status submit();  // submits what was recorded (after end); may be called again later
    Status wait();    // waits for the last submit; collects profile times
    Status run();     // end + submit + wait

    uint32_t dispatchCount() const { return m_dispatches; }
    uint32_t barrierCount() const { return m_barriers; }
    Device& device() { return m_device; }

private:
    explicit CommandStream(Device& device) : m_device(device) {}
    Status checkBinding(const Pipeline& pipeline, size_t index, const Binding& b) const;
    bool needsBarrier(std::span<const Binding> bindings) const;
    void insertBarrier();
    Result<VkDescriptorSet> allocateSet(VkDescriptorSetLayout layout);
    Result<VkBufferView> texelView(const BufferRange& range);
    void releaseRecordingResources();

    struct Span {
        VkBuffer buffer;
        uint64_t begin, end;
    };
    Device& m_device;
    VkCommandPool m_pool = VK_NULL_HANDLE;
    VkCommandBuffer m_cmd = VK_NULL_HANDLE;
    VkFence m_fence = VK_NULL_HANDLE;
    std::vector<VkDescriptorPool> m_descriptorPools;
    std::vector<VkBufferView> m_views;
    std::vector<Span> m_pendingWrites;  // written since the last barrier
    std::vector<Span> m_pendingReads;   // read since the last barrier
    VkQueryPool m_queries = VK_NULL_HANDLE;
    std::vector<std::string> m_labels;  // label of dispatch i, timed by queries i and i+1
    uint32_t m_dispatches = 0;
    uint32_t m_barriers = 0;
    bool m_recording = false;
    bool m_submitted = false;
    static constexpr uint32_t kMaxTimedDispatches = 4096;
    static constexpr uint32_t kSetsPerPool = 1024;
};

}  // namespace hearth::vk

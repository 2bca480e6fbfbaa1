#include "vk/command_stream.h"

#include <algorithm>

#include "vk/device.h"
#include "vk/vk_status.h"

namespace hearth::vk {

Result<std::unique_ptr<CommandStream>> CommandStream::create(Device& device) {
    std::unique_ptr<CommandStream> s(new CommandStream(device));
    const std::string what = "preparing GPU commands";
    VkCommandPoolCreateInfo poolInfo{};
    poolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    poolInfo.queueFamilyIndex = device.caps().computeQueueFamily;
    HEARTH_VK_RETURN_IF_ERROR(vkCreateCommandPool(device.handle(), &poolInfo, nullptr, &s->m_pool),
                              what);
    VkCommandBufferAllocateInfo alloc{};
    alloc.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    alloc.commandPool = s->m_pool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    HEARTH_VK_RETURN_IF_ERROR(vkAllocateCommandBuffers(device.handle(), &alloc, &s->m_cmd), what);
    VkFenceCreateInfo fenceInfo{};
    fenceInfo.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    HEARTH_VK_RETURN_IF_ERROR(vkCreateFence(device.handle(), &fenceInfo, nullptr, &s->m_fence),
                              what);
    if (device.profiler() != nullptr) {
        VkQueryPoolCreateInfo q{};
        q.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
        q.queryType = VK_QUERY_TYPE_TIMESTAMP;
        q.queryCount = kMaxTimedDispatches + 1;
        HEARTH_VK_RETURN_IF_ERROR(vkCreateQueryPool(device.handle(), &q, nullptr, &s->m_queries),
                                  what);
    }
    return s;
}

CommandStream::~CommandStream() {
    VkDevice dev = m_device.handle();
    if (m_submitted) vkWaitForFences(dev, 1, &m_fence, VK_TRUE, UINT64_MAX);
    releaseRecordingResources();
    for (VkDescriptorPool p : m_descriptorPools) vkDestroyDescriptorPool(dev, p, nullptr);
    if (m_queries != VK_NULL_HANDLE) vkDestroyQueryPool(dev, m_queries, nullptr);
    if (m_fence != VK_NULL_HANDLE) vkDestroyFence(dev, m_fence, nullptr);
    if (m_pool != VK_NULL_HANDLE) vkDestroyCommandPool(dev, m_pool, nullptr);
}

void CommandStream::releaseRecordingResources() {
    for (VkBufferView v : m_views) vkDestroyBufferView(m_device.handle(), v, nullptr);
    m_views.clear();
    for (VkDescriptorPool p : m_descriptorPools) vkResetDescriptorPool(m_device.handle(), p, 0);
}

Status CommandStream::begin() {
    if (m_submitted) HEARTH_RETURN_IF_ERROR(wait());
    releaseRecordingResources();
    m_pendingWrites.clear();
    m_pendingReads.clear();
    m_labels.clear();
    m_dispatches = 0;
    m_barriers = 0;
    HEARTH_VK_RETURN_IF_ERROR(vkResetCommandBuffer(m_cmd, 0), "preparing GPU commands");
    VkCommandBufferBeginInfo info{};
    info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    HEARTH_VK_RETURN_IF_ERROR(vkBeginCommandBuffer(m_cmd, &info), "preparing GPU commands");
    if (m_queries != VK_NULL_HANDLE) {
        vkCmdResetQueryPool(m_cmd, m_queries, 0, kMaxTimedDispatches + 1);
        vkCmdWriteTimestamp(m_cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, m_queries, 0);
    }
    m_recording = true;
    return Status();
}

Status CommandStream::checkBinding(const Pipeline& pipeline, size_t index, const Binding& b) const {
    const DeviceCaps& caps = m_device.caps();
    const std::string where =
        "internal error: " + pipeline.desc().shader + " binding " + std::to_string(index) + ": ";
    if (b.range.buffer == nullptr || !b.range.buffer->valid())
        return Status::error(where + "no buffer");
    if (b.range.offset > b.range.buffer->size() ||
        b.range.size > b.range.buffer->size() - b.range.offset || b.range.size == 0)
        return Status::error(where + "range outside the buffer");
    if (const uint32_t texel = texelBytes(pipeline.desc().bindings[index]); texel != 0) {
        if (b.range.offset % caps.minTexelBufferOffsetAlignment != 0 || b.range.size % texel != 0 ||
            b.range.size / texel > caps.maxTexelBufferElements)
            return Status::error(where + "texel buffer range not aligned or too large");
    } else if (b.range.offset % caps.minStorageBufferOffsetAlignment != 0 ||
               b.range.size > caps.info.maxStorageBufferRange) {
        return Status::error(where +
                             "storage buffer range not aligned or larger than "
                             "maxStorageBufferRange");
    }
    return Status();
}

bool CommandStream::needsBarrier(std::span<const Binding> bindings) const {
    auto hits = [](const std::vector<Span>& spans, const BufferRange& r) {
        const uint64_t begin = r.offset, end = r.offset + r.size;
        return std::any_of(spans.begin(), spans.end(), [&](const Span& s) {
            return s.buffer == r.buffer->handle() && begin < s.end && s.begin < end;
        });
    };
    for (const Binding& b : bindings) {
        if (hits(m_pendingWrites, b.range)) return true;                             // RAW, WAW
        if (b.access != Access::Read && hits(m_pendingReads, b.range)) return true;  // WAR
    }
    return false;
}

void CommandStream::insertBarrier() {
    VkMemoryBarrier barrier{};
    barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
    barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
    vkCmdPipelineBarrier(m_cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1, &barrier, 0, nullptr, 0,
                         nullptr);
    m_pendingWrites.clear();
    m_pendingReads.clear();
    ++m_barriers;
}

Result<VkDescriptorSet> CommandStream::allocateSet(VkDescriptorSetLayout layout) {
    VkDescriptorSetAllocateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO;
    info.descriptorSetCount = 1;
    info.pSetLayouts = &layout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    for (VkDescriptorPool p : m_descriptorPools) {
        info.descriptorPool = p;
        if (vkAllocateDescriptorSets(m_device.handle(), &info, &set) == VK_SUCCESS) return set;
    }
    VkDescriptorPoolSize sizes[2] = {{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kSetsPerPool * 8},
                                     {VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER, kSetsPerPool * 8}};
    VkDescriptorPoolCreateInfo poolInfo{};
    poolInfo.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO;
    poolInfo.maxSets = kSetsPerPool;
    poolInfo.poolSizeCount = 2;
    poolInfo.pPoolSizes = sizes;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    HEARTH_VK_RETURN_IF_ERROR(vkCreateDescriptorPool(m_device.handle(), &poolInfo, nullptr, &pool),
                              "preparing GPU commands");
    m_descriptorPools.push_back(pool);
    info.descriptorPool = pool;
    HEARTH_VK_RETURN_IF_ERROR(vkAllocateDescriptorSets(m_device.handle(), &info, &set),
                              "preparing GPU commands");
    return set;
}

Result<VkBufferView> CommandStream::texelView(const BufferRange& range) {
    VkBufferViewCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_BUFFER_VIEW_CREATE_INFO;
    info.buffer = range.buffer->handle();
    info.format = VK_FORMAT_R32G32B32A32_UINT;
    info.offset = range.offset;
    info.range = range.size;
    VkBufferView view = VK_NULL_HANDLE;
    HEARTH_VK_RETURN_IF_ERROR(vkCreateBufferView(m_device.handle(), &info, nullptr, &view),
                              "preparing GPU commands");
    m_views.push_back(view);
    return view;
}

Status CommandStream::dispatch(const Pipeline& pipeline, std::span<const Binding> bindings,
                               const void* push, uint32_t pushBytes, uint32_t groupsX,
                               uint32_t groupsY, uint32_t groupsZ, const char* label) {
    if (!m_recording) return Status::error("internal error: dispatch outside begin()/end()");
    const PipelineDesc& desc = pipeline.desc();
    if (bindings.size() != desc.bindings.size() || pushBytes != desc.pushConstantBytes) {
        return Status::error("internal error: " + desc.shader +
                             " dispatched with the wrong number of bindings or push bytes");
    }
    const uint32_t* maxGroups = m_device.caps().maxComputeWorkGroupCount;
    if (groupsX == 0 || groupsY == 0 || groupsZ == 0) return Status();  // nothing to do
    if (groupsX > maxGroups[0] || groupsY > maxGroups[1] || groupsZ > maxGroups[2]) {
        return Status::error("internal error: " + desc.shader +
                             " dispatch has too many workgroups");
    }

    std::vector<VkWriteDescriptorSet> writes(bindings.size());
    std::vector<VkDescriptorBufferInfo> infos(bindings.size());
    std::vector<VkBufferView> views(bindings.size());
    HEARTH_ASSIGN_OR_RETURN(VkDescriptorSet set, allocateSet(pipeline.setLayout()));
    for (size_t i = 0; i < bindings.size(); ++i) {
        HEARTH_RETURN_IF_ERROR(checkBinding(pipeline, i, bindings[i]));
        const BufferRange& r = bindings[i].range;
        VkWriteDescriptorSet& w = writes[i];
        w.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
        w.dstSet = set;
        w.dstBinding = static_cast<uint32_t>(i);
        w.descriptorCount = 1;
        if (texelBytes(desc.bindings[i]) != 0) {
            HEARTH_ASSIGN_OR_RETURN(views[i], texelView(r));
            w.descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER;
            w.pTexelBufferView = &views[i];
        } else {
            infos[i] = {r.buffer->handle(), r.offset, r.size};
            w.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            w.pBufferInfo = &infos[i];
        }
    }
    vkUpdateDescriptorSets(m_device.handle(), static_cast<uint32_t>(writes.size()), writes.data(),
                           0, nullptr);

    if (needsBarrier(bindings)) insertBarrier();
    for (const Binding& b : bindings) {
        const Span s{b.range.buffer->handle(), b.range.offset, b.range.offset + b.range.size};
        if (b.access != Access::Read) m_pendingWrites.push_back(s);
        if (b.access != Access::Write) m_pendingReads.push_back(s);
    }

    vkCmdBindPipeline(m_cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle());
    vkCmdBindDescriptorSets(m_cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout(), 0, 1, &set, 0,
                            nullptr);
    if (pushBytes > 0) {
        vkCmdPushConstants(m_cmd, pipeline.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0, pushBytes,
                           push);
    }
    vkCmdDispatch(m_cmd, groupsX, groupsY, groupsZ);
    if (m_queries != VK_NULL_HANDLE && m_labels.size() < kMaxTimedDispatches) {
        m_labels.emplace_back(label ? label : desc.shader.c_str());
        vkCmdWriteTimestamp(m_cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, m_queries,
                            static_cast<uint32_t>(m_labels.size()));
    }
    ++m_dispatches;
    return Status();
}

Status CommandStream::end() {
    if (!m_recording) return Status::error("internal error: end() without begin()");
    // Make the writes visible to whatever reads them next: the host after the fence, a copy,
    // or the shaders of a later submission (which starts with no hazard history of its own).
    VkMemoryBarrier barrier{};
    barrier.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER;
    barrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
    barrier.dstAccessMask = VK_ACCESS_HOST_READ_BIT | VK_ACCESS_TRANSFER_READ_BIT |
                            VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
    vkCmdPipelineBarrier(m_cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                         VK_PIPELINE_STAGE_HOST_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT |
                             VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                         0, 1, &barrier, 0, nullptr, 0, nullptr);
    m_recording = false;
    HEARTH_VK_RETURN_IF_ERROR(vkEndCommandBuffer(m_cmd), "preparing GPU commands");
    return Status();
}

Status CommandStream::submit() {
    if (m_recording) return Status::error("internal error: submit() while recording");
    if (m_submitted) HEARTH_RETURN_IF_ERROR(wait());
    HEARTH_VK_RETURN_IF_ERROR(vkResetFences(m_device.handle(), 1, &m_fence), "running on the GPU");
    VkSubmitInfo submit{};
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &m_cmd;
    std::lock_guard lock(m_device.queueMutex());
    HEARTH_VK_RETURN_IF_ERROR(vkQueueSubmit(m_device.queue(), 1, &submit, m_fence),
                              "running on the GPU");
    m_submitted = true;
    return Status();
}

Status CommandStream::wait() {
    if (!m_submitted) return Status();
    m_submitted = false;
    HEARTH_VK_RETURN_IF_ERROR(vkWaitForFences(m_device.handle(), 1, &m_fence, VK_TRUE, UINT64_MAX),
                              "running on the GPU");
    Profiler* profiler = m_device.profiler();
    if (profiler != nullptr && m_queries != VK_NULL_HANDLE && !m_labels.empty()) {
        std::vector<uint64_t> ticks(m_labels.size() + 1);
        if (vkGetQueryPoolResults(m_device.handle(), m_queries, 0,
                                  static_cast<uint32_t>(ticks.size()),
                                  ticks.size() * sizeof(uint64_t), ticks.data(), sizeof(uint64_t),
                                  VK_QUERY_RESULT_64_BIT) == VK_SUCCESS) {
            const double nsPerTick = m_device.caps().timestampPeriodNs;
            for (size_t i = 0; i < m_labels.size(); ++i) {
                const double us = static_cast<double>(ticks[i + 1] - ticks[i]) * nsPerTick / 1000.0;
                profiler->add(m_labels[i], us);
            }
        }
    }
    return Status();
}

Status CommandStream::run() {
    HEARTH_RETURN_IF_ERROR(end());
    HEARTH_RETURN_IF_ERROR(submit());
    return wait();
}

}  // namespace hearth::vk

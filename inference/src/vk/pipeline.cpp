#include "vk/pipeline.h"

#include <algorithm>

#include "vk/device.h"
#include "vk/embedded_shaders.h"
#include "vk/vk_status.h"

namespace hearth::vk {

uint32_t texelBytes(BindingKind kind) {
    switch (kind) {
        case BindingKind::TexelBuffer:
            return 16;
        default:
            return 0;
    }
}

std::string PipelineDesc::key() const {
    std::string k = shader + "/" + std::to_string(pushConstantBytes) + "/";
    for (BindingKind b : bindings) k += b == BindingKind::TexelBuffer ? 't' : 's';
    for (uint32_t c : specConstants) k += ":" + std::to_string(c);
    return k;
}

std::vector<uint32_t> spirvSpecConstantIds(std::span<const uint32_t> spirv) {
    constexpr uint32_t kOpDecorate = 71, kDecorationSpecId = 1, kHeaderWords = 5;
    std::vector<uint32_t> ids;
    for (size_t i = kHeaderWords; i < spirv.size();) {
        const uint32_t words = spirv[i] >> 16, opcode = spirv[i] & 0xffff;
        if (words == 0 || i + words > spirv.size()) break;
        if (opcode == kOpDecorate && words >= 4 && spirv[i + 2] == kDecorationSpecId)
            ids.push_back(spirv[i + 3]);
        i += words;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

Result<std::unique_ptr<Pipeline>> Pipeline::create(Device& device, const PipelineDesc& desc,
                                                   VkPipelineCache cache) {
    const std::span<const uint32_t> spirv = shaders::find(desc.shader);
    if (spirv.empty()) return Status::error("internal error: no shader named " + desc.shader);
    const std::vector<uint32_t> ids = spirvSpecConstantIds(spirv);
    for (size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] != i || i >= desc.specConstants.size()) {
            return Status::error("internal error: shader " + desc.shader +
                                 " declares specialization constants that are not all set (" +
                                 std::to_string(ids.size()) + " declared, " +
                                 std::to_string(desc.specConstants.size()) + " given)");
        }
    }
    if (desc.specConstants.size() != ids.size()) {
        return Status::error("internal error: " + std::to_string(desc.specConstants.size()) +
                             " specialization constants given to " + desc.shader +
                             ", which declares " + std::to_string(ids.size()));
    }

    std::unique_ptr<Pipeline> p(new Pipeline());
    p->m_device = device.handle();
    p->m_desc = desc;
    const std::string what = "creating the compute pipeline " + desc.shader;

    std::vector<VkDescriptorSetLayoutBinding> bindings(desc.bindings.size());
    for (size_t i = 0; i < bindings.size(); ++i) {
        bindings[i].binding = static_cast<uint32_t>(i);
        bindings[i].descriptorType = texelBytes(desc.bindings[i]) != 0
                                         ? VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER
                                         : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        bindings[i].descriptorCount = 1;
        bindings[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    }
    VkDescriptorSetLayoutCreateInfo setInfo{};
    setInfo.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO;
    setInfo.bindingCount = static_cast<uint32_t>(bindings.size());
    setInfo.pBindings = bindings.data();
    HEARTH_VK_RETURN_IF_ERROR(
        vkCreateDescriptorSetLayout(p->m_device, &setInfo, nullptr, &p->m_setLayout), what);

    VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, desc.pushConstantBytes};
    VkPipelineLayoutCreateInfo layoutInfo{};
    layoutInfo.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO;
    layoutInfo.setLayoutCount = 1;
    layoutInfo.pSetLayouts = &p->m_setLayout;
    layoutInfo.pushConstantRangeCount = desc.pushConstantBytes > 0 ? 1 : 0;
    layoutInfo.pPushConstantRanges = &push;
    HEARTH_VK_RETURN_IF_ERROR(
        vkCreatePipelineLayout(p->m_device, &layoutInfo, nullptr, &p->m_layout), what);

    VkShaderModuleCreateInfo moduleInfo{};
    moduleInfo.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO;
    moduleInfo.codeSize = spirv.size_bytes();
    moduleInfo.pCode = spirv.data();
    VkShaderModule module = VK_NULL_HANDLE;
    HEARTH_VK_RETURN_IF_ERROR(vkCreateShaderModule(p->m_device, &moduleInfo, nullptr, &module),
                              what);

    std::vector<VkSpecializationMapEntry> entries(desc.specConstants.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        entries[i] = {static_cast<uint32_t>(i), static_cast<uint32_t>(i * sizeof(uint32_t)),
                      sizeof(uint32_t)};
    }
    VkSpecializationInfo spec{};
    spec.mapEntryCount = static_cast<uint32_t>(entries.size());
    spec.pMapEntries = entries.data();
    spec.dataSize = desc.specConstants.size() * sizeof(uint32_t);
    spec.pData = desc.specConstants.data();

    VkComputePipelineCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO;
    info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = module;
    info.stage.pName = "main";
    info.stage.pSpecializationInfo = entries.empty() ? nullptr : &spec;
    info.layout = p->m_layout;
    VkResult r = vkCreateComputePipelines(p->m_device, cache, 1, &info, nullptr, &p->m_pipeline);
    vkDestroyShaderModule(p->m_device, module, nullptr);
    HEARTH_VK_RETURN_IF_ERROR(r, what);
    return p;
}

Pipeline::~Pipeline() {
    if (m_pipeline != VK_NULL_HANDLE) vkDestroyPipeline(m_device, m_pipeline, nullptr);
    if (m_layout != VK_NULL_HANDLE) vkDestroyPipelineLayout(m_device, m_layout, nullptr);
    if (m_setLayout != VK_NULL_HANDLE) vkDestroyDescriptorSetLayout(m_device, m_setLayout, nullptr);
}

}  // namespace hearth::vk

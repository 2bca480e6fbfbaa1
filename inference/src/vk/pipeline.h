// A compute pipeline built from embedded SPIR-V. Every specialization constant the shader
// declares must be given explicitly: a driver default silently picked is a bug we want to see.
#pragma once

#include <vulkan/vulkan.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hearth/status.h"

namespace hearth::vk {

class Device;

enum class BindingKind {
    StorageBuffer,
    // A uniform texel buffer of RGBA32UI texels (16 bytes per fetch). On lavapipe a texel fetch
    // is one vector gather for all SIMD lanes, where a storage-buffer load is a scalar loop over
    // the lanes (REFERENCES.md §5).
    TexelBuffer,
};

// Bytes per texel of a texel binding (0 for storage buffers).
uint32_t texelBytes(BindingKind kind);

struct PipelineDesc {
    std::string shader;  // variant name in the embedded registry, e.g. "matvec_q4_k"
    std::vector<BindingKind> bindings;
    uint32_t pushConstantBytes = 0;
    std::vector<uint32_t> specConstants;  // value of constant_id = i is specConstants[i]

    std::string key() const;
};

class Pipeline {
public:
    static Result<std::unique_ptr<Pipeline>> create(Device& device, const PipelineDesc& desc,
                                                    VkPipelineCache cache);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    VkPipeline handle() const { return m_pipeline; }
    VkPipelineLayout layout() const { return m_layout; }
    VkDescriptorSetLayout setLayout() const { return m_setLayout; }
    const PipelineDesc& desc() const { return m_desc; }

private:
    Pipeline() = default;
    VkDevice m_device = VK_NULL_HANDLE;
    VkPipeline m_pipeline = VK_NULL_HANDLE;
    VkPipelineLayout m_layout = VK_NULL_HANDLE;
    VkDescriptorSetLayout m_setLayout = VK_NULL_HANDLE;
    PipelineDesc m_desc;
};

// The SpecId decorations of a SPIR-V module, sorted and unique (used to check a PipelineDesc).
std::vector<uint32_t> spirvSpecConstantIds(std::span<const uint32_t> spirv);

}  // namespace hearth::vk

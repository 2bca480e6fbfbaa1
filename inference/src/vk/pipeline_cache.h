// The driver's pipeline cache, kept on disk so a second start does not recompile shaders
// (lavapipe compiles each pipeline with LLVM, which costs milliseconds to tens of them).
// The file name carries the driver's cache UUID, so a driver update starts a fresh cache.
#pragma once

#include <vulkan/vulkan.h>

#include <filesystem>

namespace hearth::vk {

class PipelineCache {
public:
    PipelineCache(VkDevice device, const VkPhysicalDeviceProperties& props);
    ~PipelineCache();  // saves the cache when pipelines were added
    PipelineCache(const PipelineCache&) = delete;
    PipelineCache& operator=(const PipelineCache&) = delete;

    VkPipelineCache handle() const { return m_cache; }
    const std::filesystem::path& path() const { return m_path; }
    void markChanged() { m_changed = true; }
    void save();

    // $HEARTH_HOME/cache, else $XDG_CACHE_HOME/hearth, else ~/.cache/hearth.
    static std::filesystem::path cacheDirectory();

private:
    VkDevice m_device;
    VkPipelineCache m_cache = VK_NULL_HANDLE;
    std::filesystem::path m_path;
    bool m_changed = false;
};

}  // namespace hearth::vk

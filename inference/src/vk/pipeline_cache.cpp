#include "vk/pipeline_cache.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace hearth::vk {

std::filesystem::path PipelineCache::cacheDirectory() {
    if (const char* home = std::getenv("HEARTH_HOME"); home && *home)
        return std::filesystem::path(home) / "cache";
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "hearth";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "hearth";
    return std::filesystem::temp_directory_path() / "hearth-cache";
}

PipelineCache::PipelineCache(VkDevice device, const VkPhysicalDeviceProperties& props)
    : m_device(device) {
    char uuid[2 * VK_UUID_SIZE + 1];
    for (unsigned i = 0; i < VK_UUID_SIZE; ++i)
        std::snprintf(uuid + 2 * i, 3, "%02x", props.pipelineCacheUUID[i]);
    char name[128];
    std::snprintf(name, sizeof name, "pipelines-%04x-%04x-%s.bin", props.vendorID, props.deviceID,
                  uuid);
    m_path = cacheDirectory() / name;

    std::vector<char> data;
    if (std::ifstream in(m_path, std::ios::binary); in) {
        data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    VkPipelineCacheCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO;
    info.initialDataSize = data.size();
    info.pInitialData = data.empty() ? nullptr : data.data();
    // A stale or corrupt file is not an error: the driver validates the header; start empty.
    if (vkCreatePipelineCache(device, &info, nullptr, &m_cache) != VK_SUCCESS) {
        info.initialDataSize = 0;
        info.pInitialData = nullptr;
        vkCreatePipelineCache(device, &info, nullptr, &m_cache);
    }
}

PipelineCache::~PipelineCache() {
    save();
    if (m_cache != VK_NULL_HANDLE) vkDestroyPipelineCache(m_device, m_cache, nullptr);
}

void PipelineCache::save() {
    if (!m_changed || m_cache == VK_NULL_HANDLE) return;
    size_t size = 0;
    if (vkGetPipelineCacheData(m_device, m_cache, &size, nullptr) != VK_SUCCESS || size == 0)
        return;
    std::vector<char> data(size);
    if (vkGetPipelineCacheData(m_device, m_cache, &size, data.data()) != VK_SUCCESS) return;
    std::error_code ec;
    std::filesystem::create_directories(m_path.parent_path(), ec);
    // Write then rename, so a crash or another Hearth process never leaves half a file. The
    // temporary name is unique per process and per save.
    static std::atomic<uint64_t> counter{0};
    const std::filesystem::path tmp = m_path.string() + ".tmp" +
                                      std::to_string(static_cast<long>(::getpid())) + "." +
                                      std::to_string(counter.fetch_add(1));
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {  // disk full or unwritable: keep the old file and try again next time
        std::filesystem::remove(tmp, ec);
        return;
    }
    std::filesystem::rename(tmp, m_path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return;
    }
    m_changed = false;
}

}  // namespace hearth::vk

#include "models/kv_cache.h"

#include "vk/device.h"

namespace hearth::models {

uint64_t KvCache::bytesFor(const ModelConfig& config, uint32_t capacity, TensorType type) {
    const ops::KvCacheLayout layout{type, capacity, config.nKvHeads, config.headDim};
    return 2 * uint64_t{config.nLayers} * layout.bufferBytes();
}

Result<KvCache> KvCache::create(vk::Device& device, const ModelConfig& config, uint32_t capacity,
                                TensorType type) {
    KvCache cache;
    cache.m_layout = {type, capacity, config.nKvHeads, config.headDim};
    HEARTH_RETURN_IF_ERROR(cache.m_layout.validate());
    const uint64_t bytes = cache.m_layout.bufferBytes();
    if (bytes > device.info().maxStorageBufferRange)
        return Status::error("a KV cache of " + std::to_string(capacity) + " positions needs " +
                             std::to_string(bytes >> 20) + " MiB per layer, more than " +
                             device.info().name +
                             " can bind at once; use a shorter context or a q8_0 cache");
    for (uint32_t i = 0; i < 2 * config.nLayers; ++i) {
        HEARTH_ASSIGN_OR_RETURN(
            vk::Buffer b,
            vk::Buffer::create(device, bytes, vk::MemoryUse::Device, "allocating the KV cache"));
        cache.m_buffers.push_back(std::move(b));
        cache.m_deviceBytes += cache.m_buffers.back().size();
    }
    return cache;
}

}  // namespace hearth::models

// The KV cache of one session: for every layer a K and a V buffer of `capacity` positions
// (layout in ops/kv_write.h), f16 by default or q8_0 to halve its size.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "hearth/status.h"
#include "models/model_config.h"
#include "ops/kv_write.h"
#include "vk/buffer.h"

namespace hearth::vk {
class Device;
}

namespace hearth::models {

class KvCache {
public:
    static Result<KvCache> create(vk::Device& device, const ModelConfig& config, uint32_t capacity,
                                  TensorType type);

    // Bytes a cache of `capacity` positions takes for this model.
    static uint64_t bytesFor(const ModelConfig& config, uint32_t capacity, TensorType type);

    const ops::KvCacheLayout& layout() const { return m_layout; }
    vk::BufferRange keys(uint32_t layer) const {
        return vk::BufferRange::whole(m_buffers[2 * layer]);
    }
    vk::BufferRange values(uint32_t layer) const {
        return vk::BufferRange::whole(m_buffers[2 * layer + 1]);
    }
    uint64_t deviceBytes() const { return m_deviceBytes; }

private:
    ops::KvCacheLayout m_layout;
    std::deque<vk::Buffer> m_buffers;  // K and V of layer 0, then layer 1, ...
    uint64_t m_deviceBytes = 0;
};

}  // namespace hearth::models

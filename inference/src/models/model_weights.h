// A model's tensors on the device: every matrix in its file's block format (the kernels
// dequantize as they read), every norm weight and bias as f32.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "hearth/status.h"
#include "models/model_config.h"
#include "models/tensor_source.h"
#include "ops/weight_layout.h"
#include "vk/buffer.h"

namespace hearth::vk {
class Device;
}

namespace hearth::models {

struct LayerWeights {
    vk::BufferRange attnNorm;             // [hidden]
    ops::WeightView q, k, v;              // [qDim | kvDim, hidden]
    vk::BufferRange qBias, kBias, vBias;  // [qDim | kvDim], Qwen2 only
    ops::WeightView o;                    // [hidden, qDim]
    vk::BufferRange ffnNorm;              // [hidden]
    ops::WeightView gate, up;             // [ffn, hidden]
    ops::WeightView down;                 // [hidden, ffn]
};

// Called as the upload goes, with bytes done and bytes in all; returning false cancels it.
using UploadProgress = std::function<bool(uint64_t done, uint64_t total)>;

class ModelWeights {
public:
    // Checks every tensor's presence, shape and type against `config` before uploading any,
    // so an unsupported file fails at once and by name. With `inPlace`, matrices are used
    // where the source's mapped files hold them when the device's memory is host memory
    // (Buffer::importHost): no copy, and the source must then outlive the weights.
    static Result<std::unique_ptr<ModelWeights>> upload(vk::Device& device,
                                                        const TensorSource& tensors,
                                                        const ModelConfig& config,
                                                        const UploadProgress& progress = {},
                                                        bool inPlace = false);

    ops::WeightView embedding;  // [vocab, hidden]
    std::vector<LayerWeights> layers;
    vk::BufferRange outputNorm;  // [hidden]
    ops::WeightView output;      // [vocab, hidden]: the embedding table when tied
    vk::BufferRange ropeFreqs;   // [nRot / 2] (llama3), or empty

    uint64_t deviceBytes() const { return m_deviceBytes; }
    uint64_t inPlaceBytes() const { return m_inPlaceBytes; }  // of deviceBytes, not copied

private:
    ModelWeights() = default;
    std::deque<vk::Buffer> m_buffers;  // a deque: ranges keep pointing at its elements
    uint64_t m_deviceBytes = 0;
    uint64_t m_inPlaceBytes = 0;
    friend class WeightUploader;
};

}  // namespace hearth::models

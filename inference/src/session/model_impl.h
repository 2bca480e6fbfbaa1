// What a loaded model holds: the device, the hyperparameters, the weights on the device and
// the vocabulary's text. Shared by Model and its sessions (which must not outlive it).
#pragma once

#include <memory>
#include <optional>
#include <set>

#include "hearth/model.h"
#include "hearth/tokenizer.h"
#include "models/model_config.h"
#include "models/model_weights.h"
#include "vk/device.h"

namespace hearth {

struct Model::Impl {
    ModelInfo info;
    std::unique_ptr<vk::Device> device;
    // The mapped checkpoint (GGUF file or safetensors set) when weights are used in place
    // (ModelInfo::weightBytesInPlace): declared before `weights` so that it outlives them.
    std::shared_ptr<const void> mappedSource;
    models::ModelConfig config;
    std::unique_ptr<models::ModelWeights> weights;
    std::optional<Tokenizer> tokenizer;

    // The text a generated token adds: its bytes; nothing for control tokens.
    const std::string& pieceOf(int32_t id) const {
        static const std::string none;
        return tokenizer->isControl(id) ? none : tokenizer->tokenBytes(id);
    }
    std::set<int32_t> endOfGeneration;  // EOS, EOT and the like: generation stops at them
};

}  // namespace hearth

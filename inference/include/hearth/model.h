// Loading a model onto a Vulkan device: a GGUF file (or one file of a split set), or a Hugging
// Face directory (config.json, tokenizer.json and F32, F16 or BF16 *.safetensors).
//
//   auto model = hearth::Model::load("model.gguf", {.progress = showProgress});
//   auto session = model.value()->newSession({.contextLength = 4096});
//
// A model is immutable once loaded; sessions (session.h) hold the per-conversation state.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hearth/sampler.h"
#include "hearth/status.h"
#include "hearth/tokenizer.h"

namespace hearth {

class Session;
struct SessionOptions;

struct LoadOptions {
    int deviceIndex = -1;  // -1: the preferred device (HEARTH_DEVICE overrides)
    // Called as weights upload with bytes done and in all; returning false cancels the load.
    std::function<bool(uint64_t done, uint64_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;  // set from any thread to cancel the load
    // Copy the weights to device memory even where the device could read them in place from
    // the file's pages (see ModelInfo::weightBytesInPlace): the file is then free to change.
    bool copyWeights = false;
    // Read only what the checkpoint says about itself (ModelInfo, the tokenizer, the chat
    // template): no device, no weights. Such a model cannot start sessions.
    bool metadataOnly = false;
};

struct ModelInfo {
    std::string path;
    // The GGUF files the model is read from: `path` alone, or every file of a split set in
    // order. Empty for a Hugging Face directory (`path` is the directory).
    std::vector<std::string> files;
    std::string name;
    std::string architecture;  // "llama", "qwen2"
    uint64_t parameterCount = 0;
    // Parameters per tensor type ("q4_K" -> 1.2e9), largest first.
    std::vector<std::pair<std::string, uint64_t>> quantMix;
    uint32_t contextLength = 0;  // what the model was trained for
    uint32_t layers = 0, hidden = 0, heads = 0, kvHeads = 0, headDim = 0, ffn = 0;
    uint32_t vocabSize = 0;
    std::string chatTemplate;  // tokenizer.chat_template, or empty
    int32_t bosToken = -1, eosToken = -1, eotToken = -1;
    bool addBos = true;
    uint64_t weightBytes = 0;  // on the device
    // Of weightBytes, what the device reads where the file's pages are, without a copy (CPU
    // and unified-memory devices that can import host memory).
    uint64_t weightBytesInPlace = 0;
    uint64_t kvBytesPerToken = 0;     // f16 cache, all layers
    SamplingOptions defaultSampling;  // the model's recommended settings
    std::string deviceName;
};

class Model {
public:
    static Result<std::unique_ptr<Model>> load(const std::filesystem::path& path,
                                               const LoadOptions& options = {});
    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const ModelInfo& info() const;
    Result<std::unique_ptr<Session>> newSession(const SessionOptions& options) const;

    // The bytes token `id` stands for (empty for an id outside the vocabulary or a control
    // token); pieces of one character may span tokens (session.h streams whole characters).
    std::string tokenBytes(int32_t id) const;
    bool isEndOfGeneration(int32_t id) const;
    // Text to tokens and back, as the model's own tokenizer does it.
    const Tokenizer& tokenizer() const;

    struct Impl;

private:
    explicit Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hearth

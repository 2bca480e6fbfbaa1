// The engine's Session: a KV cache and a forward pass on the model's device.
#pragma once

#include <memory>
#include <vector>

#include "hearth/session.h"
#include "models/forward_pass.h"
#include "models/kv_cache.h"
#include "session/model_impl.h"
#include "vk/command_stream.h"

namespace hearth {

class GpuSession final : public Session {
public:
    static Result<std::unique_ptr<Session>> create(const Model::Impl& model,
                                                   const SessionOptions& options);

    uint32_t contextLength() const override { return m_cache.layout().capacity; }
    const std::vector<int32_t>& tokens() const override { return m_tokens; }
    uint64_t deviceBytes() const override;

    Status append(std::span<const int32_t> tokens) override;
    Status truncate(uint32_t n) override;
    std::span<const float> logits() const override { return m_logits; }
    Result<GenerateResult> generate(const SamplingOptions& options, const TokenCallback& callback,
                                    const std::atomic<bool>* cancel) override;
    Result<std::vector<TopLogprobs>> score(std::span<const int32_t> tokens, uint32_t topK) override;

private:
    GpuSession(const Model::Impl& model, models::KvCache cache)
        : m_model(model), m_cache(std::move(cache)) {}
    Status checkTokens(std::span<const int32_t> tokens) const;
    // Runs one batch through the prefill recording; keeps the last row's logits.
    Status prefillBatch(std::span<const int32_t> batch, models::LogitsFor logits);
    // Appends one token through the recorded decode step.
    Status decode(int32_t token);

    const Model::Impl& m_model;
    models::KvCache m_cache;
    std::unique_ptr<models::ForwardPass> m_pass;
    std::unique_ptr<vk::CommandStream> m_prefillStream;
    std::unique_ptr<vk::CommandStream> m_decodeStream;  // recorded once, replayed per token
    bool m_decodeRecorded = false;
    std::vector<int32_t> m_tokens;
    std::vector<float> m_logits;
};

}  // namespace hearth

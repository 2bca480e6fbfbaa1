// A session: one conversation's KV cache on the device, and the tokens it holds.
//
// append() computes the cache for new tokens (prefill, in batches); generate() samples new
// tokens one at a time, handing each to a callback that can stop it; truncate() rewinds to a
// shorter prefix so that a regenerate or an edited turn only computes what changed.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hearth/sampler.h"
#include "hearth/status.h"

namespace hearth {

enum class KvCacheType { F16, Q8_0 };

struct SessionOptions {
    uint32_t contextLength = 4096;  // 0: the model's trained context
    KvCacheType cacheType = KvCacheType::F16;
    uint32_t batchSize = 128;  // prefill tokens per step
};

enum class StopReason { EndOfGeneration, MaxTokens, StopString, Callback, ContextFull, Cancelled };

struct GenerateResult {
    std::vector<int32_t> tokens;
    std::string text;
    StopReason stopReason = StopReason::EndOfGeneration;
    double seconds = 0;  // decode time
};

// Receives each generated token and the text it completes (whole UTF-8 characters only; may be
// empty). Returning false stops generation after this token.
using TokenCallback = std::function<bool(int32_t token, std::string_view text)>;

// Log-probabilities of the best next tokens at one position.
using TopLogprobs = std::vector<std::pair<int32_t, float>>;

class Session {
public:
    virtual ~Session() = default;

    virtual uint32_t contextLength() const = 0;
    virtual const std::vector<int32_t>& tokens() const = 0;  // what the cache holds
    virtual uint64_t deviceBytes() const = 0;                // KV cache and scratch

    // Computes the cache for `tokens` after what it holds. An id outside the vocabulary or a
    // context overflow is an error and leaves the session as it was.
    virtual Status append(std::span<const int32_t> tokens) = 0;
    // Keeps the first n tokens (n <= tokens().size()). Only the last kept position is
    // recomputed (one decode step), to restore its logits; on failure nothing changes.
    virtual Status truncate(uint32_t n) = 0;
    // Logits after the last token appended (empty before any).
    virtual std::span<const float> logits() const = 0;

    // Samples until the end-of-generation token, a stop string, options.maxTokens, a full
    // context, the callback returning false, or `cancel` (checked before every token).
    virtual Result<GenerateResult> generate(const SamplingOptions& options,
                                            const TokenCallback& callback = {},
                                            const std::atomic<bool>* cancel = nullptr) = 0;

    // Teacher-forced scoring: appends `tokens` and returns, for each of them, the top-k
    // log-probabilities of the token that follows it.
    virtual Result<std::vector<TopLogprobs>> score(std::span<const int32_t> tokens,
                                                   uint32_t topK) = 0;
};

}  // namespace hearth

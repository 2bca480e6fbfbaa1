#include "session/gpu_session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "tokenizer/utf8_stream.h"

namespace hearth {

namespace {

// Rows of logits a scoring step computes at once: each is a vocabulary of f32 (0.6 MB for
// Qwen's), so this bounds the scratch scoring needs.
constexpr uint32_t kScoreRows = 16;

TopLogprobs topLogprobs(const float* logits, uint32_t vocab, uint32_t k) {
    double maxLogit = -INFINITY;
    for (uint32_t i = 0; i < vocab; ++i)
        if (!std::isnan(logits[i])) maxLogit = std::max<double>(maxLogit, logits[i]);
    double sum = 0;
    for (uint32_t i = 0; i < vocab; ++i)
        if (!std::isnan(logits[i])) sum += std::exp(logits[i] - maxLogit);
    const double logSum = maxLogit + std::log(sum);
    std::vector<int32_t> ids(vocab);
    for (uint32_t i = 0; i < vocab; ++i) ids[i] = static_cast<int32_t>(i);
    k = std::min(k, vocab);
    auto better = [&](int32_t a, int32_t b) {
        const float la = std::isnan(logits[a]) ? -INFINITY : logits[a];
        const float lb = std::isnan(logits[b]) ? -INFINITY : logits[b];
        return la != lb ? la > lb : a < b;
    };
    std::partial_sort(ids.begin(), ids.begin() + k, ids.end(), better);
    TopLogprobs top;
    for (uint32_t i = 0; i < k; ++i)
        top.emplace_back(ids[i], static_cast<float>(logits[ids[i]] - logSum));
    return top;
}

}  // namespace

Result<std::unique_ptr<Session>> GpuSession::create(const Model::Impl& model,
                                                    const SessionOptions& options) {
    const uint32_t context =
        options.contextLength != 0 ? options.contextLength : model.config.contextTrained;
    const TensorType cacheType =
        options.cacheType == KvCacheType::Q8_0 ? TensorType::Q8_0 : TensorType::F16;
    HEARTH_ASSIGN_OR_RETURN(
        models::KvCache cache,
        models::KvCache::create(*model.device, model.config, context, cacheType));
    std::unique_ptr<GpuSession> s(new GpuSession(model, std::move(cache)));
    HEARTH_ASSIGN_OR_RETURN(s->m_pass, models::ForwardPass::create(
                                           *model.device, model.config, *model.weights, s->m_cache,
                                           std::max(options.batchSize, kScoreRows), kScoreRows));
    HEARTH_ASSIGN_OR_RETURN(s->m_prefillStream, vk::CommandStream::create(*model.device));
    HEARTH_ASSIGN_OR_RETURN(s->m_decodeStream, vk::CommandStream::create(*model.device));
    return std::unique_ptr<Session>(std::move(s));
}

uint64_t GpuSession::deviceBytes() const {
    return m_cache.deviceBytes() + m_pass->scratchBytes();
}

Status GpuSession::checkTokens(std::span<const int32_t> tokens) const {
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i] < 0 || static_cast<uint32_t>(tokens[i]) >= m_model.config.vocab)
            return Status::error("token " + std::to_string(i) + " has id " +
                                 std::to_string(tokens[i]) + ", outside the vocabulary of " +
                                 std::to_string(m_model.config.vocab));
    }
    if (tokens.size() > contextLength() - m_tokens.size())
        return Status::error(std::to_string(m_tokens.size() + tokens.size()) +
                             " tokens do not fit the context of " +
                             std::to_string(contextLength()));
    return Status();
}

Status GpuSession::prefillBatch(std::span<const int32_t> batch, models::LogitsFor logits) {
    const uint32_t pos0 = static_cast<uint32_t>(m_tokens.size());
    for (size_t i = 0; i < batch.size(); ++i) {
        m_pass->ids()[i] = static_cast<uint32_t>(batch[i]);
        m_pass->positions()[i] = static_cast<int32_t>(pos0 + i);
    }
    HEARTH_RETURN_IF_ERROR(m_prefillStream->begin());
    ops::OpContext ctx{*m_model.device, *m_prefillStream};
    HEARTH_RETURN_IF_ERROR(
        m_pass->recordPrefill(ctx, static_cast<uint32_t>(batch.size()), pos0, logits));
    HEARTH_RETURN_IF_ERROR(m_prefillStream->run());
    m_tokens.insert(m_tokens.end(), batch.begin(), batch.end());
    const uint32_t vocab = m_model.config.vocab;
    const float* last = m_pass->logits() +
                        (logits == models::LogitsFor::AllTokens ? (batch.size() - 1) * vocab : 0);
    m_logits.assign(last, last + vocab);
    return Status();
}

Status GpuSession::append(std::span<const int32_t> tokens) {
    HEARTH_RETURN_IF_ERROR(checkTokens(tokens));
    const size_t before = m_tokens.size();
    const std::vector<float> logitsBefore = m_logits;
    for (size_t i = 0; i < tokens.size();) {
        const size_t n = std::min<size_t>(m_pass->maxBatch(), tokens.size() - i);
        // One token goes through the recorded decode step: no recording at all.
        const Status s = n == 1 ? decode(tokens[i])
                                : prefillBatch(tokens.subspan(i, n), models::LogitsFor::LastToken);
        if (!s.ok()) {
            // The session is as it was: cache entries past `before` are simply not used.
            m_tokens.resize(before);
            m_logits = logitsBefore;
            return s;
        }
        i += n;
    }
    return Status();
}

Status GpuSession::decode(int32_t token) {
    if (!m_decodeRecorded) {
        // A recording that failed half way is started again from scratch next time.
        HEARTH_RETURN_IF_ERROR(m_decodeStream->begin());
        ops::OpContext ctx{*m_model.device, *m_decodeStream};
        HEARTH_RETURN_IF_ERROR(m_pass->recordDecode(ctx));
        HEARTH_RETURN_IF_ERROR(m_decodeStream->end());
        m_decodeRecorded = true;
    }
    m_pass->ids()[0] = static_cast<uint32_t>(token);
    m_pass->positions()[0] = static_cast<int32_t>(m_tokens.size());
    HEARTH_RETURN_IF_ERROR(m_decodeStream->submit());
    HEARTH_RETURN_IF_ERROR(m_decodeStream->wait());
    m_tokens.push_back(token);
    m_logits.assign(m_pass->logits(), m_pass->logits() + m_model.config.vocab);
    return Status();
}

Status GpuSession::truncate(uint32_t n) {
    if (n > m_tokens.size())
        return Status::error("cannot truncate a session of " + std::to_string(m_tokens.size()) +
                             " tokens to " + std::to_string(n));
    if (n == m_tokens.size()) return Status();
    if (n == 0) {
        m_tokens.clear();
        m_logits.clear();
        return Status();
    }
    // The logits after token n - 1 are gone: recompute that one position (its cache entry is
    // rewritten with the same values). On failure the session is left as it was.
    const std::vector<int32_t> tokensBefore = m_tokens;
    const std::vector<float> logitsBefore = m_logits;
    m_tokens.resize(n - 1);
    const Status s = decode(tokensBefore[n - 1]);
    if (!s.ok()) {
        m_tokens = tokensBefore;
        m_logits = logitsBefore;
    }
    return s;
}

Result<GenerateResult> GpuSession::generate(const SamplingOptions& options,
                                            const TokenCallback& callback,
                                            const std::atomic<bool>* cancel) {
    HEARTH_RETURN_IF_ERROR(options.validate());
    if (m_logits.empty())
        return Status::error("generate needs a prompt: append at least one token first");
    Sampler sampler(options);
    StopStringMatcher stops(options.stop);
    tokenizer::Utf8Stream utf8;
    GenerateResult result;
    const auto start = std::chrono::steady_clock::now();
    auto finish = [&](StopReason reason) {
        result.stopReason = reason;
        if (reason != StopReason::StopString)
            result.text += stops.push(utf8.flush()).text + stops.flush();
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return result;
    };
    while (true) {
        if (cancel != nullptr && cancel->load()) return finish(StopReason::Cancelled);
        if (options.maxTokens != 0 && result.tokens.size() >= options.maxTokens)
            return finish(StopReason::MaxTokens);
        if (m_tokens.size() >= contextLength()) return finish(StopReason::ContextFull);
        const int32_t token = sampler.sample(m_logits, m_tokens);
        if (token < 0) return Status::error("no token could be sampled: the logits are all NaN");
        if (m_model.endOfGeneration.count(token) != 0) return finish(StopReason::EndOfGeneration);
        HEARTH_RETURN_IF_ERROR(decode(token));
        result.tokens.push_back(token);
        const StopStringMatcher::Piece piece = stops.push(utf8.push(m_model.pieceOf(token)));
        result.text += piece.text;
        const bool keepGoing = !callback || callback(token, piece.text);
        if (piece.stopped) return finish(StopReason::StopString);
        if (!keepGoing) return finish(StopReason::Callback);
    }
}

Result<std::vector<TopLogprobs>> GpuSession::score(std::span<const int32_t> tokens, uint32_t topK) {
    HEARTH_RETURN_IF_ERROR(checkTokens(tokens));
    std::vector<TopLogprobs> result;
    const uint32_t vocab = m_model.config.vocab;
    const size_t before = m_tokens.size();
    const std::vector<float> logitsBefore = m_logits;
    for (size_t i = 0; i < tokens.size(); i += kScoreRows) {
        const auto batch = tokens.subspan(i, std::min<size_t>(kScoreRows, tokens.size() - i));
        if (const Status s = prefillBatch(batch, models::LogitsFor::AllTokens); !s.ok()) {
            m_tokens.resize(before);  // as append does: the session is as it was
            m_logits = logitsBefore;
            return s;
        }
        for (size_t r = 0; r < batch.size(); ++r)
            result.push_back(topLogprobs(m_pass->logits() + r * vocab, vocab, topK));
    }
    return result;
}

}  // namespace hearth

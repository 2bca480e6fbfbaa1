#include "chat/inference_worker.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "chat/chat_prompt.h"
#include "chat/context_policy.h"
#include "chat/model_summary.h"
#include "chat/token_batcher.h"
#include "hearth/reasoning.h"

namespace hearth::chat {

namespace {

using Clock = std::chrono::steady_clock;

// A context length for requests that leave it to us: the model's own can be 128k tokens, whose
// cache would not fit most devices.
constexpr int kDefaultContextLength = 4096;
// Prompt tokens appended per step, with a cancel check between steps.
constexpr size_t kPrefillChunk = 256;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

QString text(const Status& status) {
    return QString::fromStdString(status.message());
}

GenerationStopReason stopReasonOf(StopReason reason) {
    switch (reason) {
        case StopReason::MaxTokens:
            return GenerationStopReason::MaxTokens;
        case StopReason::ContextFull:
            return GenerationStopReason::ContextFull;
        case StopReason::Callback:  // our callback stops only when cancelled
        case StopReason::Cancelled:
            return GenerationStopReason::Cancelled;
        case StopReason::EndOfGeneration:
        case StopReason::StopString:
            break;
    }
    return GenerationStopReason::EndOfText;
}

}  // namespace

struct InferenceWorker::Loaded {
    std::unique_ptr<Model> model;
    ModelChatFormat format;
};

// One generation's state while it runs.
struct InferenceWorker::Run {
    Clock::time_point start = Clock::now();
    ChatPrompt prompt;
    int contextLength = 0;
    GenerationStats stats;
};

InferenceWorker::InferenceWorker(QObject* parent) : QObject(parent) {
    registerChatMetaTypes();
}

InferenceWorker::~InferenceWorker() {
    m_sessions.clear();  // before the model they were made from
}

void InferenceWorker::cancelLoad() {
    m_cancelLoad = true;
}

void InferenceWorker::cancelGeneration(quint64 requestId) {
    // Sequentially consistent: either the running request sees this id when it starts, or this
    // sees it running.
    m_cancelledRequestId = requestId;
    if (m_runningRequestId == requestId) m_stopGeneration = true;
}

void InferenceWorker::cancelGeneration() {
    m_stopGeneration = true;
}

void InferenceWorker::loadModel(const QString& path) {
    m_cancelLoad = false;
    double reported = -1;
    LoadOptions options;
    options.cancel = &m_cancelLoad;
    options.progress = [&](uint64_t done, uint64_t total) {
        const double fraction = total ? static_cast<double>(done) / static_cast<double>(total) : 1;
        if (fraction >= reported + 0.01 || (fraction >= 1 && reported < 1)) {
            reported = fraction;
            emit loadProgress(std::min(fraction, 1.0));
        }
        return !m_cancelLoad;
    };
    Result<std::unique_ptr<Model>> model = Model::load(path.toStdString(), options);
    if (!model.ok()) {
        emit loadFailed(m_cancelLoad ? tr("Loading %1 was cancelled.").arg(path)
                                     : text(model.status()));
        return;
    }
    if (reported < 1) emit loadProgress(1.0);
    ModelChatFormat format = chatFormatFor(*model.value());
    // The new model replaces the old one only now that it loaded: sessions first, then the
    // model they belong to.
    m_sessions.clear();
    m_loaded = std::make_unique<Loaded>(Loaded{std::move(model.value()), std::move(format)});
    emit modelLoaded(summarizeModel(*m_loaded->model, m_loaded->format));
}

void InferenceWorker::unloadModel() {
    m_sessions.clear();
    m_loaded.reset();
    emit modelUnloaded();
}

int InferenceWorker::effectiveContextLength(int requested) const {
    const int trained =
        static_cast<int>(std::min<uint32_t>(m_loaded->model->info().contextLength, INT_MAX));
    const int wanted = requested > 0 ? requested : kDefaultContextLength;
    return trained > 0 ? std::min(wanted, trained) : wanted;
}

int InferenceWorker::countPromptTokens(const QList<ChatTurn>& turns) const {
    if (!m_loaded) return -1;
    Result<ChatPrompt> prompt = buildChatPrompt(*m_loaded->model, m_loaded->format, turns);
    return prompt.ok() ? static_cast<int>(prompt->tokens.size()) : -1;
}

void InferenceWorker::countTokens(quint64 requestId, const QList<ChatTurn>& turns) {
    emit tokenCount(requestId, countPromptTokens(turns));
}

void InferenceWorker::fitTurns(quint64 requestId, const QList<ChatTurn>& turns, int maxTokens,
                               int contextLength) {
    QList<ChatTurn> fitted = turns;
    const int budget =
        m_loaded ? effectiveContextLength(contextLength) - std::max(maxTokens, 1) : 0;
    const TurnDrop drop = dropOldestTurns(
        fitted, budget, [this](const QList<ChatTurn>& t) { return countPromptTokens(t); });
    emit turnsFitted(requestId, fitted, drop.dropped, drop.fits);
}

void InferenceWorker::generate(const GenerationRequest& request) {
    const quint64 id = request.requestId;
    m_runningRequestId = id;
    m_stopGeneration = m_cancelledRequestId == id;
    Run run;
    if (!m_loaded) {
        emit failed(id, tr("No model is loaded."));
        return;
    }
    Result<ChatPrompt> prompt = buildChatPrompt(*m_loaded->model, m_loaded->format, request.turns);
    if (!prompt.ok()) {
        emit failed(
            id,
            tr("The conversation could not be made into a prompt: %1").arg(text(prompt.status())));
        return;
    }
    run.prompt = std::move(prompt.value());
    run.contextLength = effectiveContextLength(request.contextLength);
    const int promptTokens = static_cast<int>(run.prompt.tokens.size());
    if (!promptFits(promptTokens, request.sampling.maxTokens, run.contextLength)) {
        emit contextFull(id, promptTokens, run.contextLength);
        return;
    }
    if (Status s = toSamplingOptions(request.sampling).validate(); !s.ok()) {
        emit failed(id, text(s));
        return;
    }
    prefillAndDecode(request, run);
    m_runningRequestId = 0;
}

void InferenceWorker::prefillAndDecode(const GenerationRequest& request, Run& run) {
    const quint64 id = request.requestId;
    const std::vector<int32_t>& prompt = run.prompt.tokens;
    Result<Session*> acquired = m_sessions.acquire(*m_loaded->model, request.conversationId,
                                                   static_cast<uint32_t>(run.contextLength));
    if (!acquired.ok()) {
        emit failed(id, text(acquired.status()));
        return;
    }
    Session& session = *acquired.value();
    auto fail = [&](const Status& s) {
        m_sessions.drop(request.conversationId);
        emit failed(id, text(s));
    };
    // Keep what the cache shares with the new prompt; compute only the rest.
    const size_t prefix = commonPrefixLength(session.tokens(), prompt);
    if (Status s = session.truncate(static_cast<uint32_t>(prefix)); !s.ok()) return fail(s);
    run.stats.promptTokens = static_cast<int>(prompt.size());
    for (size_t at = prefix; at < prompt.size() && !m_stopGeneration; at += kPrefillChunk) {
        const size_t n = std::min(kPrefillChunk, prompt.size() - at);
        if (Status s = session.append(std::span(prompt).subspan(at, n)); !s.ok()) return fail(s);
        run.stats.promptTokensComputed += static_cast<int>(n);
        m_promptTokensComputedTotal += n;
    }
    run.stats.promptSeconds = secondsSince(run.start);

    ReasoningSplitter splitter(run.prompt.opensReasoning);
    TokenBatcher batcher;
    auto deliver = [&] {
        const TokenBatcher::Batch batch = batcher.take();
        emit tokens(id, batch.answer, batch.reasoning);
    };
    std::optional<double> firstTokenAt;
    auto onToken = [&](int32_t, std::string_view piece) {
        if (!firstTokenAt) firstTokenAt = secondsSince(run.start);
        batcher.add(splitter.push(piece));
        if (batcher.due()) deliver();
        return !m_stopGeneration;
    };
    GenerateResult result;
    if (!m_stopGeneration) {
        Result<GenerateResult> generated =
            session.generate(toSamplingOptions(request.sampling), onToken, &m_stopGeneration);
        if (!generated.ok()) {
            batcher.add(splitter.finish());
            if (!batcher.empty()) deliver();  // what was made before the error still shows
            return fail(generated.status());
        }
        result = std::move(generated.value());
    } else {
        result.stopReason = StopReason::Cancelled;
    }
    batcher.add(splitter.finish());
    if (!batcher.empty()) deliver();

    GenerationStats& stats = run.stats;
    stats.completionTokens = static_cast<int>(result.tokens.size());
    stats.timeToFirstTokenSeconds = firstTokenAt.value_or(0);
    stats.tokensPerSecond = result.seconds > 0 ? stats.completionTokens / result.seconds : 0;
    stats.reasoningSeconds = splitter.reasoningSeconds().value_or(0);
    stats.stopReason = stopReasonOf(result.stopReason);
    emit finished(id, stats);
}

}  // namespace hearth::chat

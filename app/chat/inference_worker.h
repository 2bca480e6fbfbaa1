// The inference worker: the one object that owns the loaded model and its sessions (DESIGN.md
// §3). It lives on its own thread (inference_thread.h); its slots are called through queued
// connections and answer with signals, so the GUI thread never waits on it. Tokens arrive
// batched, about one `tokens` signal per 16 ms. Cancelling is an atomic flag, safe from any
// thread, read before and after every token.
//
// Errors are values in words (loadFailed, failed); the worker stays usable after any of them,
// and a model that fails to load leaves the previous one loaded.
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "chat/chat_types.h"
#include "chat/session_cache.h"

namespace hearth::chat {

class InferenceWorker : public QObject {
    Q_OBJECT

public:
    explicit InferenceWorker(QObject* parent = nullptr);
    ~InferenceWorker() override;

    // Any thread. Stops the load in progress; the previous model stays loaded.
    void cancelLoad();
    // Any thread. Stops request `requestId` within one token, whether it runs now or has not
    // started yet; it still finishes, with what it made and stop reason Cancelled.
    void cancelGeneration(quint64 requestId);
    // Any thread. Stops the generation running now, whichever it is.
    void cancelGeneration();

    // Prompt tokens actually computed since the worker started (all requests): for tests and
    // the diagnostics page. Any thread.
    quint64 promptTokensComputedTotal() const { return m_promptTokensComputedTotal; }

public slots:
    void loadModel(const QString& path);
    void unloadModel();
    void generate(const hearth::chat::GenerationRequest& request);
    // Answers with tokenCount: the prompt tokens of `turns` with the generation prompt, for the
    // context meter.
    void countTokens(quint64 requestId, const QList<hearth::chat::ChatTurn>& turns);
    // Answers with turnsFitted: `turns` with the oldest exchanges dropped until the prompt and
    // maxTokens fit contextLength (see context_policy.h).
    void fitTurns(quint64 requestId, const QList<hearth::chat::ChatTurn>& turns, int maxTokens,
                  int contextLength);

signals:
    void loadProgress(double fraction);  // 0..1; reaches 1 before modelLoaded
    void modelLoaded(const hearth::chat::ModelSummary& summary);
    void loadFailed(const QString& message);
    void modelUnloaded();

    void tokens(quint64 requestId, const QString& answerDelta, const QString& reasoningDelta);
    void finished(quint64 requestId, const hearth::chat::GenerationStats& stats);
    void failed(quint64 requestId, const QString& message);
    // The prompt and maxTokens do not fit; nothing was generated. The UI decides what to drop.
    void contextFull(quint64 requestId, int promptTokens, int contextLength);

    void tokenCount(quint64 requestId, int promptTokens);  // -1: no model, or no prompt
    void turnsFitted(quint64 requestId, const QList<hearth::chat::ChatTurn>& turns, int dropped,
                     bool fits);

private:
    struct Loaded;
    struct Run;

    int effectiveContextLength(int requested) const;
    int countPromptTokens(const QList<ChatTurn>& turns) const;
    // The parts of generate() after the checks: prefill, then decode.
    void prefillAndDecode(const GenerationRequest& request, Run& run);

    std::unique_ptr<Loaded> m_loaded;
    SessionCache m_sessions;

    std::atomic<bool> m_cancelLoad{false};
    std::atomic<bool> m_stopGeneration{false};  // the running generation stops
    std::atomic<quint64> m_runningRequestId{0};
    std::atomic<quint64> m_cancelledRequestId{~quint64(0)};  // ~0: none
    std::atomic<quint64> m_promptTokensComputedTotal{0};
};

}  // namespace hearth::chat

// The values that travel between the GUI thread and the inference worker (inference_worker.h)
// through queued connections: a conversation's turns, sampling settings, a generation request,
// what a generation measured, and what a loaded model is.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace hearth::chat {

// One turn as the chat template sees it. Earlier assistant turns carry their answer only: the
// reasoning is shown to the user, never sent back to the model.
struct ChatTurn {
    QString role;  // "system", "user", "assistant"
    QString content;

    friend bool operator==(const ChatTurn&, const ChatTurn&) = default;
};

struct SamplingSettings {
    double temperature = 0.6;  // 0: greedy
    double topP = 0.95;        // 1: off
    int topK = 0;              // 0: off
    double minP = 0.0;         // 0: off
    int maxTokens = 2048;      // 0: until the context is full
    quint64 seed = 0;
};

struct GenerationRequest {
    quint64 requestId = 0;
    // Requests of one conversation share a cached session, so a follow-up turn or a regenerate
    // only computes what changed; any stable key works (the storage id, say).
    QString conversationId;
    QList<ChatTurn> turns;  // the system prompt first, if any; the last turn is the user's
    SamplingSettings sampling;
    int contextLength = 0;  // 0: the model's own (clamped to it)
};

enum class GenerationStopReason { EndOfText, MaxTokens, Cancelled, ContextFull };

struct GenerationStats {
    int promptTokens = 0;
    // Of promptTokens, those computed for this request; the rest came from the cached session.
    int promptTokensComputed = 0;
    int completionTokens = 0;
    double promptSeconds = 0;
    double timeToFirstTokenSeconds = 0;  // from the request to the first token
    double tokensPerSecond = 0;          // generation only
    double reasoningSeconds = 0;         // 0: no reasoning block
    GenerationStopReason stopReason = GenerationStopReason::EndOfText;
};

struct ModelSummary {
    QString path;
    QString name;
    QString architecture;
    quint64 parameterCount = 0;
    quint64 fileBytes = 0;
    quint64 weightBytes = 0;      // on the device
    quint64 kvBytesPerToken = 0;  // the cache a context token takes (f16)
    int contextLength = 0;        // what the model was trained for
    QString deviceName;
    SamplingSettings defaultSampling;  // the model's recommendation (maxTokens, seed: ours)
    bool hasReasoning = false;         // its prompts open a <think> block (R1 style)
    QString templateWarning;           // why the built-in template is used, or empty
};

// Registers the types above for queued connections and QVariant; safe to call repeatedly.
void registerChatMetaTypes();

QString stopReasonName(GenerationStopReason reason);

}  // namespace hearth::chat

Q_DECLARE_METATYPE(hearth::chat::ChatTurn)
Q_DECLARE_METATYPE(hearth::chat::SamplingSettings)
Q_DECLARE_METATYPE(hearth::chat::GenerationRequest)
Q_DECLARE_METATYPE(hearth::chat::GenerationStopReason)
Q_DECLARE_METATYPE(hearth::chat::GenerationStats)
Q_DECLARE_METATYPE(hearth::chat::ModelSummary)

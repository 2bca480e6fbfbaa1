// Records what an inference worker says, on the test's thread: every signal arrives through a
// queued connection, as it would on the GUI thread, and waitFor() runs the test thread's event
// loop until a condition holds.
#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QObject>

#include <functional>
#include <map>
#include <vector>

#include "chat/inference_worker.h"

namespace hearth::chat::testing {

struct GenerationRecord {
    QString answer;
    QString reasoning;
    int batches = 0;  // tokens signals
    bool finished = false;
    GenerationStats stats;
    QString failure;
    bool contextFull = false;
    int contextFullPromptTokens = 0;
    int contextFullContextLength = 0;
    bool done() const { return finished || !failure.isEmpty() || contextFull; }
};

class WorkerProbe : public QObject {
public:
    explicit WorkerProbe(InferenceWorker* worker) {
        connect(worker, &InferenceWorker::loadProgress, this,
                [this](double f) { progress.push_back(f); });
        connect(worker, &InferenceWorker::modelLoaded, this, [this](const ModelSummary& s) {
            summary = s;
            ++loads;
        });
        connect(worker, &InferenceWorker::loadFailed, this,
                [this](const QString& m) { loadFailures.push_back(m); });
        connect(worker, &InferenceWorker::tokens, this,
                [this](quint64 id, const QString& answer, const QString& reasoning) {
                    GenerationRecord& r = generations[id];
                    r.answer += answer;
                    r.reasoning += reasoning;
                    ++r.batches;
                });
        connect(worker, &InferenceWorker::finished, this,
                [this](quint64 id, const GenerationStats& stats) {
                    generations[id].finished = true;
                    generations[id].stats = stats;
                });
        connect(worker, &InferenceWorker::failed, this,
                [this](quint64 id, const QString& message) { generations[id].failure = message; });
        connect(worker, &InferenceWorker::contextFull, this,
                [this](quint64 id, int promptTokens, int contextLength) {
                    GenerationRecord& r = generations[id];
                    r.contextFull = true;
                    r.contextFullPromptTokens = promptTokens;
                    r.contextFullContextLength = contextLength;
                });
        connect(worker, &InferenceWorker::tokenCount, this,
                [this](quint64 id, int n) { tokenCounts[id] = n; });
        connect(worker, &InferenceWorker::turnsFitted, this,
                [this](quint64 id, const QList<ChatTurn>& turns, int dropped, bool fits) {
                    fitted[id] = {turns, dropped, fits};
                });
    }

    // Runs the event loop until `condition` holds or `seconds` pass; returns the condition.
    static bool waitFor(const std::function<bool()>& condition, int seconds = 120) {
        QDeadlineTimer deadline(seconds * 1000);
        while (!condition() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents,
                                            50);
        return condition();
    }

    struct Fitted {
        QList<ChatTurn> turns;
        int dropped = 0;
        bool fits = false;
    };

    std::vector<double> progress;
    ModelSummary summary;
    int loads = 0;
    std::vector<QString> loadFailures;
    std::map<quint64, GenerationRecord> generations;
    std::map<quint64, int> tokenCounts;
    std::map<quint64, Fitted> fitted;
};

}  // namespace hearth::chat::testing

// Owns the inference worker's thread: starts it, hands requests to the worker without waiting
// (queued calls), and on destruction cancels what runs, quits and joins the thread. The worker
// and its model are destroyed on the worker thread, where they were used.
//
//   InferenceThread inference;
//   connect(inference.worker(), &InferenceWorker::tokens, this, &Chat::appendTokens);
//   inference.loadModel(path);
#pragma once

#include <QObject>
#include <QThread>

#include "chat/inference_worker.h"

namespace hearth::chat {

class InferenceThread : public QObject {
    Q_OBJECT

public:
    explicit InferenceThread(QObject* parent = nullptr);
    ~InferenceThread() override;
    InferenceThread(const InferenceThread&) = delete;
    InferenceThread& operator=(const InferenceThread&) = delete;

    // Connect to its signals; call its slots through the methods below (or queued yourself).
    InferenceWorker* worker() const { return m_worker; }

    // Each returns at once; the worker answers with its signals.
    void loadModel(const QString& path);
    void unloadModel();
    void generate(const GenerationRequest& request);
    void countTokens(quint64 requestId, const QList<ChatTurn>& turns);
    void fitTurns(quint64 requestId, const QList<ChatTurn>& turns, int maxTokens,
                  int contextLength);

    void cancelLoad() { m_worker->cancelLoad(); }
    void cancelGeneration(quint64 requestId) { m_worker->cancelGeneration(requestId); }
    void cancelGeneration() { m_worker->cancelGeneration(); }

private:
    QThread m_thread;
    InferenceWorker* m_worker;  // lives on m_thread; deleted there when it finishes
};

}  // namespace hearth::chat

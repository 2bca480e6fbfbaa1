#include "chat/inference_thread.h"

namespace hearth::chat {

InferenceThread::InferenceThread(QObject* parent) : QObject(parent), m_worker(new InferenceWorker) {
    m_thread.setObjectName(QStringLiteral("hearth-inference"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

InferenceThread::~InferenceThread() {
    // Whatever runs stops within a token (or a load step); queued requests are dropped with the
    // event loop; the worker, its sessions and its model go on the worker thread as it ends.
    m_worker->cancelLoad();
    m_worker->cancelGeneration();
    m_thread.quit();
    m_thread.wait();
}

void InferenceThread::loadModel(const QString& path) {
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, path] { w->loadModel(path); }, Qt::QueuedConnection);
}

void InferenceThread::unloadModel() {
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->unloadModel(); }, Qt::QueuedConnection);
}

void InferenceThread::generate(const GenerationRequest& request) {
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, request] { w->generate(request); }, Qt::QueuedConnection);
}

void InferenceThread::countTokens(quint64 requestId, const QList<ChatTurn>& turns) {
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, requestId, turns] { w->countTokens(requestId, turns); },
        Qt::QueuedConnection);
}

void InferenceThread::fitTurns(quint64 requestId, const QList<ChatTurn>& turns, int maxTokens,
                               int contextLength) {
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, requestId, turns, maxTokens, contextLength] {
            w->fitTurns(requestId, turns, maxTokens, contextLength);
        },
        Qt::QueuedConnection);
}

}  // namespace hearth::chat

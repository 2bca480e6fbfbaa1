#include "library/download_manager.h"

namespace hearth::library {

namespace {

constexpr qint64 kSaveEveryMs = 1000;
constexpr qint64 kRateWindowMs = 3000;

}  // namespace

DownloadManager::DownloadManager(storage::History& history, DownloadOptions options,
                                 QObject* parent)
    : QObject(parent), m_history(history), m_queue(history), m_options(options) {
    m_clock.start();
    if (const Status s = m_queue.requeueRunning(); !s.ok())
        m_lastError = QString::fromStdString(s.message());
    reload();
    pump();
}

DownloadManager::~DownloadManager() {
    // The partial file stays and the row says queued: the next start resumes it.
    if (m_active) {
        const qint64 id = m_activeId;
        m_active->pause();
        if (auto* r = row(id)) (void)m_queue.setProgress(id, r->receivedBytes, r->totalBytes);
        (void)m_queue.setState(id, storage::DownloadState::Queued);
    }
}

void DownloadManager::reload() {
    auto rows = m_queue.all();
    if (rows.ok()) {
        m_rows = std::move(rows).value();
    } else {
        m_lastError = QString::fromStdString(rows.status().message());
    }
}

storage::QueuedDownload* DownloadManager::row(qint64 id) {
    for (storage::QueuedDownload& r : m_rows)
        if (r.id == id) return &r;
    return nullptr;
}

void DownloadManager::setState(qint64 id, storage::DownloadState state, const QString& error) {
    if (const Status s = m_queue.setState(id, state, error); !s.ok())
        m_lastError = QString::fromStdString(s.message());
    if (auto* r = row(id)) {
        r->state = state;
        r->error = error;
    }
}

Result<std::vector<qint64>> DownloadManager::enqueue(
    const std::vector<storage::NewDownload>& files) {
    std::vector<qint64> ids;
    HEARTH_RETURN_IF_ERROR(m_history.transaction([&]() -> Status {
        for (const storage::NewDownload& file : files) {
            HEARTH_ASSIGN_OR_RETURN(const qint64 id, m_queue.add(file));
            ids.push_back(id);
        }
        return {};
    }));
    reload();
    emit changed();
    pump();
    return ids;
}

void DownloadManager::pause(qint64 id) {
    if (id == m_activeId) stopActive();
    if (auto* r = row(id); r != nullptr && (r->state == storage::DownloadState::Queued ||
                                            r->state == storage::DownloadState::Running))
        setState(id, storage::DownloadState::Paused);
    emit changed();
    pump();
}

void DownloadManager::resume(qint64 id) {
    if (auto* r = row(id); r != nullptr && (r->state == storage::DownloadState::Paused ||
                                            r->state == storage::DownloadState::Failed))
        setState(id, storage::DownloadState::Queued);
    emit changed();
    pump();
}

void DownloadManager::cancel(qint64 id) {
    storage::QueuedDownload* r = row(id);
    if (r == nullptr) return;
    if (id == m_activeId) {
        m_active->cancel();
        m_active.reset();
        m_activeId = 0;
    } else if (r->state != storage::DownloadState::Done) {
        removePartialDownload(r->request.destination);
    }
    if (const Status s = m_queue.remove(id); !s.ok())
        m_lastError = QString::fromStdString(s.message());
    reload();
    emit changed();
    pump();
}

void DownloadManager::stopActive() {
    if (!m_active) return;
    const qint64 id = m_activeId;
    m_active->pause();
    m_active.reset();
    m_activeId = 0;
    m_rate = 0;
    if (auto* r = row(id)) (void)m_queue.setProgress(id, r->receivedBytes, r->totalBytes);
}

void DownloadManager::pump() {
    if (m_active) return;
    for (storage::QueuedDownload& r : m_rows) {
        if (r.state != storage::DownloadState::Queued) continue;
        const qint64 id = r.id;
        DownloadRequest request{r.request.url, r.request.destination, r.request.expectedBytes,
                                r.request.expectedSha256};
        m_active = std::make_unique<Download>(&m_network, request, m_options);
        m_activeId = id;
        m_samples.clear();
        m_rate = 0;
        m_sinceSaved.start();
        connect(m_active.get(), &Download::progress, this, &DownloadManager::onProgress);
        connect(m_active.get(), &Download::finished, this, [this, id](const QString& path) {
            if (auto* done = row(id)) done->receivedBytes = done->totalBytes = m_active->received();
            endActive(storage::DownloadState::Done);
            emit completed(id, path);
            pump();
        });
        connect(m_active.get(), &Download::failed, this, [this](const QString& message) {
            endActive(storage::DownloadState::Failed, message);
            pump();
        });
        setState(id, storage::DownloadState::Running);
        emit changed();
        m_active->start();
        return;
    }
}

// Runs inside the active download's own finished or failed signal: it is deleted later.
void DownloadManager::endActive(storage::DownloadState state, const QString& error) {
    const qint64 id = m_activeId;
    if (auto* r = row(id)) (void)m_queue.setProgress(id, r->receivedBytes, r->totalBytes);
    setState(id, state, error);
    m_active.release()->deleteLater();
    m_activeId = 0;
    m_rate = 0;
    emit changed();
}

void DownloadManager::onProgress(qint64 received, qint64 total) {
    storage::QueuedDownload* r = row(m_activeId);
    if (r == nullptr) return;
    r->receivedBytes = received;
    r->totalBytes = total;
    const qint64 now = m_clock.elapsed();
    m_samples.emplace_back(now, received);
    while (m_samples.size() > 2 && now - m_samples.front().first > kRateWindowMs)
        m_samples.pop_front();
    const auto& [firstMs, firstBytes] = m_samples.front();
    m_rate = now > firstMs ? static_cast<double>(received - firstBytes) * 1000.0 /
                                 static_cast<double>(now - firstMs)
                           : 0;
    if (m_sinceSaved.elapsed() >= kSaveEveryMs) {
        (void)m_queue.setProgress(m_activeId, received, total);
        m_sinceSaved.restart();
    }
    emit changed();
}

}  // namespace hearth::library

// Runs the download queue (storage/download_queue.h) with library/download.h: one file at a
// time, in queue order. Progress reaches the database about once a second, so after a crash
// or a restart a download resumes from its partial file; what was running is queued again.
// A failure stops only its own file, with the reason kept beside it.
#pragma once

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <deque>
#include <memory>
#include <vector>

#include "library/download.h"
#include "storage/download_queue.h"

namespace hearth::library {

class DownloadManager : public QObject {
    Q_OBJECT

public:
    DownloadManager(storage::History& history, DownloadOptions options = {},
                    QObject* parent = nullptr);
    ~DownloadManager() override;

    // Queues files (a split set together), all or none, and starts when nothing is running.
    Result<std::vector<qint64>> enqueue(const std::vector<storage::NewDownload>& files);
    void pause(qint64 id);
    void resume(qint64 id);  // also retries a failed one
    void cancel(qint64 id);  // removes it from the queue, with its partial file

    const std::vector<storage::QueuedDownload>& downloads() const { return m_rows; }
    qint64 activeId() const { return m_activeId; }
    double bytesPerSecond() const { return m_rate; }  // of the running download
    QString lastError() const { return m_lastError; }

signals:
    void changed();
    void completed(qint64 id, const QString& path);

private:
    void reload();
    void pump();
    void stopActive();
    void endActive(storage::DownloadState state, const QString& error = {});
    storage::QueuedDownload* row(qint64 id);
    void setState(qint64 id, storage::DownloadState state, const QString& error = {});
    void onProgress(qint64 received, qint64 total);

    storage::History& m_history;
    storage::DownloadQueue m_queue;
    DownloadOptions m_options;
    QNetworkAccessManager m_network;
    std::vector<storage::QueuedDownload> m_rows;
    std::unique_ptr<Download> m_active;
    qint64 m_activeId = 0;
    QElapsedTimer m_sinceSaved;
    std::deque<std::pair<qint64, qint64>> m_samples;  // (ms, bytes) for the rate
    QElapsedTimer m_clock;
    double m_rate = 0;
    QString m_lastError;
};

}  // namespace hearth::library

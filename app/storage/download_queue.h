// The download queue in the history database (resources/sql/0003_downloads.sql): what the user
// asked to download, how far each file got, and why one failed. The download manager
// (library/download_manager.h) runs it; this only stores it.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>
#include <optional>
#include <vector>

#include "hearth/status.h"
#include "storage/history.h"

namespace hearth::storage {

// Running: being downloaded now (after a crash or restart, it is queued again);
// Paused: by the user; Failed: `error` says why; Done: in place and verified.
enum class DownloadState { Queued, Running, Paused, Failed, Done };
QString downloadStateName(DownloadState state);
std::optional<DownloadState> downloadStateFromName(const QString& name);

struct NewDownload {
    QUrl url;
    QString destination;
    QString title;  // what the user sees ("DeepSeek-R1-Distill-Qwen-7B Q4_K_M")
    QString batch;  // files that belong together (a split set); empty: none
    qint64 expectedBytes = 0;
    QByteArray expectedSha256;
};

struct QueuedDownload {
    qint64 id = 0;
    NewDownload request;
    DownloadState state = DownloadState::Queued;
    QString error;
    qint64 receivedBytes = 0;
    qint64 totalBytes = 0;
    QDateTime createdAt;
};

class DownloadQueue {
public:
    explicit DownloadQueue(History& history) : m_history(history) {}

    // A destination already queued is an error naming it.
    Result<qint64> add(const NewDownload& download);
    Result<std::vector<QueuedDownload>> all();  // by id
    Result<QueuedDownload> get(qint64 id);
    Status setState(qint64 id, DownloadState state, const QString& error = {});
    Status setProgress(qint64 id, qint64 receivedBytes, qint64 totalBytes);
    Status remove(qint64 id);
    // At start: what was running when the app stopped is queued again.
    Status requeueRunning();

private:
    History& m_history;
};

}  // namespace hearth::storage

#include "storage/download_queue.h"

#include <QSqlError>
#include <QSqlQuery>

#include "storage/sql_support.h"

namespace hearth::storage {

namespace {

Result<QueuedDownload> readDownload(const QSqlQuery& q) {
    QueuedDownload d;
    d.id = q.value(0).toLongLong();
    d.request.url = QUrl(q.value(1).toString());
    d.request.destination = q.value(2).toString();
    d.request.title = q.value(3).toString();
    d.request.batch = q.value(4).toString();
    d.request.expectedBytes = q.value(5).toLongLong();
    d.request.expectedSha256 = q.value(6).toString().toLatin1();
    const auto state = downloadStateFromName(q.value(7).toString());
    if (!state)
        return Status::error("download " + std::to_string(d.id) + " has an unknown state '" +
                             q.value(7).toString().toStdString() + "'");
    d.state = *state;
    d.error = q.value(8).toString();
    d.receivedBytes = q.value(9).toLongLong();
    d.totalBytes = q.value(10).toLongLong();
    d.createdAt = fromStoredTime(q.value(11));
    return d;
}

// A null QString binds as NULL; the columns are NOT NULL with '' for none.
QString text(const QString& s) {
    return s.isNull() ? QStringLiteral("") : s;
}

Status noSuchDownload(qint64 id) {
    return Status::error("there is no download " + std::to_string(id));
}

}  // namespace

QString downloadStateName(DownloadState state) {
    switch (state) {
        case DownloadState::Queued:
            return QStringLiteral("queued");
        case DownloadState::Running:
            return QStringLiteral("running");
        case DownloadState::Paused:
            return QStringLiteral("paused");
        case DownloadState::Failed:
            return QStringLiteral("failed");
        case DownloadState::Done:
            break;
    }
    return QStringLiteral("done");
}

std::optional<DownloadState> downloadStateFromName(const QString& name) {
    for (const DownloadState s :
         {DownloadState::Queued, DownloadState::Running, DownloadState::Paused,
          DownloadState::Failed, DownloadState::Done})
        if (downloadStateName(s) == name) return s;
    return std::nullopt;
}

Result<qint64> DownloadQueue::add(const NewDownload& download) {
    HEARTH_RETURN_IF_ERROR(m_history.checkWritable());
    HEARTH_ASSIGN_OR_RETURN(
        QSqlQuery * q,
        m_history.prepared("INSERT INTO downloads (url, destination, title, batch, "
                           "expected_bytes, expected_sha256, created_at) VALUES (:url, "
                           ":destination, :title, :batch, :bytes, :sha, :created)"));
    q->bindValue(QStringLiteral(":url"), download.url.toString());
    q->bindValue(QStringLiteral(":destination"), download.destination);
    q->bindValue(QStringLiteral(":title"), text(download.title));
    q->bindValue(QStringLiteral(":batch"), text(download.batch));
    q->bindValue(QStringLiteral(":bytes"), download.expectedBytes);
    q->bindValue(QStringLiteral(":sha"), text(QString::fromLatin1(download.expectedSha256)));
    q->bindValue(QStringLiteral(":created"), toStoredTime(m_history.now()));
    if (!q->exec()) {
        if (q->lastError().nativeErrorCode() == QLatin1String("2067"))  // SQLITE_CONSTRAINT_UNIQUE
            return Status::error(download.destination.toStdString() +
                                 " is already in the download queue");
        return sqlFailure(*q, QStringLiteral("queueing a download"));
    }
    const qint64 id = q->lastInsertId().toLongLong();
    q->finish();
    return id;
}

Result<std::vector<QueuedDownload>> DownloadQueue::all() {
    HEARTH_ASSIGN_OR_RETURN(QSqlQuery * q,
                            m_history.prepared("SELECT id, url, destination, title, batch, "
                                               "expected_bytes, expected_sha256, state, error, "
                                               "received_bytes, total_bytes, created_at "
                                               "FROM downloads ORDER BY id"));
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("reading the download queue"));
    std::vector<QueuedDownload> downloads;
    while (q->next()) {
        HEARTH_ASSIGN_OR_RETURN(QueuedDownload d, readDownload(*q));
        downloads.push_back(std::move(d));
    }
    q->finish();
    return downloads;
}

Result<QueuedDownload> DownloadQueue::get(qint64 id) {
    HEARTH_ASSIGN_OR_RETURN(QSqlQuery * q,
                            m_history.prepared("SELECT id, url, destination, title, batch, "
                                               "expected_bytes, expected_sha256, state, error, "
                                               "received_bytes, total_bytes, created_at "
                                               "FROM downloads WHERE id = :id"));
    q->bindValue(QStringLiteral(":id"), id);
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("reading a download"));
    if (!q->next()) return noSuchDownload(id);
    auto d = readDownload(*q);
    q->finish();
    return d;
}

Status DownloadQueue::setState(qint64 id, DownloadState state, const QString& error) {
    HEARTH_RETURN_IF_ERROR(m_history.checkWritable());
    HEARTH_ASSIGN_OR_RETURN(
        QSqlQuery * q,
        m_history.prepared("UPDATE downloads SET state = :state, error = :error WHERE id = :id"));
    q->bindValue(QStringLiteral(":state"), downloadStateName(state));
    q->bindValue(QStringLiteral(":error"), text(error));
    q->bindValue(QStringLiteral(":id"), id);
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("updating a download"));
    return q->numRowsAffected() == 1 ? Status() : noSuchDownload(id);
}

Status DownloadQueue::setProgress(qint64 id, qint64 receivedBytes, qint64 totalBytes) {
    HEARTH_RETURN_IF_ERROR(m_history.checkWritable());
    HEARTH_ASSIGN_OR_RETURN(QSqlQuery * q,
                            m_history.prepared("UPDATE downloads SET received_bytes = :received, "
                                               "total_bytes = :total WHERE id = :id"));
    q->bindValue(QStringLiteral(":received"), receivedBytes);
    q->bindValue(QStringLiteral(":total"), totalBytes);
    q->bindValue(QStringLiteral(":id"), id);
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("updating a download"));
    return q->numRowsAffected() == 1 ? Status() : noSuchDownload(id);
}

Status DownloadQueue::remove(qint64 id) {
    HEARTH_RETURN_IF_ERROR(m_history.checkWritable());
    HEARTH_ASSIGN_OR_RETURN(QSqlQuery * q,
                            m_history.prepared("DELETE FROM downloads WHERE id = :id"));
    q->bindValue(QStringLiteral(":id"), id);
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("removing a download"));
    return q->numRowsAffected() == 1 ? Status() : noSuchDownload(id);
}

Status DownloadQueue::requeueRunning() {
    if (m_history.isReadOnly()) return {};
    HEARTH_ASSIGN_OR_RETURN(
        QSqlQuery * q,
        m_history.prepared("UPDATE downloads SET state = 'queued' WHERE state = 'running'"));
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("requeueing downloads"));
    return {};
}

}  // namespace hearth::storage

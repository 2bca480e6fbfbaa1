// One file from the network into the library, the way a download manager should: HTTPS only
// (plain http to loopback addresses, for tests), resumed with HTTP Range after a dropped
// connection, a stall, a server error or a restart of the app (the partial file stays beside
// the destination as ".NAME.part"), a server without Range support restarted from zero,
// retries with exponential backoff, SHA-256 computed as the bytes arrive and checked, and the
// finished file moved into place atomically. A file that fails its check never reaches the
// destination.
//
// The hash to check comes from the request (the catalog, --sha256), else from Hugging Face's
// X-Linked-Etag on the redirect to its CDN; the size from the request, else Content-Length.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include "library/sha256.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace hearth::library {

struct DownloadRequest {
    QUrl url;
    QString destination;        // the finished file
    qint64 expectedBytes = 0;   // 0: unknown
    QByteArray expectedSha256;  // 64 lowercase hex digits, or empty
};

struct DownloadOptions {
    int maxAttemptsWithoutProgress = 6;
    int firstRetryDelayMs = 500;  // doubles after each failed attempt, up to maxRetryDelayMs
    int maxRetryDelayMs = 30000;
    int stallTimeoutMs = 30000;  // no byte for this long: the connection is dropped and resumed
    qint64 spareDiskBytes = qint64{256} << 20;  // left free after the download
};

// True for https URLs, and for http to 127.0.0.0/8, ::1 or localhost.
bool isAllowedDownloadUrl(const QUrl& url);

// 64 lowercase hex digits.
bool isSha256Hex(const QByteArray& text);

// Where the download of `destination` keeps what it has so far: ".NAME.part" beside it.
QString partPathFor(const QString& destination);

class Download : public QObject {
    Q_OBJECT

public:
    Download(QNetworkAccessManager* network, DownloadRequest request, DownloadOptions options = {},
             QObject* parent = nullptr);
    ~Download() override;

    void start();
    // Stops, keeping the partial file: a later start() (of this or a new Download of the
    // same destination) resumes from it.
    void pause();
    // Stops and deletes the partial file.
    void cancel();

    const DownloadRequest& request() const { return m_request; }
    qint64 received() const { return m_received; }
    qint64 total() const { return m_total; }  // 0 until known
    bool running() const { return m_running; }
    QString partPath() const;
    QByteArray sha256() const { return m_sha256; }  // of the finished file

signals:
    void progress(qint64 received, qint64 total);
    void finished(const QString& path);
    void failed(const QString& message);

private:
    void attempt();
    void send(const QUrl& url);
    void onMetaData();
    void onReadyRead();
    void onReplyFinished();
    void retryLater(const QString& why);
    void fail(const QString& message);
    void complete();
    bool openPart(bool restart);
    void dropReply();

    QNetworkAccessManager* m_network;
    DownloadRequest m_request;
    DownloadOptions m_options;
    QPointer<QNetworkReply> m_reply;
    QFile m_part;
    Sha256 m_hash;
    QByteArray m_sha256;
    QByteArray m_linkedSha256;  // X-Linked-Etag
    qint64 m_received = 0;
    qint64 m_total = 0;
    qint64 m_furthest = 0;
    qint64 m_writebackFrom = 0;  // where the next early writeback starts (see onReadyRead)  // the
                                 // most ever held at once: progress is passing it
    int m_attemptsWithoutProgress = 0;
    int m_redirects = 0;
    bool m_running = false;
    bool m_headersRead = false;  // onMetaData ran for the current reply
    bool m_acceptedBody = false;
    QString m_attemptError;
    QTimer m_stallTimer;
    QTimer m_retryTimer;
};

}  // namespace hearth::library

// One file from the network into the library, the way a download manager should: HTTPS only
// (plain http to loopback addresses, for tests), resumed with HTTP Range after a dropped
// connection, a stall, a server error or a restart of the app (the partial file stays beside
// the destination as ".NAME.part"), a server without Range support restarted from zero,
// retries with exponential backoff, SHA-256 computed as the bytes arrive and checked, and the
// finished file moved into place atomically. A file that fails its check never reaches the
// destination.
//
// A large file comes over several connections at once when one connection is slow, each
// fetching its own range (a CDN often caps each connection's rate); a connection that finishes
// its range takes half of the largest range still coming. The hash still reads the file in order:
// bytes that arrive where it has reached are hashed as they come, and the rest is read back from
// the page cache as soon as the ranges before it are in.
//
// The hash to check comes from the request (the catalog, --sha256), else from Hugging Face's
// X-Linked-Etag on the redirect to its CDN; the size from the request, else Content-Length.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QUrl>
#include <memory>
#include <vector>

#include "library/part_file_writer.h"

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
    // A large file whose first connection brings less than fastConnectionBytesPerSecond over
    // its first probeMs gets up to `connections`, none for less than minRangeBytes.
    int connections = 4;
    qint64 minRangeBytes = qint64{32} << 20;
    int probeMs = 2000;  // 0: as soon as the size is known
    double fastConnectionBytesPerSecond = 150e6;
};

// True for https URLs, and for http to 127.0.0.0/8, ::1 or localhost.
bool isAllowedDownloadUrl(const QUrl& url);

// 64 lowercase hex digits.
bool isSha256Hex(const QByteArray& text);

// Where the download of `destination` keeps what it has so far: ".NAME.part" beside it.
QString partPathFor(const QString& destination);

// Deletes what a download of `destination` left: its partial file and its ranges file.
void removePartialDownload(const QString& destination);

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
    struct Range;

    bool openPart();
    Range& addRange(qint64 start, qint64 end, qint64 next);
    void attempt(Range& range);
    void send(Range& range, const QUrl& url);
    void onMetaData(Range& range);
    void onReadyRead(Range& range, bool evenIfBehind = false);
    void onReplyFinished(Range& range);
    void splitForParallel();
    void onRangeDone();
    void restartFromZero(Range& keep);
    void retryLater(Range& range, const QString& why);
    void startWriter();
    void onWriterNotice();
    void verifyAndMove();
    void saveRangesFile();
    void fail(const QString& message);
    void complete();
    void stopAll();
    void closePart();
    void dropReply(Range& range);
    bool isLast(const Range& range) const;

    QNetworkAccessManager* m_network;
    DownloadRequest m_request;
    DownloadOptions m_options;
    std::vector<std::unique_ptr<Range>> m_ranges;  // in file order, covering it
    int m_fd = -1;                                 // the partial file
    std::unique_ptr<PartFileWriter> m_writer;      // of m_fd
    QByteArray m_sha256;
    QByteArray m_linkedSha256;  // X-Linked-Etag
    qint64 m_received = 0;
    qint64 m_total = 0;
    bool m_running = false;
    bool m_rangesRefused = false;  // a range request got the whole file
    bool m_mayGoParallel = false;  // the first connection is being timed
    qint64 m_probeFrom = 0;
    QElapsedTimer m_probeClock;
    QElapsedTimer m_sinceRangesSaved;
};

}  // namespace hearth::library

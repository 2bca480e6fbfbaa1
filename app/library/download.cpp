#include "library/download.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QStorageInfo>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>

#include "library/download_ranges.h"

namespace hearth::library {

namespace {

constexpr int kMaxRedirects = 10;
constexpr qint64 kSaveRangesEveryMs = 1000;
constexpr qint64 kReadBufferBytes = qint64{4} << 20;

QString sizeText(qint64 bytes) {
    return QString::number(static_cast<double>(bytes) / 1e9, 'f', 2) + QStringLiteral(" GB");
}

// An X-Linked-Etag that is a SHA-256 (Hugging Face's LFS files), else empty.
QByteArray sha256FromEtag(QByteArray etag) {
    etag = etag.trimmed();
    if (etag.startsWith("W/")) etag = etag.mid(2);
    if (etag.size() >= 2 && etag.startsWith('"') && etag.endsWith('"'))
        etag = etag.mid(1, etag.size() - 2);
    etag = etag.toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(QString::fromLatin1(etag)).hasMatch() ? etag : QByteArray();
}

// "bytes START-END/TOTAL": START and TOTAL (-1 where absent or "*").
std::pair<qint64, qint64> parseContentRange(const QByteArray& header) {
    static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+|\\*)$"));
    const QRegularExpressionMatch m = range.match(QString::fromLatin1(header.trimmed()));
    if (!m.hasMatch()) return {-1, -1};
    const qint64 total = m.captured(3) == QLatin1String("*") ? -1 : m.captured(3).toLongLong();
    return {m.captured(1).toLongLong(), total};
}

// A 416's "bytes */N": N, else -1.
qint64 sizeFromUnsatisfiableRange(const QByteArray& header) {
    static const QRegularExpression range(QStringLiteral("^bytes \\*/(\\d+)$"));
    const QRegularExpressionMatch m = range.match(QString::fromLatin1(header.trimmed()));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

}  // namespace

struct Download::Range {
    qint64 start = 0;
    qint64 end = 0;       // one past its last byte; 0 while the file's size is unknown
    qint64 next = 0;      // the next byte to write
    qint64 furthest = 0;  // the most `next` has been: passing it is progress
    QPointer<QNetworkReply> reply;
    QTimer stallTimer;
    QTimer retryTimer;
    int attemptsWithoutProgress = 0;
    int redirects = 0;
    bool headersRead = false;  // onMetaData ran for the current reply
    bool acceptedBody = false;
    QString attemptError;

    bool done() const { return end > 0 && next >= end; }
};

bool isAllowedDownloadUrl(const QUrl& url) {
    if (!url.isValid() || url.host().isEmpty()) return false;
    if (url.scheme() == QLatin1String("https")) return true;
    if (url.scheme() != QLatin1String("http")) return false;
    if (url.host() == QLatin1String("localhost")) return true;
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

bool isSha256Hex(const QByteArray& text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

QString partPathFor(const QString& destination) {
    const QFileInfo target(destination);
    return target.dir().filePath(QLatin1Char('.') + target.fileName() + QStringLiteral(".part"));
}

void removePartialDownload(const QString& destination) {
    QFile::remove(rangesPathFor(partPathFor(destination)));
    QFile::remove(partPathFor(destination));
}

Download::Download(QNetworkAccessManager* network, DownloadRequest request, DownloadOptions options,
                   QObject* parent)
    : QObject(parent), m_network(network), m_request(std::move(request)), m_options(options) {}

Download::~Download() {
    pause();
}

QString Download::partPath() const {
    return partPathFor(m_request.destination);
}

bool Download::isLast(const Range& range) const {
    return &range == m_ranges.back().get();
}

void Download::start() {
    if (m_running) return;
    if (!isAllowedDownloadUrl(m_request.url))
        return fail(tr("%1: only https downloads are allowed (plain http only to this computer)")
                        .arg(m_request.url.toString()));
    if (QFileInfo::exists(m_request.destination))
        return fail(tr("%1 already exists").arg(m_request.destination));
    if (!QDir().mkpath(QFileInfo(m_request.destination).absolutePath()))
        return fail(tr("cannot create the folder of %1").arg(m_request.destination));
    m_running = true;
    m_total = m_request.expectedBytes;
    if (!openPart()) return;
    m_sinceRangesSaved.start();
    bool allDone = true;
    for (const auto& range : m_ranges) {
        if (range->done()) continue;
        allDone = false;
        attempt(*range);
    }
    if (allDone && m_running) onRangeDone();
}

void Download::pause() {
    const bool wasRunning = m_running;
    m_running = false;
    stopAll();
    if (m_writer) m_writer->stop();  // what it holds reaches the file first
    if (wasRunning) saveRangesFile();
    closePart();
}

void Download::cancel() {
    pause();
    removePartialDownload(m_request.destination);
}

void Download::stopAll() {
    for (const auto& range : m_ranges) {
        range->retryTimer.stop();
        dropReply(*range);
    }
}

void Download::closePart() {
    m_writer.reset();  // writes what it holds first
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
}

// A writer for the partial file, which already holds every range's [start, next).
void Download::startWriter() {
    m_writer.reset();
    std::vector<std::pair<qint64, qint64>> onDisk;
    for (const auto& r : m_ranges) onDisk.emplace_back(r->start, r->next);
    m_writer = std::make_unique<PartFileWriter>(m_fd, onDisk, [this] {
        QMetaObject::invokeMethod(this, &Download::onWriterNotice, Qt::QueuedConnection);
    });
}

void Download::onWriterNotice() {
    if (!m_running || !m_writer) return;
    if (const QString error = m_writer->error(); !error.isEmpty())
        return fail(tr("%1 (%2)").arg(error, partPath()));
    if (m_writer->finished()) return verifyAndMove();
    for (const auto& range : m_ranges)  // the backlog is down: read what waited
        if (range->reply != nullptr && range->reply->bytesAvailable() > 0) onReadyRead(*range);
}

Download::Range& Download::addRange(qint64 start, qint64 end, qint64 next) {
    auto range = std::make_unique<Range>();
    range->start = start;
    range->end = end;
    range->next = range->furthest = next;
    Range* r = range.get();
    r->stallTimer.setSingleShot(true);
    r->stallTimer.setInterval(m_options.stallTimeoutMs);
    connect(&r->stallTimer, &QTimer::timeout, this, [this, r] {
        dropReply(*r);
        retryLater(*r, tr("no data for %1 s").arg(m_options.stallTimeoutMs / 1000.0));
    });
    r->retryTimer.setSingleShot(true);
    connect(&r->retryTimer, &QTimer::timeout, this, [this, r] { attempt(*r); });
    const auto at = std::find_if(m_ranges.begin(), m_ranges.end(),
                                 [&](const auto& other) { return other->start > start; });
    m_ranges.insert(at, std::move(range));
    return *r;
}

// What is already on disk: the ranges its ranges file names, else one run from the start.
// The writer hashes those bytes in the background.
bool Download::openPart() {
    stopAll();
    closePart();
    m_ranges.clear();
    m_received = 0;
    m_fd = ::open(QFile::encodeName(partPath()).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        fail(tr("cannot write %1: %2").arg(partPath(), QString::fromLocal8Bit(strerror(errno))));
        return false;
    }
    const QString rangesPath = rangesPathFor(partPath());
    const SavedRanges saved = loadRanges(rangesPath);
    if (!saved.ranges.empty() && (m_total == 0 || saved.total == m_total)) {
        m_total = saved.total;
        for (const ByteRange& r : saved.ranges) {
            addRange(r.start, r.end, r.next);
            m_received += r.next - r.start;
        }
    } else {
        struct stat st {};
        qint64 size = ::fstat(m_fd, &st) == 0 ? st.st_size : 0;
        // Written at several offsets with its ranges lost, or longer than the file: unusable.
        if (QFileInfo::exists(rangesPath) || (m_total > 0 && size > m_total)) {
            if (::ftruncate(m_fd, 0) != 0) {
                fail(tr("cannot write %1: %2")
                         .arg(partPath(), QString::fromLocal8Bit(strerror(errno))));
                return false;
            }
            QFile::remove(rangesPath);
            size = 0;
        }
        addRange(0, m_total, size);
        m_received = size;
    }
    startWriter();  // it hashes what is there in the background
    return m_running;
}

void Download::attempt(Range& range) {
    if (!m_running || range.done()) return;
    range.redirects = 0;
    range.attemptError.clear();
    send(range, m_request.url);
}

void Download::send(Range& range, const QUrl& url) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    // One TCP connection per range: over HTTP/2 the ranges would share one.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setRawHeader("User-Agent", "Hearth");
    // Bytes as stored: a compressed transfer would make Range offsets meaningless.
    request.setRawHeader("Accept-Encoding", "identity");
    if (!isLast(range))
        request.setRawHeader("Range", "bytes=" + QByteArray::number(range.next) + "-" +
                                          QByteArray::number(range.end - 1));
    else if (range.next > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(range.next) + "-");
    range.headersRead = false;
    range.acceptedBody = false;
    range.reply = m_network->get(request);
    // Unread bytes wait in the kernel's socket buffer, not in ours: without a bound, the
    // network thread outruns the writes and piles up gigabytes in the heap.
    range.reply->setReadBufferSize(kReadBufferBytes);
    Range* r = &range;
    connect(range.reply, &QNetworkReply::metaDataChanged, this, [this, r] { onMetaData(*r); });
    connect(range.reply, &QNetworkReply::readyRead, this, [this, r] { onReadyRead(*r); });
    connect(range.reply, &QNetworkReply::finished, this, [this, r] { onReplyFinished(*r); });
    range.stallTimer.start();
}

void Download::onMetaData(Range& range) {
    QNetworkReply* reply = range.reply;
    if (reply == nullptr || range.headersRead) return;
    // A connection closed right after the headers may finish without metaDataChanged: the
    // body handlers call this first.
    if (!reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()) return;
    range.headersRead = true;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300 && status < 400) {
        if (const QByteArray sha = sha256FromEtag(reply->rawHeader("X-Linked-Etag"));
            !sha.isEmpty())
            m_linkedSha256 = sha;
        return;  // followed in onReplyFinished
    }
    if (status == 416) return;  // handled in onReplyFinished
    if (status >= 400) {
        range.attemptError =
            tr("HTTP %1 %2")
                .arg(status)
                .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        return;
    }
    const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    qint64 total = 0;
    if (status == 206) {
        const auto [start, whole] = parseContentRange(reply->rawHeader("Content-Range"));
        if (start != range.next) {  // not where we asked: start over
            range.attemptError = tr("the server resumed at the wrong offset");
            restartFromZero(range);
            return;
        }
        total = whole > 0 ? whole : (isLast(range) && length > 0 ? range.next + length : m_total);
    } else {
        // 200: the whole file, whatever was asked (a server without Range support).
        if (range.next > 0 || m_ranges.size() > 1) {
            restartFromZero(range);
            m_rangesRefused = true;  // whatever its Accept-Ranges says
        }
        total = length > 0 ? length : 0;
    }
    if (m_request.expectedBytes > 0 && total > 0 && total != m_request.expectedBytes)
        return fail(tr("the server's file is %1 bytes, not the %2 expected")
                        .arg(total)
                        .arg(m_request.expectedBytes));
    if (m_ranges.size() > 1 && total != m_total)
        return fail(tr("the file on the server changed during the download"));
    if (total > 0) {
        const QStorageInfo disk(QFileInfo(m_request.destination).absolutePath());
        const qint64 missing = total - m_received;
        if (disk.isValid() && disk.bytesAvailable() < missing + m_options.spareDiskBytes)
            return fail(tr("not enough disk space: %1 more is needed and %2 is free")
                            .arg(sizeText(missing), sizeText(disk.bytesAvailable())));
        m_total = total;
        if (m_ranges.size() == 1) range.end = total;
    }
    range.acceptedBody = true;
    emit progress(m_received, m_total);
    const bool rangesWork =
        status == 206 || reply->rawHeader("Accept-Ranges").toLower().contains("bytes");
    if (!m_probeClock.isValid()) {  // the first answer with a body: the probe starts
        m_mayGoParallel = m_ranges.size() == 1 && m_total > 0 && rangesWork;
        m_probeFrom = range.next;
        m_probeClock.start();
    }
    m_mayGoParallel = m_mayGoParallel && !m_rangesRefused;
    if (m_mayGoParallel && m_options.probeMs == 0) splitForParallel();
}

void Download::onReadyRead(Range& range, bool evenIfBehind) {
    QNetworkReply* reply = range.reply;
    if (reply == nullptr) return;
    onMetaData(range);
    if (range.reply == nullptr) return;  // it failed on the headers
    // The disk is behind: the bytes wait in the reply's buffer, then in the socket's, until
    // the writer's notice.
    if (!evenIfBehind && m_writer && m_writer->backlogHigh()) return;
    QByteArray chunk = reply->readAll();
    if (!range.acceptedBody || chunk.isEmpty()) return;
    range.stallTimer.start();
    const qint64 limit = range.end > 0 ? range.end : m_total;
    if (limit > 0 && range.next + chunk.size() > limit) {
        if (limit == m_total) {
            dropReply(range);
            return fail(tr("the server sent more than the %1 bytes it announced").arg(m_total));
        }
        chunk.truncate(limit - range.next);  // the rest is another range's
    }
    const qint64 size = chunk.size();
    m_writer->write(range.next, std::move(chunk));
    range.next += size;
    m_received += size;
    if (m_ranges.size() > 1 && m_sinceRangesSaved.elapsed() >= kSaveRangesEveryMs) saveRangesFile();
    emit progress(m_received, m_total);
    if (range.done()) {
        dropReply(range);
        return onRangeDone();
    }
    if (m_mayGoParallel && m_probeClock.elapsed() >= m_options.probeMs) {
        // One connection that is fast enough is left alone: more would only compete with it
        // (for the server, the disk and the CPU), as on a local mirror.
        m_mayGoParallel = false;
        const double rate = static_cast<double>(range.next - m_probeFrom) * 1000.0 /
                            static_cast<double>(std::max<qint64>(1, m_probeClock.elapsed()));
        if (rate < m_options.fastConnectionBytesPerSecond) splitForParallel();
    }
}

void Download::onReplyFinished(Range& range) {
    QNetworkReply* reply = range.reply;
    if (reply == nullptr) return;
    onReadyRead(range, true);
    if (range.reply == nullptr) return;  // done, or failed while reading
    range.stallTimer.stop();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const QString errorText = reply->errorString();
    const QUrl location = reply->url().resolved(
        reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
    const QByteArray contentRange = reply->rawHeader("Content-Range");
    const bool redirect = status >= 300 && status < 400 &&
                          reply->attribute(QNetworkRequest::RedirectionTargetAttribute).isValid();
    range.reply = nullptr;
    reply->deleteLater();
    if (!m_running) return;

    if (redirect) {
        if (++range.redirects > kMaxRedirects) return fail(tr("too many redirects"));
        if (!isAllowedDownloadUrl(location))
            return fail(tr("refusing a redirect to %1: not https").arg(location.toString()));
        return send(range, location);
    }
    if (status == 416) {  // asked past the end: done if it is all here, else start over
        // "bytes */N": the file's real size, whatever an earlier Content-Length claimed.
        const qint64 real = sizeFromUnsatisfiableRange(contentRange);
        if (m_ranges.size() == 1 && real > 0 && range.next == real) {
            m_total = range.end = real;
            return onRangeDone();
        }
        restartFromZero(range);
        return retryLater(range, tr("the server could not resume"));
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429)
        return fail(range.attemptError.isEmpty() ? tr("HTTP %1").arg(status) : range.attemptError);
    if (!range.attemptError.isEmpty()) return retryLater(range, range.attemptError);
    if (error != QNetworkReply::NoError) return retryLater(range, errorText);
    if (m_total == 0) {  // no size was announced: the end of the body is the end
        m_total = range.end = range.next;
        return onRangeDone();
    }
    if (!range.done())
        return retryLater(
            range, tr("the connection closed at %1 of %2 bytes").arg(range.next).arg(range.end));
    onRangeDone();
}

// The rest of the file over more connections, once the first reply shows the size and that
// ranges work. The first connection keeps going and stops where the next range starts.
void Download::splitForParallel() {
    m_mayGoParallel = false;
    Range& first = *m_ranges.front();
    const qint64 rest = m_total - first.next;
    const qint64 count = std::min<qint64>(m_options.connections, rest / m_options.minRangeBytes);
    if (count < 2) return;
    const qint64 share = rest / count;
    first.end = first.next + share;
    std::vector<Range*> added;
    for (qint64 i = 1; i < count; ++i) {
        const qint64 start = first.next + i * share;
        added.push_back(&addRange(start, i == count - 1 ? m_total : start + share, start));
    }
    saveRangesFile();  // before a byte lands past the first range
    for (Range* range : added) attempt(*range);
}

// A connection whose range is in takes half of the largest range still coming, if that is
// worth a connection; the file is done when every range is.
void Download::onRangeDone() {
    Range* largest = nullptr;
    for (const auto& r : m_ranges)
        if (!r->done() && (largest == nullptr || r->end - r->next > largest->end - largest->next))
            largest = r.get();
    if (largest == nullptr) {
        saveRangesFile();
        return complete();
    }
    const qint64 left = largest->end - largest->next;
    if (m_ranges.size() < 2 || left < 2 * m_options.minRangeBytes) return;
    const qint64 middle = largest->next + left / 2;
    Range& taken = addRange(middle, largest->end, middle);
    largest->end = middle;  // its reply stops here
    saveRangesFile();
    attempt(taken);
}

// The server sent the whole file, or resumed where it was not asked: one connection from the
// first byte, on `keep`'s reply.
void Download::restartFromZero(Range& keep) {
    for (const auto& r : m_ranges)
        if (r.get() != &keep) {
            r->retryTimer.stop();
            dropReply(*r);
        }
    std::erase_if(m_ranges, [&](const auto& r) { return r.get() != &keep; });
    keep.start = keep.next = keep.furthest = 0;
    keep.end = m_request.expectedBytes;
    m_total = m_request.expectedBytes;
    m_received = 0;
    m_writer.reset();
    if (::ftruncate(m_fd, 0) != 0)
        return fail(
            tr("cannot write %1: %2").arg(partPath(), QString::fromLocal8Bit(strerror(errno))));
    QFile::remove(rangesPathFor(partPath()));
    startWriter();
}

void Download::retryLater(Range& range, const QString& why) {
    if (!m_running) return;
    // Starting over is no progress: only passing the furthest point reached is.
    range.attemptsWithoutProgress =
        range.next > range.furthest ? 1 : range.attemptsWithoutProgress + 1;
    range.furthest = std::max(range.furthest, range.next);
    if (range.attemptsWithoutProgress >= m_options.maxAttemptsWithoutProgress)
        return fail(tr("gave up after %1 attempts without progress: %2")
                        .arg(range.attemptsWithoutProgress)
                        .arg(why));
    const int delay =
        std::min(m_options.firstRetryDelayMs << std::min(range.attemptsWithoutProgress - 1, 16),
                 m_options.maxRetryDelayMs);
    range.retryTimer.start(delay);
}

// What the file holds, not what was handed to the writer: a crash right after loses nothing.
void Download::saveRangesFile() {
    m_sinceRangesSaved.restart();
    if (m_ranges.size() < 2 || m_fd < 0) return;
    SavedRanges saved{m_total, {}};
    for (const auto& r : m_ranges) {
        const qint64 written = m_writer ? m_writer->writtenEnd(r->start) : r->next;
        saved.ranges.push_back({r->start, r->end, std::min({written, r->next, r->end})});
    }
    if (!saveRanges(rangesPathFor(partPath()), saved) && m_running)
        fail(tr("cannot write %1").arg(rangesPathFor(partPath())));
}

// Every byte is handed over: the writer finishes the hash and flushes the file, then says so.
void Download::complete() {
    m_writer->finish(m_received);
}

void Download::verifyAndMove() {
    m_sha256 = m_writer->sha256Hex();
    closePart();
    const QByteArray expected =
        !m_request.expectedSha256.isEmpty() ? m_request.expectedSha256 : m_linkedSha256;
    const bool sizeWrong = m_request.expectedBytes > 0 && m_received != m_request.expectedBytes;
    if (sizeWrong || (!expected.isEmpty() && m_sha256 != expected)) {
        // A corrupt file is never kept, nor offered as a model.
        removePartialDownload(m_request.destination);
        return fail(sizeWrong
                        ? tr("the download is %1 bytes, not %2; it was deleted")
                              .arg(m_received)
                              .arg(m_request.expectedBytes)
                        : tr("the download's SHA-256 is %1, not the expected %2; it was "
                             "deleted")
                              .arg(QString::fromLatin1(m_sha256), QString::fromLatin1(expected)));
    }
    std::error_code ec;
    std::filesystem::rename(partPath().toStdString(), m_request.destination.toStdString(), ec);
    if (ec)
        return fail(tr("cannot move %1 into place: %2")
                        .arg(partPath(), QString::fromStdString(ec.message())));
    QFile::remove(rangesPathFor(partPath()));
    m_running = false;
    emit finished(m_request.destination);
}

void Download::fail(const QString& message) {
    const bool wasRunning = m_running;
    m_running = false;
    stopAll();
    if (m_writer) m_writer->stop();    // what it holds reaches the file first
    if (wasRunning) saveRangesFile();  // a failed download can be resumed
    closePart();
    emit failed(message);
}

void Download::dropReply(Range& range) {
    range.stallTimer.stop();
    if (range.reply == nullptr) return;
    QNetworkReply* reply = range.reply;
    range.reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

}  // namespace hearth::library

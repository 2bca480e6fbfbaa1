#include "library/download.h"

#include <fcntl.h>
#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QStorageInfo>
#include <algorithm>
#include <filesystem>

namespace hearth::library {

namespace {

constexpr int kMaxRedirects = 10;
constexpr qint64 kHashChunkBytes = qint64{8} << 20;
// Writeback of what arrived is started every this many bytes, so that the fsync before the
// file is moved into place waits for little (2 GB at the end took seconds).
constexpr qint64 kWritebackBytes = qint64{64} << 20;

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

bool isAllowedDownloadUrl(const QUrl& url) {
    if (!url.isValid() || url.host().isEmpty()) return false;
    if (url.scheme() == QLatin1String("https")) return true;
    if (url.scheme() != QLatin1String("http")) return false;
    if (url.host() == QLatin1String("localhost")) return true;
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

Download::Download(QNetworkAccessManager* network, DownloadRequest request, DownloadOptions options,
                   QObject* parent)
    : QObject(parent), m_network(network), m_request(std::move(request)), m_options(options) {
    m_stallTimer.setSingleShot(true);
    m_stallTimer.setInterval(m_options.stallTimeoutMs);
    connect(&m_stallTimer, &QTimer::timeout, this, [this] {
        dropReply();
        retryLater(tr("no data for %1 s").arg(m_options.stallTimeoutMs / 1000.0));
    });
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Download::attempt);
}

Download::~Download() {
    dropReply();
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

QString Download::partPath() const {
    return partPathFor(m_request.destination);
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
    m_attemptsWithoutProgress = 0;
    m_total = m_request.expectedBytes;
    if (!openPart(false)) return;
    m_furthest = m_received;
    attempt();
}

void Download::pause() {
    m_running = false;
    m_retryTimer.stop();
    dropReply();
    m_part.close();
}

void Download::cancel() {
    pause();
    QFile::remove(partPath());
}

bool Download::openPart(bool restart) {
    m_part.close();
    m_part.setFileName(partPath());
    m_hash.reset();
    m_received = 0;
    m_writebackFrom = 0;
    if (restart || !m_part.exists()) {
        if (!m_part.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            fail(tr("cannot write %1: %2").arg(partPath(), m_part.errorString()));
            return false;
        }
        return true;
    }
    // Resuming: the bytes already here go into the hash first.
    if (!m_part.open(QIODevice::ReadWrite)) {
        fail(tr("cannot write %1: %2").arg(partPath(), m_part.errorString()));
        return false;
    }
    QByteArray buffer;
    buffer.resize(kHashChunkBytes);
    for (;;) {
        const qint64 n = m_part.read(buffer.data(), kHashChunkBytes);
        if (n < 0) {
            fail(tr("cannot read %1: %2").arg(partPath(), m_part.errorString()));
            return false;
        }
        if (n == 0) break;
        m_hash.add(QByteArrayView(buffer.constData(), n));
        m_received += n;
    }
    if (m_total > 0 && m_received > m_total) return openPart(true);  // not this file's start
    m_writebackFrom = m_received;
    return true;
}

void Download::attempt() {
    if (!m_running) return;
    m_redirects = 0;
    m_attemptError.clear();
    send(m_request.url);
}

void Download::send(const QUrl& url) {
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("User-Agent", "Hearth");
    // Bytes as stored: a compressed transfer would make Range offsets meaningless.
    request.setRawHeader("Accept-Encoding", "identity");
    if (m_received > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_received) + "-");
    m_headersRead = false;
    m_acceptedBody = false;
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &Download::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &Download::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &Download::onReplyFinished);
    m_stallTimer.start();
}

void Download::onMetaData() {
    QNetworkReply* reply = m_reply;
    if (reply == nullptr || m_headersRead) return;
    // A connection closed right after the headers may finish without metaDataChanged: the
    // body handlers call this first.
    if (!reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()) return;
    m_headersRead = true;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300 && status < 400) {
        if (const QByteArray sha = sha256FromEtag(reply->rawHeader("X-Linked-Etag"));
            !sha.isEmpty())
            m_linkedSha256 = sha;
        return;  // followed in onReplyFinished
    }
    if (status == 416) return;  // handled in onReplyFinished
    if (status >= 400) {
        m_attemptError =
            tr("HTTP %1 %2")
                .arg(status)
                .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        return;
    }
    const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    qint64 total = 0;
    if (status == 206) {
        const auto [start, whole] = parseContentRange(reply->rawHeader("Content-Range"));
        if (start != m_received) {  // not where we asked: start over
            m_attemptError = tr("the server resumed at the wrong offset");
            if (!openPart(true)) return;
            return;
        }
        total = whole > 0 ? whole : (length > 0 ? m_received + length : 0);
    } else {
        // 200: the whole file, whatever was asked (a server without Range support).
        if (m_received > 0 && !openPart(true)) return;
        total = length > 0 ? length : 0;
    }
    if (m_request.expectedBytes > 0 && total > 0 && total != m_request.expectedBytes)
        return fail(tr("the server's file is %1 bytes, not the %2 expected")
                        .arg(total)
                        .arg(m_request.expectedBytes));
    if (total > 0) {
        const QStorageInfo disk(QFileInfo(m_request.destination).absolutePath());
        const qint64 missing = total - m_received;
        if (disk.isValid() && disk.bytesAvailable() < missing + m_options.spareDiskBytes)
            return fail(tr("not enough disk space: %1 more is needed and %2 is free")
                            .arg(sizeText(missing), sizeText(disk.bytesAvailable())));
        m_total = total;
    }
    m_acceptedBody = true;
    emit progress(m_received, m_total);
}

void Download::onReadyRead() {
    QNetworkReply* reply = m_reply;
    if (reply == nullptr) return;
    onMetaData();
    if (m_reply == nullptr) return;  // it failed on the headers
    const QByteArray chunk = reply->readAll();
    if (!m_acceptedBody || chunk.isEmpty()) return;
    m_stallTimer.start();
    if (m_total > 0 && m_received + chunk.size() > m_total) {
        dropReply();
        return fail(tr("the server sent more than the %1 bytes it announced").arg(m_total));
    }
    if (m_part.write(chunk) != chunk.size()) {
        dropReply();
        return fail(tr("cannot write %1: %2").arg(partPath(), m_part.errorString()));
    }
    m_hash.add(chunk);
    m_received += chunk.size();
    if (m_received - m_writebackFrom >= kWritebackBytes && m_part.flush()) {
        // Starts the disk writes without waiting for them (Linux); the final fsync still
        // makes sure.
        ::sync_file_range(m_part.handle(), m_writebackFrom, m_received - m_writebackFrom,
                          SYNC_FILE_RANGE_WRITE);
        m_writebackFrom = m_received;
    }
    emit progress(m_received, m_total);
}

void Download::onReplyFinished() {
    QNetworkReply* reply = m_reply;
    if (reply == nullptr) return;
    onReadyRead();
    if (m_reply == nullptr) return;  // failed while reading
    m_stallTimer.stop();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const QString errorText = reply->errorString();
    const QUrl location = reply->url().resolved(
        reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
    const QByteArray contentRange = reply->rawHeader("Content-Range");
    const bool redirect = status >= 300 && status < 400 &&
                          reply->attribute(QNetworkRequest::RedirectionTargetAttribute).isValid();
    m_reply = nullptr;
    reply->deleteLater();
    if (!m_running) return;

    if (redirect) {
        if (++m_redirects > kMaxRedirects) return fail(tr("too many redirects"));
        if (!isAllowedDownloadUrl(location))
            return fail(tr("refusing a redirect to %1: not https").arg(location.toString()));
        return send(location);
    }
    if (status == 416) {  // asked past the end: done if it is all here, else start over
        // "bytes */N": the file's real size, whatever an earlier Content-Length claimed.
        const qint64 real = sizeFromUnsatisfiableRange(contentRange);
        if (real > 0 && m_received == real) {
            m_total = real;
            return complete();
        }
        if (m_total > 0 && m_received == m_total) return complete();
        if (!openPart(true)) return;
        return retryLater(tr("the server could not resume"));
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429)
        return fail(m_attemptError.isEmpty() ? tr("HTTP %1").arg(status) : m_attemptError);
    if (!m_attemptError.isEmpty()) return retryLater(m_attemptError);
    if (error != QNetworkReply::NoError) return retryLater(errorText);
    if (m_total > 0 && m_received < m_total)
        return retryLater(
            tr("the connection closed at %1 of %2 bytes").arg(m_received).arg(m_total));
    complete();
}

void Download::retryLater(const QString& why) {
    if (!m_running) return;
    // Starting over is no progress: only passing the furthest point reached is.
    m_attemptsWithoutProgress = m_received > m_furthest ? 1 : m_attemptsWithoutProgress + 1;
    m_furthest = std::max(m_furthest, m_received);
    if (m_attemptsWithoutProgress >= m_options.maxAttemptsWithoutProgress)
        return fail(tr("gave up after %1 attempts without progress: %2")
                        .arg(m_attemptsWithoutProgress)
                        .arg(why));
    const int delay =
        std::min(m_options.firstRetryDelayMs << std::min(m_attemptsWithoutProgress - 1, 16),
                 m_options.maxRetryDelayMs);
    m_retryTimer.start(delay);
}

void Download::complete() {
    if (!m_part.flush() || ::fsync(m_part.handle()) != 0)
        return fail(tr("cannot write %1: %2").arg(partPath(), m_part.errorString()));
    m_part.close();
    m_sha256 = m_hash.hex();
    const QByteArray expected =
        !m_request.expectedSha256.isEmpty() ? m_request.expectedSha256 : m_linkedSha256;
    const bool sizeWrong = m_request.expectedBytes > 0 && m_received != m_request.expectedBytes;
    if (sizeWrong || (!expected.isEmpty() && m_sha256 != expected)) {
        QFile::remove(partPath());  // a corrupt file is never kept, nor offered as a model
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
    m_running = false;
    emit finished(m_request.destination);
}

void Download::fail(const QString& message) {
    m_running = false;
    m_retryTimer.stop();
    m_stallTimer.stop();
    dropReply();
    m_part.close();
    emit failed(message);
}

void Download::dropReply() {
    m_stallTimer.stop();
    if (m_reply == nullptr) return;
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

}  // namespace hearth::library

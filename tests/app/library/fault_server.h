// A small HTTP/1.1 file server on 127.0.0.1 for download tests, serving one file (at /file and
// at any path ending in .gguf) with Range support ("bytes=A-" and "bytes=A-B") and the faults
// a real network has: connections dropped at given offsets, stalls, 503s, a Content-Length
// that lies, a corrupted byte, no Range support (or none while claiming it), and a redirect
// that carries X-Linked-Etag as Hugging Face's does. It also serves JSON pages at given paths.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrl>
#include <set>

namespace hearth::testing {

struct ServerFaults {
    bool rangeSupported = true;
    bool claimsRanges = false;    // "Accept-Ranges: bytes" even where ranges are not supported
    std::set<qint64> dropAt;      // close after sending up to this offset (each once)
    std::set<qint64> stallAt;     // stop sending at this offset, connection open (each once)
    int serviceUnavailable = 0;   // the first N requests get 503
    qint64 contentLengthLie = 0;  // announced Content-Length minus the real one
    qint64 corruptAt = -1;        // this byte goes out flipped, every time
    QByteArray linkedEtag;        // on /redirect's 302 to /file
};

class FaultServer : public QTcpServer {
    Q_OBJECT

public:
    explicit FaultServer(QByteArray file, QObject* parent = nullptr);

    struct Page {
        QByteArray body;  // served as JSON
        QByteArray link;  // a Link header, or empty
    };

    ServerFaults faults;
    // Pages by path with query, or by path alone (a Hugging Face API, say).
    QHash<QByteArray, Page> pages;
    // Every request's Range header ("" for none), and its path with query, in order.
    QList<QByteArray> ranges;
    QList<QByteArray> paths;

    QUrl url(const QString& path = QStringLiteral("/file")) const;

private:
    void serve(class QTcpSocket* socket, const QByteArray& head);

    QByteArray m_file;
};

}  // namespace hearth::testing

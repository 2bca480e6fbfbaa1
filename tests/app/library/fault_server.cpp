#include "fault_server.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <algorithm>

namespace hearth::testing {

FaultServer::FaultServer(QByteArray file, QObject* parent)
    : QTcpServer(parent), m_file(std::move(file)) {
    listen(QHostAddress::LocalHost, 0);
    connect(this, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = nextPendingConnection()) {
            auto* buffer = new QByteArray;
            connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
                delete buffer;
                socket->deleteLater();
            });
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                buffer->append(socket->readAll());
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0) return;
                const QByteArray head = buffer->left(end);
                buffer->clear();
                serve(socket, head);
            });
        }
    });
}

QUrl FaultServer::url(const QString& path) const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path));
}

void FaultServer::serve(QTcpSocket* socket, const QByteArray& head) {
    const QList<QByteArray> lines = head.split('\n');
    const QByteArray path = lines.value(0).split(' ').value(1);
    QByteArray range;
    for (const QByteArray& line : lines)
        if (line.toLower().startsWith("range:")) range = line.mid(6).trimmed();
    ranges.append(range);
    paths.append(path);

    if (faults.serviceUnavailable > 0) {
        --faults.serviceUnavailable;
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    const QByteArray bare = path.left(path.contains('?') ? path.indexOf('?') : path.size());
    if (pages.contains(path) || pages.contains(bare)) {
        const Page& page = pages.contains(path) ? pages[path] : pages[bare];
        QByteArray response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
        if (!page.link.isEmpty()) response += "Link: " + page.link + "\r\n";
        socket->write(response + "Content-Length: " + QByteArray::number(page.body.size()) +
                      "\r\n\r\n" + page.body);
        return;
    }
    if (path == "/redirect") {
        QByteArray response = "HTTP/1.1 302 Found\r\nLocation: /file\r\nContent-Length: 0\r\n";
        if (!faults.linkedEtag.isEmpty())
            response += "X-Linked-Etag: \"" + faults.linkedEtag + "\"\r\n";
        socket->write(response + "\r\n");
        return;
    }
    if (path != "/file" && !path.endsWith(".gguf")) {
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    const auto size = static_cast<qint64>(m_file.size());
    qint64 start = 0;
    qint64 stop = size;  // one past the last byte sent
    static const QRegularExpression bytes(QStringLiteral("^bytes=(\\d+)-(\\d*)$"));
    const QRegularExpressionMatch m = bytes.match(QString::fromLatin1(range));
    const bool partial = faults.rangeSupported && m.hasMatch();
    if (partial) {
        start = m.captured(1).toLongLong();
        if (!m.captured(2).isEmpty()) stop = std::min(stop, m.captured(2).toLongLong() + 1);
        if (start >= size) {
            socket->write("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" +
                          QByteArray::number(size) + "\r\nContent-Length: 0\r\n\r\n");
            return;
        }
    }
    QByteArray response = partial ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
    if (partial)
        response += "Content-Range: bytes " + QByteArray::number(start) + "-" +
                    QByteArray::number(stop - 1) + "/" + QByteArray::number(size) + "\r\n";
    response +=
        "Content-Length: " + QByteArray::number(stop - start + faults.contentLengthLie) + "\r\n";
    if (faults.rangeSupported || faults.claimsRanges) response += "Accept-Ranges: bytes\r\n";
    socket->write(response + "\r\n");

    // The body up to the first drop or stall point past `start`, if any.
    qint64 end = stop;
    bool drop = false, stall = false;
    for (const qint64 at : faults.dropAt)
        if (at > start && at < end) end = at, drop = true;
    for (const qint64 at : faults.stallAt)
        if (at > start && at < end) end = at, stall = true, drop = false;
    QByteArray body = m_file.mid(start, end - start);
    if (faults.corruptAt >= start && faults.corruptAt < end)
        body[faults.corruptAt - start] = static_cast<char>(body[faults.corruptAt - start] ^ 0x5a);
    socket->write(body);
    if (drop) {
        faults.dropAt.erase(end);
        socket->disconnectFromHost();
    } else if (stall) {
        faults.stallAt.erase(end);  // the client gives up on this connection
    } else if (faults.contentLengthLie > 0) {
        socket->disconnectFromHost();  // fewer bytes than announced
    }
}

}  // namespace hearth::testing

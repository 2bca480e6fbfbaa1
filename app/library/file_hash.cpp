#include "library/file_hash.h"

#include "library/sha256.h"

#include <QFile>

namespace hearth::library {

Result<QByteArray> sha256Hex(const QString& path,
                             const std::function<bool(qint64, qint64)>& progress) {
    constexpr qint64 kChunkBytes = qint64{8} << 20;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(
            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()).toStdString());
    Sha256 hash;
    QByteArray buffer;
    buffer.resize(kChunkBytes);
    qint64 done = 0;
    for (;;) {
        const qint64 n = file.read(buffer.data(), kChunkBytes);
        if (n < 0)
            return Status::error(
                QStringLiteral("cannot read %1: %2").arg(path, file.errorString()).toStdString());
        if (n == 0) break;
        hash.add(QByteArrayView(buffer.constData(), n));
        done += n;
        if (progress && !progress(done, file.size()))
            return Status::error(QStringLiteral("hashing %1: cancelled").arg(path).toStdString());
    }
    return hash.hex();
}

}  // namespace hearth::library

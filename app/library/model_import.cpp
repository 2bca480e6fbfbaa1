#include "library/model_import.h"

#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <filesystem>
#include <vector>

#include "hearth/model.h"

namespace hearth::library {

namespace {

constexpr qint64 kChunkBytes = qint64{8} << 20;
// Room left on the disk after an import: a full disk breaks the history database too.
constexpr qint64 kSpareBytes = qint64{256} << 20;

Status importError(const QString& message) {
    return Status::error(("import: " + message).toStdString());
}

QString gigabytes(qint64 bytes) {
    return QString::number(static_cast<double>(bytes) / 1e9, 'f', 1) + QStringLiteral(" GB");
}

struct PlannedFile {
    QString source, destination;
    qint64 bytes = 0;
};

// Copies one file to its destination through "<dir>/.<name>.part", flushed before the rename.
Status copyFile(const PlannedFile& file, qint64& done, qint64 total, const ImportOptions& options) {
    const QFileInfo target(file.destination);
    const QString part =
        target.dir().filePath(QLatin1Char('.') + target.fileName() + QStringLiteral(".part"));
    QFile in(file.source);
    if (!in.open(QIODevice::ReadOnly))
        return importError(QStringLiteral("cannot read %1: %2").arg(file.source, in.errorString()));
    QFile out(part);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return importError(QStringLiteral("cannot write %1: %2").arg(part, out.errorString()));
    auto fail = [&](const QString& message) {
        out.close();
        QFile::remove(part);
        return importError(message);
    };
    QByteArray buffer;
    buffer.resize(kChunkBytes);
    for (;;) {
        const qint64 n = in.read(buffer.data(), kChunkBytes);
        if (n < 0)
            return fail(QStringLiteral("cannot read %1: %2").arg(file.source, in.errorString()));
        if (n == 0) break;
        if (out.write(buffer.constData(), n) != n)
            return fail(QStringLiteral("cannot write %1: %2").arg(part, out.errorString()));
        done += n;
        if (options.progress && !options.progress(done, total))
            return fail(QStringLiteral("cancelled"));
    }
    if (out.size() != file.bytes)
        return fail(QStringLiteral("%1 changed while it was copied").arg(file.source));
    if (!out.flush() || ::fsync(out.handle()) != 0)
        return fail(QStringLiteral("cannot write %1: %2").arg(part, out.errorString()));
    out.close();
    std::error_code ec;
    std::filesystem::rename(part.toStdString(), file.destination.toStdString(), ec);
    if (ec) {
        QFile::remove(part);
        return importError(QStringLiteral("cannot rename %1 to %2: %3")
                               .arg(part, file.destination, QString::fromStdString(ec.message())));
    }
    return {};
}

}  // namespace

Result<QString> importModel(const QString& source, const QString& folder,
                            const ImportOptions& options) {
    // The header first: a file that is no model (or a set with a part missing) is refused
    // before anything is written.
    LoadOptions headerOnly;
    headerOnly.metadataOnly = true;
    auto model = Model::load(source.toStdString(), headerOnly);
    if (!model.ok()) return importError(QString::fromStdString(model.status().message()));
    const std::vector<std::string>& files = (*model)->info().files;
    if (files.empty())
        return importError(QStringLiteral("%1 is not a GGUF file; Hugging Face folders are "
                                          "loaded where they are")
                               .arg(source));

    if (!QDir().mkpath(folder))
        return importError(QStringLiteral("cannot create the models folder %1").arg(folder));
    const QString canonicalFolder = QFileInfo(folder).canonicalFilePath();
    const QString first = QFileInfo(QString::fromStdString(files.front())).canonicalFilePath();
    if (QFileInfo(first).canonicalPath() == canonicalFolder) return first;  // already there

    std::vector<PlannedFile> plan;
    qint64 total = 0;
    for (const std::string& name : files) {
        const QFileInfo from(QString::fromStdString(name));
        PlannedFile file{from.absoluteFilePath(), QDir(folder).filePath(from.fileName()),
                         from.size()};
        const QFileInfo existing(file.destination);
        if (existing.exists()) {
            if (existing.size() == file.bytes) continue;  // imported before
            return importError(QStringLiteral("the models folder already has a different %1")
                                   .arg(from.fileName()));
        }
        total += file.bytes;
        plan.push_back(file);
    }
    const QString result = QDir(folder).filePath(QFileInfo(first).fileName());
    if (plan.empty()) return result;

    if (options.move) {
        // A rename where it can be one; what is left is copied below.
        std::erase_if(plan, [&](const PlannedFile& file) {
            if (!QFile::rename(file.source, file.destination)) return false;
            total -= file.bytes;
            return true;
        });
    }
    const QStorageInfo disk(folder);
    if (disk.isValid() && disk.bytesAvailable() < total + kSpareBytes)
        return importError(QStringLiteral("the model needs %1 and %2 has %3 free")
                               .arg(gigabytes(total), folder, gigabytes(disk.bytesAvailable())));
    qint64 done = 0;
    std::vector<QString> written;
    for (const PlannedFile& file : plan) {
        if (Status s = copyFile(file, done, total, options); !s.ok()) {
            for (const QString& path : written) QFile::remove(path);  // no partial set
            return s;
        }
        written.push_back(file.destination);
    }
    if (options.move)
        for (const PlannedFile& file : plan) QFile::remove(file.source);
    return result;
}

}  // namespace hearth::library

#include "storage/history_files.h"

#include <QFile>
#include <QSaveFile>

#include "storage/history_export.h"

namespace hearth::storage {

namespace {

// A JSON export of a million messages is a few hundred MB; more than this is no export of ours.
constexpr qint64 kMaxImportBytes = qint64{4} << 30;

Status fileError(const QString& what, const QString& path, const QString& reason) {
    return Status::error(QStringLiteral("%1 %2: %3").arg(what, path, reason).toStdString());
}

}  // namespace

ExportFormat exportFormatFor(const QString& path) {
    const QString lower = path.toLower();
    return lower.endsWith(QLatin1String(".md")) || lower.endsWith(QLatin1String(".markdown"))
               ? ExportFormat::Markdown
               : ExportFormat::Json;
}

Status writeExportFile(History& history, const QString& path, qint64 conversationId) {
    QByteArray bytes;
    if (exportFormatFor(path) == ExportFormat::Markdown) {
        HEARTH_ASSIGN_OR_RETURN(const QString markdown, exportMarkdown(history, conversationId));
        bytes = markdown.toUtf8();
    } else {
        HEARTH_ASSIGN_OR_RETURN(bytes, exportJson(history, conversationId));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(QStringLiteral("cannot write"), path, file.errorString());
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fileError(QStringLiteral("cannot write"), path, file.errorString());
    return {};
}

Result<std::vector<qint64>> importExportFile(History& history, const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(QStringLiteral("cannot read"), path, file.errorString());
    if (file.size() > kMaxImportBytes)
        return fileError(
            QStringLiteral("cannot import"), path,
            QStringLiteral("%1 bytes is too large for a Hearth export").arg(file.size()));
    const QByteArray json = file.readAll();
    if (json.size() != file.size())
        return fileError(QStringLiteral("cannot read"), path, file.errorString());
    auto imported = importJson(history, json);
    if (imported.ok()) return imported;
    // importJson's errors read "import: <what and where>".
    std::string message = imported.status().message();
    const std::string prefix = "import: ";
    if (message.starts_with(prefix)) message.erase(0, prefix.size());
    return fileError(QStringLiteral("cannot import"), path, QString::fromStdString(message));
}

}  // namespace hearth::storage

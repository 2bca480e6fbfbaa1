// Export and import through files, for the window's Export… and Import… (the formats are in
// storage/history_export.h).
#pragma once

#include <QString>
#include <vector>

#include "hearth/status.h"
#include "storage/history.h"

namespace hearth::storage {

enum class ExportFormat { Json, Markdown };

// Markdown for names ending in .md or .markdown, JSON otherwise.
ExportFormat exportFormatFor(const QString& path);

// Writes one conversation (conversationId != 0) or all of them to `path`. The file appears
// whole or not at all: an existing file is replaced only once the new one is written.
Status writeExportFile(History& history, const QString& path, qint64 conversationId = 0);

// Imports a JSON export file as new conversations (importJson): all of it or, with an error
// that names the file and the problem, nothing.
Result<std::vector<qint64>> importExportFile(History& history, const QString& path);

}  // namespace hearth::storage

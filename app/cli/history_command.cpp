// hearth-cli history export [--json | --markdown] [--conversation ID]
// Prints the chat history (storage/history_export.h): Markdown by default, the JSON backup
// format with --json. The database is opened read-only, so this is safe beside a running app
// (an answer it is writing is shown as it stands, not marked interrupted). No database yet
// prints an empty export.
// hearth-cli history import FILE
// Adds the conversations of a JSON export as new ones, all or nothing, and prints their ids.
#include <QFileInfo>
#include <cstdio>

#include "cli/cli.h"
#include "storage/data_paths.h"
#include "storage/history_export.h"
#include "storage/history_files.h"

namespace hearth::cli {

namespace {

constexpr const char* kHistoryUsage =
    "usage: hearth-cli history export [--json | --markdown] [--conversation ID]\n"
    "       hearth-cli history import FILE\n";

int exportCommand(const QStringList& arguments) {
    bool json = false;
    qint64 conversationId = 0;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--markdown")) {
            json = false;
        } else if (a == QLatin1String("--conversation") && i + 1 < arguments.size()) {
            bool ok = false;
            conversationId = arguments[++i].toLongLong(&ok);
            if (!ok || conversationId <= 0) {
                std::fprintf(stderr, "hearth-cli history: --conversation needs an id, not '%s'\n",
                             qPrintable(arguments[i]));
                return 2;
            }
        } else {
            std::fprintf(stderr, "hearth-cli history: unknown or incomplete option '%s'\n%s",
                         qPrintable(a), kHistoryUsage);
            return 2;
        }
    }

    const QString path = storage::historyDatabasePath();
    // An in-memory database stands in for a missing file: the export is empty, and a command
    // that only reads leaves no file behind.
    const bool exists = QFileInfo::exists(path);
    storage::HistoryOptions options;
    options.readOnly = exists;
    auto history = storage::History::open(exists ? path : QStringLiteral(":memory:"), options);
    if (!history.ok()) {
        std::fprintf(stderr, "hearth-cli history: %s\n", history.status().message().c_str());
        return 1;
    }
    QByteArray text;
    if (json) {
        auto exported = storage::exportJson(**history, conversationId);
        if (!exported.ok()) {
            std::fprintf(stderr, "hearth-cli history: %s\n", exported.status().message().c_str());
            return 1;
        }
        text = *exported;
    } else {
        auto exported = storage::exportMarkdown(**history, conversationId);
        if (!exported.ok()) {
            std::fprintf(stderr, "hearth-cli history: %s\n", exported.status().message().c_str());
            return 1;
        }
        text = exported->toUtf8();
    }
    std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stdout);
    return 0;
}

int importCommand(const QStringList& arguments) {
    if (arguments.size() != 1) {
        std::fputs(kHistoryUsage, stderr);
        return 2;
    }
    const QString path = storage::historyDatabasePath();
    auto history = storage::History::open(path);
    if (!history.ok()) {
        std::fprintf(stderr, "hearth-cli history: %s\n", history.status().message().c_str());
        return 1;
    }
    if ((*history)->isReadOnly()) {
        std::fprintf(stderr, "hearth-cli history: %s\n", qPrintable((*history)->readOnlyReason()));
        return 1;
    }
    auto imported = storage::importExportFile(**history, arguments[0]);
    if (!imported.ok()) {
        std::fprintf(stderr, "hearth-cli history: %s\n", imported.status().message().c_str());
        return 1;
    }
    for (const qint64 id : *imported) std::printf("%lld\n", static_cast<long long>(id));
    return 0;
}

}  // namespace

int historyCommand(const QStringList& arguments) {
    if (arguments.value(0) == QLatin1String("export")) return exportCommand(arguments.mid(1));
    if (arguments.value(0) == QLatin1String("import")) return importCommand(arguments.mid(1));
    std::fputs(kHistoryUsage, stderr);
    return 2;
}

}  // namespace hearth::cli

// hearth-cli models list [--json] [--ctx N]
//     The models in the library folder (library/models_folder.h), read from their headers:
//     name, architecture, parameters, quantization mix, size on disk, trained context, and
//     whether they fit the preferred device at N tokens of context (default 4096).
// hearth-cli models catalog [--json] [--ctx N]
//     The built-in catalog (resources/catalog.json): each model's quantizations with their
//     size, download URLs and whether they would fit the preferred device. Reads no network.
// hearth-cli models search WORDS|REPO [--json]
//     Hugging Face's GGUF repositories, or one repository's models (models_search_command.cpp).
// hearth-cli models pull URL [--sha256 HEX] [--connections N]
//     Downloads a model file into the folder (library/download.h: resumable, verified), with
//     progress, speed and time left on stderr. A large file gets up to 4 connections when one
//     is slow; --connections N uses N from the start. One of the two commands that use the
//     network (with `models search`).
// hearth-cli models import PATH [--move]
//     Copies (or moves) a model into the folder; prints where it is.
// hearth-cli models verify MODEL [--sha256 HEX]
//     Reads MODEL's header and prints the SHA-256 of each of its files; with --sha256, exits 1
//     unless the (single) file has that hash.
// hearth-cli models rm MODEL --yes
//     Deletes a model of the folder (every file of a split set; a directory with its files).
// MODEL: a path, or the name of an entry in the folder.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <cstdio>

#include "cli/cli.h"
#include "library/catalog.h"
#include "library/download.h"
#include "library/file_hash.h"
#include "library/installed_models.h"
#include "library/memory_fit.h"
#include "library/model_import.h"
#include "library/models_folder.h"

namespace hearth::cli {

namespace {

constexpr const char* kModelsUsage =
    "usage: hearth-cli models list [--json] [--ctx N]\n"
    "       hearth-cli models catalog [--json] [--ctx N]\n"
    "       hearth-cli models search WORDS|REPO [--json]\n"
    "       hearth-cli models pull URL [--sha256 HEX] [--connections N]\n"
    "       hearth-cli models import PATH [--move]\n"
    "       hearth-cli models verify MODEL [--sha256 HEX]\n"
    "       hearth-cli models rm MODEL --yes\n";
constexpr quint32 kDefaultContext = 4096;  // the chat worker's (app/chat/inference_worker.cpp)

int usageError(const QString& message) {
    std::fprintf(stderr, "hearth-cli models: %s\n%s", qPrintable(message), kModelsUsage);
    return 2;
}

int failure(const std::string& message) {
    std::fprintf(stderr, "hearth-cli models: %s\n", message.c_str());
    return 1;
}

// Sizes and counts as people read them: "1.12 GB", "356 MB"; "1.78 B", "25 M".
QString gigabytes(quint64 bytes) {
    const auto b = static_cast<double>(bytes);
    return b >= 1e9 ? QString::number(b / 1e9, 'f', 2) + QStringLiteral(" GB")
                    : QString::number(b / 1e6, 'f', 0) + QStringLiteral(" MB");
}

QString billions(quint64 count) {
    const auto n = static_cast<double>(count);
    return n >= 1e9 ? QString::number(n / 1e9, 'f', 2) + QStringLiteral(" B")
                    : QString::number(n / 1e6, 'f', 1) + QStringLiteral(" M");
}

// A path, or the name of an entry of the models folder.
QString resolveModel(const QString& model) {
    if (QFileInfo::exists(model)) return QFileInfo(model).absoluteFilePath();
    return QDir(library::modelsFolder()).filePath(model);
}

QJsonObject toJson(const library::InstalledModel& m, const library::MemoryFit* fit,
                   quint32 context) {
    QJsonObject o;
    o[QStringLiteral("path")] = m.path;
    o[QStringLiteral("entry")] = m.entryName;
    o[QStringLiteral("files")] = QJsonArray::fromStringList(m.files);
    o[QStringLiteral("bytes")] = m.bytes;
    if (!m.error.isEmpty()) {
        o[QStringLiteral("error")] = m.error;
        return o;
    }
    o[QStringLiteral("name")] = m.name;
    o[QStringLiteral("architecture")] = m.architecture;
    o[QStringLiteral("parameters")] = static_cast<qint64>(m.parameterCount);
    QJsonArray mix;
    for (const auto& [type, count] : m.quantMix)
        mix.append(QJsonObject{{QStringLiteral("type"), type},
                               {QStringLiteral("parameters"), static_cast<qint64>(count)}});
    o[QStringLiteral("quant_mix")] = mix;
    o[QStringLiteral("context_length")] = static_cast<qint64>(m.contextLength);
    if (fit != nullptr)
        o[QStringLiteral("fit")] = QJsonObject{
            {QStringLiteral("context"), static_cast<qint64>(context)},
            {QStringLiteral("weights_bytes"), static_cast<qint64>(fit->weightBytes)},
            {QStringLiteral("kv_cache_bytes"), static_cast<qint64>(fit->kvCacheBytes)},
            {QStringLiteral("scratch_bytes"), static_cast<qint64>(fit->scratchBytes)},
            {QStringLiteral("needed_bytes"), static_cast<qint64>(fit->neededBytes)},
            {QStringLiteral("available_bytes"), static_cast<qint64>(fit->availableBytes)},
            {QStringLiteral("verdict"), library::fitName(fit->fit)}};
    return o;
}

QString quantSummary(const library::InstalledModel& m) {
    QStringList parts;
    for (const auto& [type, count] : m.quantMix) {
        const double share = m.parameterCount > 0 ? 100.0 * static_cast<double>(count) /
                                                        static_cast<double>(m.parameterCount)
                                                  : 0;
        if (share >= 1.0) parts << QStringLiteral("%1 %2%").arg(type).arg(qRound(share));
    }
    return parts.join(QStringLiteral(", "));
}

// list and catalog: [--json] [--ctx N].
struct ListingOptions {
    bool json = false;
    quint32 context = kDefaultContext;
};

int parseListing(const QStringList& arguments, ListingOptions* options) {
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--json")) {
            options->json = true;
        } else if (arguments[i] == QLatin1String("--ctx") && i + 1 < arguments.size()) {
            bool ok = false;
            options->context = arguments[++i].toUInt(&ok);
            if (!ok || options->context == 0)
                return usageError(QStringLiteral("--ctx needs a positive number of tokens"));
        } else {
            return usageError(QStringLiteral("unknown option '%1'").arg(arguments[i]));
        }
    }
    return 0;
}

int listCommand(const QStringList& arguments) {
    ListingOptions options;
    if (const int code = parseListing(arguments, &options); code != 0) return code;
    const bool json = options.json;
    const quint32 context = options.context;
    const QString folder = library::modelsFolder();
    const std::vector<library::InstalledModel> models = library::scanModelsFolder(folder);
    QString deviceName;
    const quint64 available = models.empty() ? 0 : library::preferredDeviceMemory(&deviceName);
    QJsonArray array;
    if (!json)
        std::printf("%s: %zu model%s\n", qPrintable(folder), models.size(),
                    models.size() == 1 ? "" : "s");
    for (const library::InstalledModel& m : models) {
        library::MemoryFit fit;
        const bool hasFit = m.error.isEmpty() && available > 0;
        if (hasFit) fit = library::estimateMemoryFit(m, context, available);
        if (json) {
            array.append(toJson(m, hasFit ? &fit : nullptr, context));
            continue;
        }
        if (!m.error.isEmpty()) {
            std::printf("%s  (%s)  cannot be read: %s\n", qPrintable(m.entryName),
                        qPrintable(gigabytes(static_cast<quint64>(m.bytes))), qPrintable(m.error));
            continue;
        }
        std::printf("%s\n  %s · %s · %s parameters · %s · %s on disk · trained for %u tokens\n",
                    qPrintable(m.entryName), qPrintable(m.name), qPrintable(m.architecture),
                    qPrintable(billions(m.parameterCount)), qPrintable(quantSummary(m)),
                    qPrintable(gigabytes(static_cast<quint64>(m.bytes))), m.contextLength);
        if (hasFit)
            std::printf(
                "  %s on %s at %u tokens: needs %s (weights %s, cache %s, work %s) of %s\n",
                qPrintable(library::fitName(fit.fit)), qPrintable(deviceName), context,
                qPrintable(gigabytes(fit.neededBytes)), qPrintable(gigabytes(fit.weightBytes)),
                qPrintable(gigabytes(fit.kvCacheBytes)), qPrintable(gigabytes(fit.scratchBytes)),
                qPrintable(gigabytes(fit.availableBytes)));
    }
    if (json) std::printf("%s", QJsonDocument(array).toJson().constData());
    return 0;
}

int catalogCommand(const QStringList& arguments) {
    ListingOptions options;
    if (const int code = parseListing(arguments, &options); code != 0) return code;
    const bool json = options.json;
    const quint32 context = options.context;
    auto catalog = library::builtinCatalog();
    if (!catalog.ok()) return failure(catalog.status().message());
    QString deviceName;
    const quint64 available = library::preferredDeviceMemory(&deviceName);
    QJsonArray array;
    for (const library::CatalogModel& m : *catalog) {
        if (!json)
            std::printf("%s (%s, trained for %u tokens)\n", qPrintable(m.name),
                        qPrintable(m.architecture), m.contextLength);
        QJsonArray quants;
        for (const library::CatalogQuantization& q : m.quantizations) {
            const library::MemoryFit fit =
                library::estimateMemoryFit(m.asInstalled(q), context, available);
            QJsonArray files;
            for (const library::CatalogFile& f : q.files) {
                QJsonObject file{{QStringLiteral("path"), f.path},
                                 {QStringLiteral("url"), q.url(f).toString()}};
                if (f.bytes > 0) file[QStringLiteral("bytes")] = f.bytes;
                if (!f.sha256.isEmpty())
                    file[QStringLiteral("sha256")] = QString::fromLatin1(f.sha256);
                files.append(file);
            }
            quants.append(QJsonObject{
                {QStringLiteral("quant"), q.quant},
                {QStringLiteral("repo"), q.repo},
                {QStringLiteral("approx_bytes"), q.approxBytes},
                {QStringLiteral("files"), files},
                {QStringLiteral("fit"), available > 0 ? library::fitName(fit.fit) : QString()},
                {QStringLiteral("needed_bytes"), static_cast<qint64>(fit.neededBytes)}});
            if (!json)
                std::printf(
                    "  %-10s %9s  %zu file%s  %s%s  %s\n", qPrintable(q.quant),
                    qPrintable(gigabytes(static_cast<quint64>(q.approxBytes))), q.files.size(),
                    q.files.size() == 1 ? " " : "s",
                    qPrintable(available > 0 ? library::fitName(fit.fit)
                                             : QStringLiteral("fit unknown")),
                    available > 0
                        ? qPrintable(QStringLiteral(" (needs %1)").arg(gigabytes(fit.neededBytes)))
                        : "",
                    qPrintable(q.url(q.files.front()).toString()));
        }
        array.append(
            QJsonObject{{QStringLiteral("id"), m.id},
                        {QStringLiteral("name"), m.name},
                        {QStringLiteral("architecture"), m.architecture},
                        {QStringLiteral("context_length"), static_cast<qint64>(m.contextLength)},
                        {QStringLiteral("quantizations"), quants}});
    }
    if (json)
        std::printf(
            "%s",
            QJsonDocument(
                QJsonObject{{QStringLiteral("device"), deviceName},
                            {QStringLiteral("context"), static_cast<qint64>(context)},
                            {QStringLiteral("available_bytes"), static_cast<qint64>(available)},
                            {QStringLiteral("models"), array}})
                .toJson()
                .constData());
    else if (available > 0)
        std::printf("fit: on %s at %u tokens of context, %s available\n", qPrintable(deviceName),
                    context, qPrintable(gigabytes(available)));
    return 0;
}

int pullCommand(const QStringList& arguments) {
    QUrl url;
    QByteArray sha;
    library::DownloadOptions options;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--sha256") && i + 1 < arguments.size()) {
            sha = arguments[++i].toLower().toLatin1();
            if (!library::isSha256Hex(sha))
                return usageError(QStringLiteral("--sha256 needs 64 hex digits"));
        } else if (arguments[i] == QLatin1String("--connections") && i + 1 < arguments.size()) {
            bool ok = false;
            options.connections = arguments[++i].toInt(&ok);
            options.probeMs = 0;
            if (!ok || options.connections < 1 || options.connections > 16)
                return usageError(QStringLiteral("--connections needs a number from 1 to 16"));
        } else if (!arguments[i].startsWith(QLatin1String("--")) && url.isEmpty()) {
            url = QUrl(arguments[i]);
        } else {
            return usageError(QStringLiteral("unknown option '%1'").arg(arguments[i]));
        }
    }
    if (url.isEmpty()) return usageError(QStringLiteral("pull needs a URL"));
    const QString name = url.fileName();
    if (!name.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive))
        return failure(url.toString().toStdString() + " does not name a .gguf file");
    QNetworkAccessManager network;
    library::DownloadRequest request{url, QDir(library::modelsFolder()).filePath(name), 0, sha};
    library::Download download(&network, request, options);
    QElapsedTimer clock;
    clock.start();
    qint64 startBytes = -1, lastShownMs = -1000;
    QObject::connect(&download, &library::Download::progress, [&](qint64 done, qint64 total) {
        if (startBytes < 0) startBytes = done;
        const qint64 ms = clock.elapsed();
        if (ms - lastShownMs < 500 && done != total) return;
        lastShownMs = ms;
        const double rate =
            ms > 0 ? static_cast<double>(done - startBytes) * 1000.0 / static_cast<double>(ms) : 0;
        const QString left = total > 0 && rate > 0
                                 ? QStringLiteral(", %1 s left")
                                       .arg(qRound(static_cast<double>(total - done) / rate))
                                 : QString();
        std::fprintf(stderr, "\r%s of %s at %.1f MB/s%s   ",
                     qPrintable(gigabytes(static_cast<quint64>(done))),
                     total > 0 ? qPrintable(gigabytes(static_cast<quint64>(total))) : "?",
                     rate / 1e6, qPrintable(left));
    });
    int code = 0;
    QObject::connect(&download, &library::Download::finished, [&](const QString& path) {
        std::fprintf(stderr, "\n");
        std::printf("%s  %s\n", download.sha256().constData(), qPrintable(path));
        QCoreApplication::exit(0);
    });
    QObject::connect(&download, &library::Download::failed, [&](const QString& message) {
        std::fprintf(stderr, "\nhearth-cli models: %s\n", qPrintable(message));
        code = 1;
        QCoreApplication::exit(1);
    });
    download.start();
    if (!download.running()) return 1;
    QCoreApplication::exec();
    return code;
}

int importCommand(const QStringList& arguments) {
    QString source;
    library::ImportOptions options;
    for (const QString& a : arguments) {
        if (a == QLatin1String("--move"))
            options.move = true;
        else if (!a.startsWith(QLatin1String("--")) && source.isEmpty())
            source = a;
        else
            return usageError(QStringLiteral("unknown option '%1'").arg(a));
    }
    if (source.isEmpty()) return usageError(QStringLiteral("import needs a PATH"));
    int shown = -1;
    options.progress = [&](qint64 done, qint64 total) {
        const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
        if (percent != shown) std::fprintf(stderr, "\rcopying: %3d%%", shown = percent);
        return true;
    };
    auto imported = library::importModel(source, library::modelsFolder(), options);
    if (shown >= 0) std::fputc('\n', stderr);
    if (!imported.ok()) return failure(imported.status().message());
    std::printf("%s\n", qPrintable(*imported));
    return 0;
}

int verifyCommand(const QStringList& arguments) {
    QString model;
    QByteArray expected;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--sha256") && i + 1 < arguments.size()) {
            expected = arguments[++i].toLower().toLatin1();
            if (!library::isSha256Hex(expected))
                return usageError(QStringLiteral("--sha256 needs 64 hex digits"));
        } else if (!arguments[i].startsWith(QLatin1String("--")) && model.isEmpty()) {
            model = arguments[i];
        } else {
            return usageError(QStringLiteral("unknown option '%1'").arg(arguments[i]));
        }
    }
    if (model.isEmpty()) return usageError(QStringLiteral("verify needs a MODEL"));
    const library::InstalledModel m = library::describeModel(resolveModel(model));
    if (!m.error.isEmpty()) return failure(m.error.toStdString());
    if (!expected.isEmpty() && m.files.size() != 1)
        return failure("--sha256 checks one file; " + m.entryName.toStdString() + " has " +
                       std::to_string(m.files.size()));
    for (const QString& file : m.files) {
        auto hash = library::sha256Hex(file);
        if (!hash.ok()) return failure(hash.status().message());
        std::printf("%s  %s\n", hash->constData(), qPrintable(file));
        if (!expected.isEmpty() && *hash != expected)
            return failure(file.toStdString() + " does not have SHA-256 " + expected.toStdString());
    }
    return 0;
}

int removeCommand(const QStringList& arguments) {
    QString model;
    bool yes = false;
    for (const QString& a : arguments) {
        if (a == QLatin1String("--yes"))
            yes = true;
        else if (!a.startsWith(QLatin1String("--")) && model.isEmpty())
            model = a;
        else
            return usageError(QStringLiteral("unknown option '%1'").arg(a));
    }
    if (model.isEmpty()) return usageError(QStringLiteral("rm needs a MODEL"));
    const QString path = resolveModel(model);
    const QString folder = QFileInfo(library::modelsFolder()).canonicalFilePath();
    if (!QFileInfo::exists(path) || QFileInfo(path).canonicalPath() != folder)
        return failure(model.toStdString() + " is not a model in " + folder.toStdString());
    const library::InstalledModel m = library::describeModel(path);
    if (!yes)
        return failure("this deletes " + std::to_string(m.files.size()) + " file(s), " +
                       gigabytes(static_cast<quint64>(m.bytes)).toStdString() +
                       "; add --yes to go ahead");
    if (const Status s = library::removeModel(path, library::modelsFolder()); !s.ok())
        return failure(s.message());
    std::printf("deleted %s\n", qPrintable(path));
    return 0;
}

}  // namespace

int modelsCommand(const QStringList& arguments) {
    const QString sub = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (sub == QLatin1String("list")) return listCommand(rest);
    if (sub == QLatin1String("catalog")) return catalogCommand(rest);
    if (sub == QLatin1String("pull")) return pullCommand(rest);
    if (sub == QLatin1String("search")) return modelsSearchCommand(rest);
    if (sub == QLatin1String("import")) return importCommand(rest);
    if (sub == QLatin1String("verify")) return verifyCommand(rest);
    if (sub == QLatin1String("rm")) return removeCommand(rest);
    std::fputs(kModelsUsage, stderr);
    return 2;
}

}  // namespace hearth::cli

// hearth-cli models search WORDS|REPO [--json]
//     Asks Hugging Face (library/hugging_face.h; HF_ENDPOINT for a mirror): for words, the
//     repositories with GGUF files that match, the most downloaded first; for a repository id
//     or link, its GGUF models with their sizes and each file's URL and SHA-256, ready for
//     `models pull URL --sha256 HEX`. One of the two commands that use the network.
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

#include "cli/cli.h"
#include "library/hugging_face.h"

namespace hearth::cli {

namespace {

QString sizeText(qint64 bytes) {
    const auto b = static_cast<double>(bytes);
    return b >= 1e9 ? QString::number(b / 1e9, 'f', 2) + QStringLiteral(" GB")
                    : QString::number(b / 1e6, 'f', 0) + QStringLiteral(" MB");
}

void printRepos(const std::vector<library::HubRepo>& repos, bool json) {
    if (json) {
        QJsonArray array;
        for (const library::HubRepo& r : repos)
            array.append(QJsonObject{{QStringLiteral("repo"), r.id},
                                     {QStringLiteral("downloads"), r.downloads},
                                     {QStringLiteral("likes"), r.likes}});
        std::printf("%s", QJsonDocument(array).toJson().constData());
        return;
    }
    if (repos.empty()) std::printf("no repositories with GGUF files match\n");
    for (const library::HubRepo& r : repos)
        std::printf("%-60s %10lld downloads\n", qPrintable(r.id),
                    static_cast<long long>(r.downloads));
}

void printModels(const std::vector<library::HubModel>& models, bool json) {
    if (json) {
        QJsonArray array;
        for (const library::HubModel& m : models) {
            QJsonArray files;
            for (const library::CatalogFile& f : m.download.files)
                files.append(QJsonObject{{QStringLiteral("path"), f.path},
                                         {QStringLiteral("bytes"), f.bytes},
                                         {QStringLiteral("sha256"), QString::fromLatin1(f.sha256)},
                                         {QStringLiteral("url"), m.download.url(f).toString()}});
            array.append(QJsonObject{{QStringLiteral("name"), m.name},
                                     {QStringLiteral("repo"), m.download.repo},
                                     {QStringLiteral("quant"), m.download.quant},
                                     {QStringLiteral("bytes"), m.bytes()},
                                     {QStringLiteral("files"), files}});
        }
        std::printf("%s", QJsonDocument(array).toJson().constData());
        return;
    }
    if (models.empty()) std::printf("no GGUF models in this repository\n");
    for (const library::HubModel& m : models) {
        std::printf("%s  %s%s\n", qPrintable(m.name), qPrintable(sizeText(m.bytes())),
                    m.download.files.size() > 1
                        ? qPrintable(QStringLiteral(" in %1 files").arg(m.download.files.size()))
                        : "");
        for (const library::CatalogFile& f : m.download.files)
            std::printf("  %s%s%s\n", m.download.url(f).toEncoded().constData(),
                        f.sha256.isEmpty() ? "" : "  sha256 ", f.sha256.constData());
    }
}

}  // namespace

int modelsSearchCommand(const QStringList& arguments) {
    bool json = false;
    QStringList words;
    for (const QString& a : arguments) {
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a.startsWith(QLatin1String("--"))) {
            std::fprintf(stderr, "hearth-cli models search: unknown option '%s'\n", qPrintable(a));
            return 2;
        } else {
            words << a;
        }
    }
    if (words.isEmpty()) {
        std::fprintf(stderr, "usage: hearth-cli models search WORDS|REPO [--json]\n");
        return 2;
    }
    library::HubSearch hub;
    int code = 0;
    QObject::connect(&hub, &library::HubSearch::reposFound,
                     [&](const std::vector<library::HubRepo>& repos) {
                         printRepos(repos, json);
                         QCoreApplication::exit(0);
                     });
    QObject::connect(&hub, &library::HubSearch::modelsFound,
                     [&](const QString&, const std::vector<library::HubModel>& models) {
                         printModels(models, json);
                         QCoreApplication::exit(0);
                     });
    QObject::connect(&hub, &library::HubSearch::failed, [&](const QString& message) {
        std::fprintf(stderr, "hearth-cli models search: %s\n", qPrintable(message));
        code = 1;
        QCoreApplication::exit(1);
    });
    hub.search(words.join(u' '));
    if (!hub.busy()) return code;
    QCoreApplication::exec();
    return code;
}

}  // namespace hearth::cli

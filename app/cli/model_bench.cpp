// hearth-cli bench MODEL [-p 512] [-n 128] [-r 3] [--ctx N] [--json]
// Prompt processing: -p random tokens appended to an empty session; generation: -n tokens
// appended one at a time through the decode step (as generation does, without sampling), each
// repeated -r times; the median run is reported, with the load time.
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "cli/cli.h"
#include "cli/model_options.h"
#include "hearth/session.h"

namespace hearth::cli {

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int modelBenchCommand(const QStringList& arguments) {
    QString modelPath;
    uint32_t promptTokens = 512, genTokens = 128, repetitions = 3, context = 0;
    bool json = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("-p") || a == QLatin1String("-n") ||
                   a == QLatin1String("-r") || a == QLatin1String("--ctx")) {
            const std::optional<double> v = numberAfter(arguments, i, "bench");
            if (!v || *v < 0) return 2;
            uint32_t& field = a == QLatin1String("-p")   ? promptTokens
                              : a == QLatin1String("-n") ? genTokens
                              : a == QLatin1String("-r") ? repetitions
                                                         : context;
            field = static_cast<uint32_t>(*v);
        } else if (!a.startsWith(QLatin1Char('-')) && modelPath.isEmpty()) {
            modelPath = a;
        } else {
            std::fprintf(stderr, "hearth-cli bench: unknown or incomplete option '%s'\n",
                         qPrintable(a));
            return 2;
        }
    }
    if (modelPath.isEmpty() || repetitions == 0) {
        std::fprintf(stderr,
                     "hearth-cli bench: usage: hearth-cli bench MODEL [-p N] [-n N] [-r N]\n");
        return 2;
    }
    const auto loadStart = std::chrono::steady_clock::now();
    std::unique_ptr<Model> model = loadModel(modelPath, "bench");
    if (!model) return 1;
    const double loadSeconds = secondsSince(loadStart);

    SessionOptions options;
    options.contextLength = context ? context : std::max(promptTokens + genTokens + 1, 512u);
    Result<std::unique_ptr<Session>> created = model->newSession(options);
    if (!created.ok()) {
        std::fprintf(stderr, "hearth-cli bench: %s\n", created.status().message().c_str());
        return 1;
    }
    Session& session = *created.value();
    std::mt19937 rng(1234);
    std::uniform_int_distribution<int32_t> anyToken(
        0, static_cast<int32_t>(model->info().vocabSize) - 1);
    std::vector<int32_t> prompt(std::max(promptTokens, 1u));
    for (int32_t& t : prompt) t = anyToken(rng);

    std::vector<double> ppRuns, tgRuns;
    for (uint32_t r = 0; r < repetitions; ++r) {
        Status s = session.truncate(0);
        auto start = std::chrono::steady_clock::now();
        if (s.ok()) s = session.append(prompt);
        if (s.ok() && promptTokens > 0) ppRuns.push_back(promptTokens / secondsSince(start));
        start = std::chrono::steady_clock::now();
        for (uint32_t i = 0; s.ok() && i < genTokens; ++i) {
            const int32_t t = anyToken(rng);
            s = session.append({&t, 1});
        }
        if (s.ok() && genTokens > 0) tgRuns.push_back(genTokens / secondsSince(start));
        if (!s.ok()) {
            std::fprintf(stderr, "hearth-cli bench: %s\n", s.message().c_str());
            return 1;
        }
    }
    const ModelInfo& info = model->info();
    const uint64_t deviceBytes = info.weightBytes + session.deviceBytes();
    if (json) {
        QJsonObject o;
        o[QStringLiteral("model")] = QString::fromStdString(info.name);
        o[QStringLiteral("device")] = QString::fromStdString(info.deviceName);
        o[QStringLiteral("pp_tokens")] = static_cast<qint64>(promptTokens);
        o[QStringLiteral("tg_tokens")] = static_cast<qint64>(genTokens);
        o[QStringLiteral("repetitions")] = static_cast<qint64>(repetitions);
        o[QStringLiteral("pp_tps")] = median(ppRuns);
        o[QStringLiteral("tg_tps")] = median(tgRuns);
        o[QStringLiteral("load_seconds")] = loadSeconds;
        o[QStringLiteral("device_bytes")] = static_cast<qint64>(deviceBytes);
        o[QStringLiteral("weight_bytes")] = static_cast<qint64>(info.weightBytes);
        o[QStringLiteral("weight_bytes_in_place")] = static_cast<qint64>(info.weightBytesInPlace);
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
        std::fputs("\n", stdout);
    } else {
        std::printf("%s on %s: loaded in %.2f s, %.0f MB on the device\n", info.name.c_str(),
                    info.deviceName.c_str(), loadSeconds, deviceBytes / 1e6);
        std::printf("prompt %u tokens: %.2f t/s; generation %u tokens: %.2f t/s (median of %u)\n",
                    promptTokens, median(ppRuns), genTokens, median(tgRuns), repetitions);
    }
    return 0;
}

}  // namespace hearth::cli

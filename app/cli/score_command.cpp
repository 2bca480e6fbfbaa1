// hearth-cli score MODEL --tokens ID,ID,... [--top-k K] [--ctx N]
// Teacher-forced: one JSON line per position i, {"pos":i,"top":[[id,logprob],...]}, the
// distribution of the token after position i.
#include <cstdio>

#include "cli/cli.h"
#include "cli/model_options.h"
#include "hearth/session.h"

namespace hearth::cli {

int scoreCommand(const QStringList& arguments) {
    QString modelPath;
    std::vector<int32_t> tokens;
    uint32_t topK = 10, context = 0;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        if (a == QLatin1String("--tokens") && i + 1 < arguments.size()) {
            QString error;
            auto parsed = parseTokenList(arguments[++i], &error);
            if (!parsed) {
                std::fprintf(stderr, "hearth-cli score: --tokens: %s\n", qPrintable(error));
                return 2;
            }
            tokens = *parsed;
        } else if (a == QLatin1String("--top-k") || a == QLatin1String("--ctx")) {
            const std::optional<double> v = numberAfter(arguments, i, "score");
            if (!v || *v < 1) return 2;
            (a == QLatin1String("--top-k") ? topK : context) = static_cast<uint32_t>(*v);
        } else if (!a.startsWith(QLatin1Char('-')) && modelPath.isEmpty()) {
            modelPath = a;
        } else {
            std::fprintf(stderr, "hearth-cli score: unknown or incomplete option '%s'\n",
                         qPrintable(a));
            return 2;
        }
    }
    if (modelPath.isEmpty() || tokens.empty()) {
        std::fprintf(stderr,
                     "hearth-cli score: usage: hearth-cli score MODEL --tokens ID,ID,...\n");
        return 2;
    }
    std::unique_ptr<Model> model = loadModel(modelPath, "score");
    if (!model) return 1;
    SessionOptions options;
    options.contextLength = context ? context : static_cast<uint32_t>(tokens.size());
    Result<std::unique_ptr<Session>> session = model->newSession(options);
    if (!session.ok()) {
        std::fprintf(stderr, "hearth-cli score: %s\n", session.status().message().c_str());
        return 1;
    }
    Result<std::vector<TopLogprobs>> scores = session.value()->score(tokens, topK);
    if (!scores.ok()) {
        std::fprintf(stderr, "hearth-cli score: %s\n", scores.status().message().c_str());
        return 1;
    }
    for (size_t pos = 0; pos < scores.value().size(); ++pos) {
        std::printf("{\"pos\":%zu,\"top\":[", pos);
        const TopLogprobs& top = scores.value()[pos];
        for (size_t k = 0; k < top.size(); ++k)
            std::printf("%s[%d,%.9g]", k ? "," : "", top[k].first, top[k].second);
        std::printf("]}\n");
    }
    return 0;
}

}  // namespace hearth::cli

// hearth-cli tokenize MODEL (--text T | --file F) [--no-special] [--json]
// Prints the token ids of the text, as the model's tokenizer makes them: space-separated, or a
// JSON array with --json. Only the vocabulary is read, not the weights.
#include <QFile>
#include <cstdio>

#include "cli/cli.h"
#include "hearth/tokenizer.h"

namespace hearth::cli {

int tokenizeCommand(const QStringList& arguments) {
    QString modelPath;
    QByteArray text;
    bool haveText = false, json = false;
    EncodeOptions options;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        if (a == QLatin1String("--text") && i + 1 < arguments.size() && !haveText) {
            text = arguments[++i].toUtf8();
            haveText = true;
        } else if (a == QLatin1String("--file") && i + 1 < arguments.size() && !haveText) {
            QFile file(arguments[++i]);
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "hearth-cli tokenize: cannot read %s: %s\n",
                             qPrintable(file.fileName()), qPrintable(file.errorString()));
                return 1;
            }
            text = file.readAll();
            haveText = true;
        } else if (a == QLatin1String("--no-special")) {
            options.parseSpecial = false;
            options.addSpecial = false;
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (!a.startsWith(QLatin1Char('-')) && modelPath.isEmpty()) {
            modelPath = a;
        } else {
            std::fprintf(stderr, "hearth-cli tokenize: unknown or incomplete option '%s'\n",
                         qPrintable(a));
            return 2;
        }
    }
    if (modelPath.isEmpty() || !haveText) {
        std::fprintf(stderr,
                     "hearth-cli tokenize: usage: hearth-cli tokenize MODEL (--text T | "
                     "--file F) [--no-special] [--json]\n");
        return 2;
    }
    Result<Tokenizer> tokenizer = Tokenizer::load(modelPath.toStdString());
    if (!tokenizer.ok()) {
        std::fprintf(stderr, "hearth-cli tokenize: %s\n", tokenizer.status().message().c_str());
        return 1;
    }
    Result<std::vector<int32_t>> ids = tokenizer->encode(
        std::string_view(text.constData(), static_cast<size_t>(text.size())), options);
    if (!ids.ok()) {
        std::fprintf(stderr, "hearth-cli tokenize: %s\n", ids.status().message().c_str());
        return 1;
    }
    std::string line = json ? "[" : "";
    for (size_t k = 0; k < ids.value().size(); ++k) {
        if (k) line += json ? "," : " ";
        line += std::to_string(ids.value()[k]);
    }
    if (json) line += "]";
    std::printf("%s\n", line.c_str());
    return 0;
}

}  // namespace hearth::cli

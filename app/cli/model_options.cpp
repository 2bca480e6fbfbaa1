#include "cli/model_options.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace hearth::cli {

std::optional<std::vector<int32_t>> parseTokenList(const QString& text, QString* error) {
    std::vector<int32_t> tokens;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong id = part.trimmed().toLongLong(&ok);
        if (!ok || id < 0 || id > INT32_MAX) {
            *error = QStringLiteral("'%1' is not a token id").arg(part);
            return std::nullopt;
        }
        tokens.push_back(static_cast<int32_t>(id));
    }
    if (tokens.empty()) {
        *error = QStringLiteral("the token list is empty");
        return std::nullopt;
    }
    return tokens;
}

std::optional<double> numberAfter(const QStringList& arguments, qsizetype& i, const char* command) {
    const QString name = arguments[i];
    if (i + 1 >= arguments.size()) {
        std::fprintf(stderr, "hearth-cli %s: %s needs a value\n", command, qPrintable(name));
        return std::nullopt;
    }
    bool ok = false;
    const double value = arguments[++i].toDouble(&ok);
    // Every numeric option is a count, a seed or a probability-like setting: finite and not
    // negative, and small enough for the 32-bit fields it fills.
    if (!ok || !std::isfinite(value) || value < 0 || value > 4294967295.0) {
        std::fprintf(stderr, "hearth-cli %s: %s needs a number from 0 to 4294967295, got '%s'\n",
                     command, qPrintable(name), qPrintable(arguments[i]));
        return std::nullopt;
    }
    return value;
}

std::unique_ptr<Model> loadModel(const QString& path, const char* command, bool metadataOnly) {
    LoadOptions options;
    options.metadataOnly = metadataOnly;
    if (isatty(STDERR_FILENO) && !metadataOnly) {
        options.progress = [](uint64_t done, uint64_t total) {
            std::fprintf(stderr, "\rloading %3.0f%%", total ? 100.0 * done / total : 100.0);
            if (done == total) std::fprintf(stderr, "\r             \r");
            return true;
        };
    }
    Result<std::unique_ptr<Model>> model = Model::load(path.toStdString(), options);
    if (!model.ok()) {
        std::fprintf(stderr, "hearth-cli %s: %s\n", command, model.status().message().c_str());
        return nullptr;
    }
    return std::move(model.value());
}

}  // namespace hearth::cli

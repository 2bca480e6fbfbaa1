// Options shared by the commands that run a model (run, score, bench): parsing of numbers and
// token lists, and loading the model with a progress line on stderr.
#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include "hearth/model.h"

namespace hearth::cli {

// Parses "12,7,99"; std::nullopt with `error` set on anything else.
std::optional<std::vector<int32_t>> parseTokenList(const QString& text, QString* error);

// The value after option `name` at arguments[i] as a finite number from 0 to 2^32 - 1,
// advancing i; prints the error otherwise.
std::optional<double> numberAfter(const QStringList& arguments, qsizetype& i, const char* command);

// Loads the model, printing progress to stderr when it is a terminal; prints the error
// ("hearth-cli run: loading x.gguf: ...") and returns nullptr on failure.
// With `metadataOnly`, only the description and tokenizer (no device, no weights).
std::unique_ptr<Model> loadModel(const QString& path, const char* command,
                                 bool metadataOnly = false);

}  // namespace hearth::cli

// The subcommands of hearth-cli. Each writes its result to stdout and, on bad input, one line
// to stderr; the return value is the process exit code.
#pragma once

#include <QStringList>

namespace hearth::cli {

int run(const QStringList& arguments);  // arguments[0] is the program name
int devicesCommand(const QStringList& arguments);
int benchCommand(const QStringList& arguments);
int runCommand(const QStringList& arguments);
int modelBenchCommand(const QStringList& arguments);  // bench MODEL
int scoreCommand(const QStringList& arguments);
int tokenizeCommand(const QStringList& arguments);
int templateCommand(const QStringList& arguments);
int convertCommand(const QStringList& arguments);       // convert CHECKPOINT OUT.gguf
int historyCommand(const QStringList& arguments);       // history export|import ...
int modelsCommand(const QStringList& arguments);        // models list|import|verify|rm ...
int modelsSearchCommand(const QStringList& arguments);  // models search WORDS|REPO

}  // namespace hearth::cli

// hearth-cli convert CHECKPOINT OUT.gguf [--type q8_0|f16|f32] [--name NAME]
//     Writes a Hugging Face checkpoint folder (config.json, tokenizer files, *.safetensors) as
//     one GGUF file (hearth/convert.h): the matrices as --type (default q8_0), norms and biases
//     as F32, with the vocabulary, special tokens and chat template. Qwen2 checkpoints only.
#include <cstdio>

#include "cli/cli.h"
#include "hearth/convert.h"

namespace hearth::cli {

int convertCommand(const QStringList& arguments) {
    QStringList paths;
    std::string type = "q8_0", name;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--type") && i + 1 < arguments.size()) {
            type = arguments[++i].toStdString();
        } else if (arguments[i] == QLatin1String("--name") && i + 1 < arguments.size()) {
            name = arguments[++i].toStdString();
        } else if (arguments[i].startsWith(QLatin1String("--"))) {
            std::fprintf(stderr, "hearth-cli convert: unknown option '%s'\n",
                         qPrintable(arguments[i]));
            return 2;
        } else {
            paths << arguments[i];
        }
    }
    if (paths.size() != 2) {
        std::fprintf(stderr,
                     "usage: hearth-cli convert CHECKPOINT OUT.gguf [--type q8_0|f16|f32] "
                     "[--name NAME]\n");
        return 2;
    }
    const Status s = convertToGguf(paths[0].toStdString(), paths[1].toStdString(), type, name);
    if (!s.ok()) {
        std::fprintf(stderr, "hearth-cli convert: %s\n", s.message().c_str());
        return 1;
    }
    std::printf("%s\n", qPrintable(paths[1]));
    return 0;
}

}  // namespace hearth::cli

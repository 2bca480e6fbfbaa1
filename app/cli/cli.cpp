#include "cli/cli.h"

#include <cstdio>

namespace hearth::cli {

namespace {

constexpr const char* kUsage =
    "usage: hearth-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  devices [--json]        list the Vulkan devices Hearth can run on\n"
    "  run MODEL (--prompt TEXT | --prompt-file F | --tokens ID,ID,...) [--chat] [-n N]\n"
    "            [--temp T] [--top-k K] [--top-p P] [--min-p P] [--seed S] [--ctx N]\n"
    "            [--cache f16|q8_0] [--json]\n"
    "                          generate from a prompt\n"
    "  score MODEL --tokens ID,ID,... [--top-k K]\n"
    "                          teacher-forced log-probabilities, one JSON line per position\n"
    "  tokenize MODEL (--text T | --file F) [--no-special] [--json]\n"
    "                          the token ids of a text\n"
    "  template MODEL --messages FILE.json [--add-generation-prompt]\n"
    "                          the prompt the model's chat template makes of the messages\n"
    "  history export [--json | --markdown] [--conversation ID]\n"
    "                          print the chat history (all of it, or one conversation)\n"
    "  history import FILE.json\n"
    "                          add the conversations of an export as new ones\n"
    "  models list [--json] [--ctx N]\n"
    "                          the models in the library folder, and whether they fit\n"
    "  models catalog [--json] [--ctx N]\n"
    "                          the DeepSeek R1 models Hearth can download, and their fit\n"
    "  models search WORDS|REPO [--json]\n"
    "                          find GGUF models on Hugging Face (uses the network)\n"
    "  models pull URL [--sha256 HEX] [--connections N]\n"
    "                          download a model (resumable, verified; uses the network)\n"
    "  models import PATH [--move] | verify MODEL [--sha256 HEX] | rm MODEL --yes\n"
    "                          add, check or delete a model of the library folder\n"
    "  convert CHECKPOINT OUT.gguf [--type q8_0|f16|f32] [--name NAME]\n"
    "                          write a Hugging Face Qwen2 checkpoint as one GGUF file\n"
    "  bench MODEL [-p 512] [-n 128] [-r 3] [--json]\n"
    "                          prompt and generation speed\n"
    "  bench --ops [--op NAME] [--type TYPE] [-r N] [--json]\n"
    "                          measure the kernels on the current device\n";

}  // namespace

int run(const QStringList& arguments) {
    if (arguments.size() < 2 || arguments[1] == QLatin1String("--help") ||
        arguments[1] == QLatin1String("-h")) {
        std::fputs(kUsage, arguments.size() < 2 ? stderr : stdout);
        return arguments.size() < 2 ? 2 : 0;
    }
    const QString command = arguments[1];
    const QStringList rest = arguments.mid(2);
    if (command == QLatin1String("devices")) return devicesCommand(rest);
    if (command == QLatin1String("bench")) return benchCommand(rest);
    if (command == QLatin1String("run")) return runCommand(rest);
    if (command == QLatin1String("score")) return scoreCommand(rest);
    if (command == QLatin1String("tokenize")) return tokenizeCommand(rest);
    if (command == QLatin1String("template")) return templateCommand(rest);
    if (command == QLatin1String("history")) return historyCommand(rest);
    if (command == QLatin1String("models")) return modelsCommand(rest);
    if (command == QLatin1String("convert")) return convertCommand(rest);
    std::fprintf(stderr, "hearth-cli: unknown command '%s' (try hearth-cli --help)\n",
                 qPrintable(command));
    return 2;
}

}  // namespace hearth::cli

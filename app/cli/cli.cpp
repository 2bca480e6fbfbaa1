#include "cli/cli.h"

#include <cstdio>

namespace hearth::cli {

namespace {

constexpr const char* kUsage =
    "usage: hearth-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  devices [--json]        list the Vulkan devices Hearth can run on\n"
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
    std::fprintf(stderr, "hearth-cli: unknown command '%s' (try hearth-cli --help)\n",
                 qPrintable(command));
    return 2;
}

}  // namespace hearth::cli

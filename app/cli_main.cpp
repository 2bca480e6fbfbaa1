// hearth-cli: the engine and hearth_core without a window (DESIGN.md §4).
#include <QCoreApplication>

#include "cli/cli.h"

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hearth"));
    return hearth::cli::run(QCoreApplication::arguments());
}

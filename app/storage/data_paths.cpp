#include "storage/data_paths.h"

#include <QDir>

namespace hearth::storage {

namespace {

// XDG by the variables themselves rather than QStandardPaths: QStandardPaths appends the
// organization and application names, which a test or a second binary may set differently.
QString xdgDirectory(const char* variable, const char* fallbackUnderHome) {
    const QString xdg = qEnvironmentVariable(variable);
    if (!xdg.isEmpty() && QDir::isAbsolutePath(xdg))
        return QDir(xdg).filePath(QStringLiteral("hearth"));
    return QDir(QDir::homePath())
        .filePath(QLatin1String(fallbackUnderHome) + QStringLiteral("/hearth"));
}

QString hearthHome() {
    return qEnvironmentVariable("HEARTH_HOME");
}

}  // namespace

QString dataDirectory() {
    if (const QString home = hearthHome(); !home.isEmpty())
        return QDir(home).filePath(QStringLiteral("data"));
    return xdgDirectory("XDG_DATA_HOME", ".local/share");
}

QString configDirectory() {
    if (const QString home = hearthHome(); !home.isEmpty())
        return QDir(home).filePath(QStringLiteral("config"));
    return xdgDirectory("XDG_CONFIG_HOME", ".config");
}

QString historyDatabasePath() {
    return QDir(dataDirectory()).filePath(QStringLiteral("hearth.db"));
}

QString settingsPath() {
    return QDir(configDirectory()).filePath(QStringLiteral("settings.ini"));
}

}  // namespace hearth::storage

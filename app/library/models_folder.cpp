#include "library/models_folder.h"

#include <QDir>
#include <QSettings>

#include "storage/data_paths.h"

namespace hearth::library {

QString modelsFolder() {
    const QString chosen = QSettings(storage::settingsPath(), QSettings::IniFormat)
                               .value(QStringLiteral("library/folder"))
                               .toString();
    if (!chosen.isEmpty()) return chosen;
    return QDir(storage::dataDirectory()).filePath(QStringLiteral("models"));
}

}  // namespace hearth::library

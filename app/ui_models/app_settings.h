// The app's own settings (last model, window geometry): an INI file in Hearth's config folder,
// so HEARTH_HOME moves it with everything else.
#pragma once

#include <QDir>
#include <QSettings>

#include "storage/data_paths.h"

namespace hearth::ui {

inline QString settingsFile() {
    return QDir(storage::configDirectory()).filePath(QStringLiteral("settings.ini"));
}

}  // namespace hearth::ui

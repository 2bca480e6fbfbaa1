// Where Hearth keeps its files. HEARTH_HOME=DIR overrides everything (tests and portable
// installs use it): data in DIR/data, settings in DIR/config. Otherwise the XDG locations:
// $XDG_DATA_HOME/hearth (~/.local/share/hearth) and $XDG_CONFIG_HOME/hearth (~/.config/hearth).
// The engine's pipeline cache follows the same rule (inference/src/vk/pipeline_cache.cpp:
// DIR/cache, else $XDG_CACHE_HOME/hearth).
#pragma once

#include <QString>

namespace hearth::storage {

QString dataDirectory();        // not created here
QString configDirectory();      // not created here
QString historyDatabasePath();  // dataDirectory()/hearth.db
// The app's own settings (last model, window geometry, theme, models folder), an INI file for
// QSettings: configDirectory()/settings.ini.
QString settingsPath();

}  // namespace hearth::storage

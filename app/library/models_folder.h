// Where the model library lives: the folder set in settings.ini (library/folder), else
// dataDirectory()/models (storage/data_paths.h, so HEARTH_HOME moves it too).
#pragma once

#include <QString>

namespace hearth::library {

QString modelsFolder();  // not created here

}  // namespace hearth::library

// SHA-256 of model files: for `hearth-cli models verify` and, as they arrive, downloads.
#pragma once

#include <QByteArray>
#include <QString>
#include <functional>

#include "hearth/status.h"

namespace hearth::library {

// The file's SHA-256 as 64 lowercase hex digits. `progress` (bytes read, file size) may
// return false to stop, which is then an error.
Result<QByteArray> sha256Hex(const QString& path,
                             const std::function<bool(qint64, qint64)>& progress = {});

}  // namespace hearth::library

// Bringing a model file into the library folder (library/models_folder.h): what dropping a
// .gguf on the window does, and `hearth-cli models import` will.
#pragma once

#include <QString>
#include <functional>

#include "hearth/status.h"

namespace hearth::library {

struct ImportOptions {
    // Move instead of copy: a rename on the same file system, else a copy and then the
    // source's removal once the copy is whole.
    bool move = false;
    // Called as bytes are copied; returning false cancels (nothing is left behind).
    std::function<bool(qint64 done, qint64 total)> progress;
};

// Imports the model at `source` (a GGUF file, or any file of a split set: then the whole set)
// into `folder`, and returns the path to load (the first file of a set). Before a byte is
// copied: the file must read as a model (its header, through the engine, without weights) and
// the folder's disk must have room. Each file is written to a hidden ".NAME.part" beside its
// final name, flushed to disk, then renamed into place, so the library never holds half a
// model. A model already in `folder` is returned as it is; a file of the same name and size
// is taken to be the same model; a different file of that name is never overwritten.
Result<QString> importModel(const QString& source, const QString& folder,
                            const ImportOptions& options = {});

}  // namespace hearth::library

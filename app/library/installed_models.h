// The models in the library folder, described from their headers without loading a weight:
// each GGUF file, split GGUF set (listed once, by its first file) and Hugging Face directory
// (config.json beside *.safetensors).
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <vector>

#include "hearth/status.h"

namespace hearth::library {

struct InstalledModel {
    QString path;       // what to load: a .gguf (a set's first file) or a directory
    QString entryName;  // its name in the folder
    QStringList files;  // every file it is read from
    qint64 bytes = 0;   // on disk, all of them
    // From the header; empty or 0 when `error` says why it could not be read.
    QString name;
    QString architecture;
    quint64 parameterCount = 0;
    QList<QPair<QString, quint64>> quantMix;  // parameters per tensor type, largest first
    quint32 contextLength = 0;                // trained for
    quint32 layers = 0, hidden = 0, heads = 0, kvHeads = 0, headDim = 0, ffn = 0, vocabSize = 0;
    quint64 kvBytesPerToken = 0;  // f16 cache, all layers
    QString error;
};

// Reads one model (a file or a directory) from its header.
InstalledModel describeModel(const QString& path);

// Deletes a model of `folder` (every file of a split set; a directory with what is in it).
// Anything outside the folder is refused.
hearth::Status removeModel(const QString& path, const QString& folder);

// Every model in `folder`, by entry name; hidden entries (imports in progress) are skipped.
// A missing folder has none.
std::vector<InstalledModel> scanModelsFolder(const QString& folder);

}  // namespace hearth::library

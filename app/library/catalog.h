// The catalog of models Hearth knows how to get (resources/catalog.json, built in): the DeepSeek
// R1 distills and full R1 quantizations on Hugging Face, with their files, sizes, and hashes
// where they are pinned. Reading it touches no network; only a download the user starts does.
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <vector>

#include "hearth/status.h"
#include "library/installed_models.h"

namespace hearth::library {

struct CatalogFile {
    QString path;       // in the repository; a split set's parts in order
    qint64 bytes = 0;   // 0: not pinned (the server's Content-Length is checked instead)
    QByteArray sha256;  // 64 hex digits, or empty: not pinned (X-Linked-Etag is used)
};

struct CatalogQuantization {
    QString quant;  // "Q4_K_M"
    QString repo;   // "owner/name" on Hugging Face
    qint64 approxBytes = 0;
    std::vector<CatalogFile> files;
    QUrl url(const CatalogFile& file) const;  // ENDPOINT/REPO/resolve/main/PATH (hugging_face.h)
};

struct CatalogModel {
    QString id, name, architecture;
    quint32 contextLength = 0;
    quint32 layers = 0, hidden = 0, heads = 0, kvHeads = 0, headDim = 0, ffn = 0, vocab = 0;
    quint64 kvBytesPerToken = 0;
    std::vector<CatalogQuantization> quantizations;
    // What the memory fit estimate needs, as if the quantization were installed.
    InstalledModel asInstalled(const CatalogQuantization& q) const;
};

// Parses and checks a catalog: every field present and sane, repositories and paths that stay
// inside their repository, split sets complete and in order, hashes of the right form.
Result<std::vector<CatalogModel>> parseCatalog(const QByteArray& json);

// The built-in catalog (resources/catalog.json).
Result<std::vector<CatalogModel>> builtinCatalog();

}  // namespace hearth::library

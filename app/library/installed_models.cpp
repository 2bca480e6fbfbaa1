#include "library/installed_models.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include "hearth/model.h"

namespace hearth::library {

namespace {

// Files 2..N of a split set ("name-00002-of-00003.gguf"): the set is listed by its first file.
bool isLaterSplitFile(const QString& fileName) {
    static const QRegularExpression split(QStringLiteral("-(\\d{5})-of-\\d{5}\\.gguf$"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = split.match(fileName);
    return m.hasMatch() && m.captured(1).toInt() != 1;
}

qint64 directoryBytes(const QString& path, QStringList* files) {
    qint64 bytes = 0;
    for (const QFileInfo& f : QDir(path).entryInfoList(QDir::Files, QDir::Name)) {
        bytes += f.size();
        files->append(f.absoluteFilePath());
    }
    return bytes;
}

}  // namespace

InstalledModel describeModel(const QString& path) {
    InstalledModel m;
    const QFileInfo entry(path);
    m.path = entry.absoluteFilePath();
    m.entryName = entry.fileName();
    LoadOptions headerOnly;
    headerOnly.metadataOnly = true;
    auto model = Model::load(path.toStdString(), headerOnly);
    if (!model.ok()) {
        m.error = QString::fromStdString(model.status().message());
        if (entry.isDir()) {
            m.bytes = directoryBytes(m.path, &m.files);
        } else {
            m.bytes = entry.size();
            m.files = {m.path};
        }
        return m;
    }
    const ModelInfo& info = (*model)->info();
    if (info.files.empty()) {
        m.bytes = directoryBytes(m.path, &m.files);
    } else {
        for (const std::string& file : info.files) {
            const QFileInfo f(QString::fromStdString(file));
            m.files.append(f.absoluteFilePath());
            m.bytes += f.size();
        }
    }
    m.name = QString::fromStdString(info.name);
    m.architecture = QString::fromStdString(info.architecture);
    m.parameterCount = info.parameterCount;
    for (const auto& [type, count] : info.quantMix)
        m.quantMix.append({QString::fromStdString(type), count});
    m.contextLength = info.contextLength;
    m.layers = info.layers;
    m.hidden = info.hidden;
    m.heads = info.heads;
    m.kvHeads = info.kvHeads;
    m.headDim = info.headDim;
    m.ffn = info.ffn;
    m.vocabSize = info.vocabSize;
    m.kvBytesPerToken = info.kvBytesPerToken;
    return m;
}

hearth::Status removeModel(const QString& path, const QString& folder) {
    const QFileInfo entry(path);
    const QString canonicalFolder = QFileInfo(folder).canonicalFilePath();
    if (!entry.exists() || canonicalFolder.isEmpty() || entry.canonicalPath() != canonicalFolder)
        return hearth::Status::error(path.toStdString() + " is not a model in " +
                                     folder.toStdString());
    if (entry.isDir()) {
        if (!QDir(entry.absoluteFilePath()).removeRecursively())
            return hearth::Status::error("could not delete all of " + path.toStdString());
        return {};
    }
    const InstalledModel model = describeModel(path);
    for (const QString& file : model.files) {
        if (QFileInfo(file).canonicalPath() != canonicalFolder) continue;  // never outside
        if (!QFile::remove(file))
            return hearth::Status::error("could not delete " + file.toStdString());
    }
    return {};
}

std::vector<InstalledModel> scanModelsFolder(const QString& folder) {
    std::vector<InstalledModel> models;
    const QDir dir(folder);
    for (const QFileInfo& entry :
         dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (entry.isDir()) {
            if (!QFileInfo::exists(QDir(entry.filePath()).filePath(QStringLiteral("config.json"))))
                continue;
        } else if (!entry.fileName().endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive) ||
                   isLaterSplitFile(entry.fileName())) {
            continue;
        }
        models.push_back(describeModel(entry.filePath()));
    }
    return models;
}

}  // namespace hearth::library

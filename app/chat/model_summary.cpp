#include "chat/model_summary.h"

#include <QDirIterator>
#include <QFileInfo>

#include <algorithm>
#include <climits>

#include "chat/chat_prompt.h"

namespace hearth::chat {

namespace {

// A GGUF file's size, or a Hugging Face directory's files together.
quint64 bytesOnDisk(const QString& path) {
    const QFileInfo info(path);
    if (!info.isDir()) return static_cast<quint64>(std::max<qint64>(info.size(), 0));
    quint64 total = 0;
    QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += static_cast<quint64>(std::max<qint64>(it.fileInfo().size(), 0));
    }
    return total;
}

}  // namespace

ModelSummary summarizeModel(const Model& model, const ModelChatFormat& format) {
    const ModelInfo& info = model.info();
    ModelSummary s;
    s.path = QString::fromStdString(info.path);
    s.name = QString::fromStdString(info.name);
    if (s.name.isEmpty()) s.name = QFileInfo(s.path).completeBaseName();
    s.architecture = QString::fromStdString(info.architecture);
    s.parameterCount = info.parameterCount;
    s.fileBytes = bytesOnDisk(s.path);
    s.weightBytes = info.weightBytes;
    s.kvBytesPerToken = info.kvBytesPerToken;
    s.contextLength = static_cast<int>(std::min<uint32_t>(info.contextLength, INT_MAX));
    s.deviceName = QString::fromStdString(info.deviceName);
    s.defaultSampling.temperature = info.defaultSampling.temperature;
    s.defaultSampling.topP = info.defaultSampling.topP;
    s.defaultSampling.topK = static_cast<int>(info.defaultSampling.topK);
    s.defaultSampling.minP = info.defaultSampling.minP;
    s.hasReasoning = chatFormatHasReasoning(model, format);
    s.templateWarning = QString::fromStdString(format.choice.warning);
    return s;
}

SamplingOptions toSamplingOptions(const SamplingSettings& settings) {
    SamplingOptions o;
    o.temperature = static_cast<float>(settings.temperature);
    o.topP = static_cast<float>(settings.topP);
    o.topK = static_cast<uint32_t>(std::max(settings.topK, 0));
    o.minP = static_cast<float>(settings.minP);
    o.maxTokens = static_cast<uint32_t>(std::max(settings.maxTokens, 0));
    o.seed = settings.seed;
    return o;
}

}  // namespace hearth::chat

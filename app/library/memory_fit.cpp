#include "library/memory_fit.h"

#include "hearth/devices.h"

namespace hearth::library {

namespace {

// What a session allocates besides the cache (inference/src/models/forward_pass.cpp): f32
// activations for a prefill batch of kBatch tokens, kLogitRows rows of logits, and attention
// partials; plus command buffers, pipelines and upload staging.
constexpr quint64 kBatch = 128;
constexpr quint64 kLogitRows = 16;
constexpr quint64 kAttentionSplits = 16;
constexpr quint64 kFixedOverhead = quint64{96} << 20;

}  // namespace

MemoryFit estimateMemoryFit(const InstalledModel& model, quint32 contextLength,
                            quint64 availableBytes) {
    MemoryFit f;
    const quint64 qDim = quint64{model.heads} * model.headDim;
    const quint64 kvDim = quint64{model.kvHeads} * model.headDim;
    f.weightBytes = static_cast<quint64>(model.bytes);
    f.kvCacheBytes = model.kvBytesPerToken * contextLength;
    f.scratchBytes =
        kBatch * 4 * (3 * quint64{model.hidden} + 2 * qDim + 2 * kvDim + 3 * quint64{model.ffn}) +
        kLogitRows * model.vocabSize * 4 +
        kBatch * model.heads * kAttentionSplits * (model.headDim + 2) * 4 + kFixedOverhead;
    f.neededBytes = f.weightBytes + f.kvCacheBytes + f.scratchBytes;
    f.availableBytes = availableBytes;
    if (f.neededBytes > availableBytes)
        f.fit = Fit::DoesNotFit;
    else if (static_cast<double>(f.neededBytes) >
             (1.0 - kTightMargin) * static_cast<double>(availableBytes))
        f.fit = Fit::Tight;
    else
        f.fit = Fit::Fits;
    return f;
}

QString fitName(Fit fit) {
    switch (fit) {
        case Fit::Fits:
            return QStringLiteral("fits");
        case Fit::Tight:
            return QStringLiteral("tight");
        case Fit::DoesNotFit:
            break;
    }
    return QStringLiteral("does not fit");
}

quint64 preferredDeviceMemory(QString* deviceName) {
    auto devices = listDevices();
    if (!devices.ok()) return 0;
    for (const DeviceInfo& d : *devices) {
        if (!d.preferred) continue;
        *deviceName = QString::fromStdString(d.name);
        return d.budgetBytes != 0 ? d.budgetBytes : d.deviceLocalBytes;
    }
    return 0;
}

}  // namespace hearth::library

// Will a model run on a device at a given context length? Weights + KV cache + the session's
// working buffers, against what the device has to give (VK_EXT_memory_budget where the driver
// reports it, else its device-local memory).
#pragma once

#include <QString>

#include "library/installed_models.h"

namespace hearth::library {

enum class Fit { Fits, Tight, DoesNotFit };

struct MemoryFit {
    quint64 weightBytes = 0;   // the tensors, about the model's size on disk
    quint64 kvCacheBytes = 0;  // f16 keys and values for every position of the context
    quint64 scratchBytes = 0;  // activations of a prefill batch, logits, attention partials
    quint64 neededBytes = 0;   // the sum
    quint64 availableBytes = 0;
    Fit fit = Fit::DoesNotFit;
};

// Tight: it fits, but with less than kTightMargin of the memory left for the desktop and other
// programs.
inline constexpr double kTightMargin = 0.15;

MemoryFit estimateMemoryFit(const InstalledModel& model, quint32 contextLength,
                            quint64 availableBytes);

QString fitName(Fit fit);  // "fits", "tight", "does not fit"

// What the preferred device can give a model: its memory budget, else its device-local memory
// (0 when there is no device), and its name. Lists the devices: no logical device is made.
quint64 preferredDeviceMemory(QString* deviceName);

}  // namespace hearth::library

// What the UI shows about a loaded model (ModelSummary), read from the engine's ModelInfo and
// the chat format the worker will use.
#pragma once

#include "chat/chat_types.h"
#include "hearth/chat_template.h"
#include "hearth/model.h"

namespace hearth::chat {

ModelSummary summarizeModel(const Model& model, const ModelChatFormat& format);

// The engine's sampling options for `settings` (the penalties keep their defaults: off).
SamplingOptions toSamplingOptions(const SamplingSettings& settings);

}  // namespace hearth::chat

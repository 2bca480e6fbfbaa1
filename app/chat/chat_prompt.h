// A conversation's turns as the prompt tokens a model reads: rendered by the model's chat
// template (or its family's built-in one), tokenized with special tokens parsed, BOS first where
// the vocabulary wants it. The same steps as `hearth-cli run --chat`.
#pragma once

#include <QList>

#include <cstdint>
#include <string>
#include <vector>

#include "chat/chat_types.h"
#include "hearth/chat_template.h"
#include "hearth/model.h"

namespace hearth::chat {

struct ChatPrompt {
    std::string text;  // the rendered template
    std::vector<int32_t> tokens;
    bool opensReasoning = false;  // the prompt ends inside an opened <think> block
};

// With the generation prompt (the assistant's turn opened) after the last turn.
Result<ChatPrompt> buildChatPrompt(const Model& model, const ModelChatFormat& format,
                                   const QList<ChatTurn>& turns);

// Whether the model thinks before it answers (R1 style): its template opens a <think> block in
// the generation prompt, or writes </think> itself.
bool chatFormatHasReasoning(const Model& model, const ModelChatFormat& format);

}  // namespace hearth::chat

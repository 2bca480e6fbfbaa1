#include "chat/chat_prompt.h"

#include "hearth/reasoning.h"

namespace hearth::chat {

Result<ChatPrompt> buildChatPrompt(const Model& model, const ModelChatFormat& format,
                                   const QList<ChatTurn>& turns) {
    std::vector<ChatMessage> messages;
    messages.reserve(static_cast<size_t>(turns.size()));
    for (const ChatTurn& turn : turns)
        messages.push_back({turn.role.toStdString(), turn.content.toStdString(), {}});
    ChatPrompt prompt;
    HEARTH_ASSIGN_OR_RETURN(prompt.text,
                            format.choice.chatTemplate.render(messages, format.options));
    const Tokenizer& tokenizer = model.tokenizer();
    HEARTH_ASSIGN_OR_RETURN(
        prompt.tokens, tokenizer.encode(prompt.text, {.addSpecial = false, .parseSpecial = true}));
    // The template usually writes BOS itself; add it only where it did not.
    const int32_t bos = tokenizer.bos();
    if (model.info().addBos && bos >= 0 && (prompt.tokens.empty() || prompt.tokens.front() != bos))
        prompt.tokens.insert(prompt.tokens.begin(), bos);
    prompt.opensReasoning = promptOpensReasoning(prompt.text);
    return prompt;
}

bool chatFormatHasReasoning(const Model& model, const ModelChatFormat& format) {
    Result<ChatPrompt> probe =
        buildChatPrompt(model, format, {{QStringLiteral("user"), QStringLiteral("Hi")}});
    if (probe.ok() && probe->opensReasoning) return true;
    return format.choice.chatTemplate.source().find("</think>") != std::string::npos;
}

}  // namespace hearth::chat

// The chat format of a loaded model: its own template or its family's, with its special tokens.
#include "hearth/chat_template.h"
#include "hearth/model.h"

namespace hearth {

ModelChatFormat chatFormatFor(const Model& model) {
    const Tokenizer& tokenizer = model.tokenizer();
    ChatTemplateHints hints;
    hints.architecture = model.info().architecture;
    // A token the vocabulary has whole: the text encodes to that one added token.
    hints.hasToken = [&tokenizer](std::string_view text) {
        const auto ids = tokenizer.encode(text, {.addSpecial = false, .parseSpecial = true});
        return ids.ok() && ids.value().size() == 1 && tokenizer.tokenBytes(ids.value()[0]) == text;
    };
    ModelChatFormat format{chooseChatTemplate(model.info().chatTemplate, hints), {}};
    auto text = [&](int32_t id) { return id >= 0 ? tokenizer.tokenBytes(id) : std::string(); };
    format.options.bosToken = text(tokenizer.bos());
    format.options.eosToken = text(tokenizer.eos());
    format.options.addGenerationPrompt = true;
    return format;
}

}  // namespace hearth

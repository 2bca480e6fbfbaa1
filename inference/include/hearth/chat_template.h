// Chat templates: the Jinja programs models ship (tokenizer.chat_template) that turn a
// conversation into the prompt text. Hearth runs them in its own sandboxed interpreter of the
// Jinja subset chat templates use, held byte for byte to @huggingface/jinja, the renderer
// Hugging Face's JavaScript libraries use (tests/inference/chat_template_reference_test.cpp).
//
//   auto chat = hearth::ChatTemplate::parse(info.chatTemplate);
//   auto prompt = chat->render(R"([{"role": "user", "content": "Hi"}])", {.bosToken = "<s>"});
//
// The sandbox: a template sees only the values it is given and a few pure globals (range,
// namespace, raise_exception, strftime_now); no files, environment or host objects. A render
// stops with an error past 1,000,000 loop iterations, 64 nested macro calls, 1000 nested
// evaluation levels, a 4 MiB string (the output included), 64 MiB of strings or 2,000,000
// list and dict entries made in all, 10^9 bytes scanned by searches, comparisons and filters,
// or values nested 256 deep; parsing refuses syntax nested more than 128 levels (256 for long
// operator chains). Errors name the line and column of the template.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/status.h"

namespace hearth {

namespace tmpl {
struct Program;
}

struct ChatRenderOptions {
    bool addGenerationPrompt = true;
    std::string bosToken, eosToken;  // the model's, as text
    std::string toolsJson;           // a JSON array of tool definitions, or empty for none
};

// One turn for the typed render. Reasoning reaches the template only as `reasoning_content`,
// never inside `content`, so earlier answers are rendered without their reasoning even by
// templates that do not strip <think> themselves.
struct ChatMessage {
    std::string role;  // "system", "user", "assistant", "tool"
    std::string content;
    std::string reasoning;
};

class ChatTemplate {
public:
    // Syntax errors name the line and column.
    static Result<ChatTemplate> parse(std::string_view source);

    // Messages as a JSON array of objects (role, content, tool_calls, ... any fields), passed
    // to the template unchanged.
    Result<std::string> render(std::string_view messagesJson,
                               const ChatRenderOptions& options) const;
    Result<std::string> render(const std::vector<ChatMessage>& messages,
                               const ChatRenderOptions& options) const;
    // The whole context as one JSON object (messages, add_generation_prompt, bos_token, tools,
    // date_string, enable_thinking, ...): what tests and the fuzzer use.
    Result<std::string> renderContext(std::string_view contextJson) const;

    const std::string& source() const;

private:
    explicit ChatTemplate(std::shared_ptr<const tmpl::Program> program);
    std::shared_ptr<const tmpl::Program> m_program;
};

// The built-in template of a family: "deepseek-r1" (the DeepSeek-R1 distill template),
// "chatml" (Qwen), "llama3", "mistral"; empty for an unknown family.
std::string_view builtinChatTemplate(std::string_view family);

// What a loaded model says about its prompt format, for when its own template is missing or
// does not parse.
struct ChatTemplateHints {
    std::string architecture;                        // "llama", "qwen2", "deepseek2", ...
    std::function<bool(std::string_view)> hasToken;  // whether the vocabulary has this token
};

struct ChatTemplateChoice {
    ChatTemplate chatTemplate;
    std::string family;   // the built-in family used, or empty for the model's own template
    std::string warning;  // why the model's own template is not used, or empty
};

// The model's own template when it parses; else the built-in one of its family (from its
// special tokens, then its architecture; ChatML when neither tells), with a warning.
ChatTemplateChoice chooseChatTemplate(std::string_view modelTemplate,
                                      const ChatTemplateHints& hints);

class Model;

// How a loaded model's chats become prompts: its template (or its family's built-in one) and
// the BOS/EOS text the template is given.
struct ModelChatFormat {
    ChatTemplateChoice choice;
    ChatRenderOptions options;  // bosToken and eosToken filled in; addGenerationPrompt on
};
ModelChatFormat chatFormatFor(const Model& model);

}  // namespace hearth

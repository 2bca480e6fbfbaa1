// The public face of the template engine: parse once, render with a fresh heap and scope.
#include "hearth/chat_template.h"

#include <utility>

#include "template/interpreter.h"
#include "template/parser.h"

namespace hearth {
namespace {

using tmpl::Callable;
using tmpl::Environment;
using tmpl::Heap;
using tmpl::Kind;
using tmpl::Value;

const char* const kReserved[] = {"true", "false",           "none",  "True",         "False",
                                 "None", "raise_exception", "range", "strftime_now", "namespace"};

void setGlobals(Environment& env, Heap& heap) {
    env.set("true", Value::fromBool(true));
    env.set("false", Value::fromBool(false));
    env.set("none", Value::null());
    env.set("True", Value::fromBool(true));
    env.set("False", Value::fromBool(false));
    env.set("None", Value::null());
    for (const char* name : {"raise_exception", "range", "strftime_now", "namespace"}) {
        Callable global;
        global.type = Callable::Type::Global;
        global.name = name;
        env.set(name, heap.callable(std::move(global)));
    }
}

Result<std::string> renderWith(const tmpl::Program& program, const tmpl::Limits& limits, Heap& heap,
                               Environment& globals) {
    tmpl::Interpreter interpreter(program, heap, limits);
    return interpreter.run(globals);
}

// Sets the options' part of the context (the generation prompt flag, special tokens, tools).
Status setOptions(Environment& env, Heap& heap, const tmpl::Limits& limits,
                  const ChatRenderOptions& options) {
    env.set("add_generation_prompt", Value::fromBool(options.addGenerationPrompt));
    env.set("bos_token", Value::string(options.bosToken));
    env.set("eos_token", Value::string(options.eosToken));
    if (!options.toolsJson.empty()) {
        auto tools = tmpl::valueFromJson(options.toolsJson, heap, limits);
        if (!tools.ok()) return tools.status().withContext("the tool definitions");
        if (!tools.value().isArray())
            return Status::error("the tool definitions must be a JSON array");
        env.set("tools", tools.value());
    }
    return {};
}

}  // namespace

ChatTemplate::ChatTemplate(std::shared_ptr<const tmpl::Program> program)
    : m_program(std::move(program)) {}

Result<ChatTemplate> ChatTemplate::parse(std::string_view source) {
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<tmpl::Program> program, tmpl::parseTemplate(source));
    return ChatTemplate(std::shared_ptr<const tmpl::Program>(std::move(program)));
}

const std::string& ChatTemplate::source() const {
    return m_program->source;
}

Result<std::string> ChatTemplate::render(std::string_view messagesJson,
                                         const ChatRenderOptions& options) const {
    const tmpl::Limits limits;
    Heap heap(limits);
    Environment globals;
    setGlobals(globals, heap);
    auto messages = tmpl::valueFromJson(messagesJson, heap, limits);
    if (!messages.ok()) return messages.status().withContext("the messages");
    if (!messages.value().isArray()) return Status::error("the messages must be a JSON array");
    globals.set("messages", messages.value());
    HEARTH_RETURN_IF_ERROR(setOptions(globals, heap, limits, options));
    return renderWith(*m_program, limits, heap, globals);
}

Result<std::string> ChatTemplate::render(const std::vector<ChatMessage>& messages,
                                         const ChatRenderOptions& options) const {
    const tmpl::Limits limits;
    Heap heap(limits);
    Environment globals;
    setGlobals(globals, heap);
    std::vector<Value> items;
    for (const ChatMessage& message : messages) {
        tmpl::Object object;
        object.set("role", Value::string(message.role));
        object.set("content", Value::string(message.content));
        if (!message.reasoning.empty())
            object.set("reasoning_content", Value::string(message.reasoning));
        HEARTH_ASSIGN_OR_RETURN(Value v, heap.object(std::move(object)));
        items.push_back(std::move(v));
    }
    HEARTH_ASSIGN_OR_RETURN(Value list, heap.array(std::move(items)));
    globals.set("messages", std::move(list));
    HEARTH_RETURN_IF_ERROR(setOptions(globals, heap, limits, options));
    return renderWith(*m_program, limits, heap, globals);
}

Result<std::string> ChatTemplate::renderContext(std::string_view contextJson) const {
    const tmpl::Limits limits;
    Heap heap(limits);
    Environment globals;
    setGlobals(globals, heap);
    auto context = tmpl::valueFromJson(contextJson, heap, limits);
    if (!context.ok()) return context.status().withContext("the template context");
    if (context.value().kind != Kind::Object)
        return Status::error("the template context must be a JSON object");
    for (const auto& [key, value] : context.value().object->entries) {
        for (const char* reserved : kReserved)
            if (key == reserved)
                return Status::error("the template context cannot set '" + key +
                                     "', a name the template language defines");
        globals.set(key, value);
    }
    return renderWith(*m_program, limits, heap, globals);
}

ChatTemplateChoice chooseChatTemplate(std::string_view modelTemplate,
                                      const ChatTemplateHints& hints) {
    std::string warning;
    if (!modelTemplate.empty()) {
        auto own = ChatTemplate::parse(modelTemplate);
        if (own.ok()) return {std::move(own).value(), "", ""};
        warning = "the model's chat template does not parse (" + own.status().message() + ")";
    } else {
        warning = "the model has no chat template";
    }
    const auto has = [&](std::string_view token) {
        return hints.hasToken && hints.hasToken(token);
    };
    const std::string& arch = hints.architecture;
    std::string family = "chatml";
    if (has("<｜User｜>") || arch == "deepseek2") {
        family = "deepseek-r1";
    } else if (has("<|im_start|>") || arch.rfind("qwen", 0) == 0) {
        family = "chatml";
    } else if (has("<|start_header_id|>") || arch == "llama") {
        family = "llama3";
    } else if (has("[INST]") || arch == "mistral") {
        family = "mistral";
    }
    auto builtin = ChatTemplate::parse(builtinChatTemplate(family));
    // The built-in templates are tested to parse; this cannot fail.
    return {std::move(builtin).value(), family,
            warning + "; using the built-in " + family + " template"};
}

}  // namespace hearth

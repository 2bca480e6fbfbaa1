// libFuzzer entry for chat templates: the input's first byte picks render options, the rest is
// the template, parsed and rendered with a small fixed conversation (tool definitions, a tool
// call and its result, reasoning, non-ASCII text). Errors are fine; crashes, hangs, aborts and
// sanitizer reports are not.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hearth/chat_template.h"

namespace {

constexpr std::string_view kMessages = R"([
  {"role": "system", "content": "Be brief. Ünïcödé ✓"},
  {"role": "user", "content": "Weather in \"Paris\"?\n"},
  {"role": "assistant", "content": "", "tool_calls": [{"id": "call00001", "type": "function",
    "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
  {"role": "tool", "tool_call_id": "call00001", "content": "{\"t\": 21.5}"},
  {"role": "assistant", "content": "<think>\nsunny\n</think>\n\nSunny, 21.5 °C.",
   "reasoning_content": "sunny"},
  {"role": "user", "content": "Thanks 😀"}
])";

constexpr std::string_view kTools = R"([{"type": "function", "function": {"name": "get_weather",
  "description": "Weather", "parameters": {"type": "object", "properties": {"city": {"type":
  "string"}}, "required": ["city"]}}}])";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t flags = data[0];
    const std::string_view source(reinterpret_cast<const char*>(data + 1), size - 1);
    auto chatTemplate = hearth::ChatTemplate::parse(source);
    if (!chatTemplate.ok()) return 0;
    hearth::ChatRenderOptions options;
    options.addGenerationPrompt = (flags & 1) != 0;
    options.bosToken = (flags & 2) != 0 ? "<s>" : "";
    options.eosToken = "</s>";
    if ((flags & 4) != 0) options.toolsJson = std::string(kTools);
    (void)chatTemplate->render(kMessages, options);
    return 0;
}

// The template language one feature at a time, its errors, the sandbox limits and the
// fallback to built-in templates. Expected outputs are what @huggingface/jinja prints (the
// reference test checks whole templates against it).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "hearth/chat_template.h"

namespace hearth {
namespace {

// Renders `source` with a context given as a JSON object.
std::string render(const std::string& source, const std::string& context = "{}") {
    auto parsed = ChatTemplate::parse(source);
    if (!parsed.ok()) return "PARSE ERROR: " + parsed.status().message();
    auto text = parsed->renderContext(context);
    return text.ok() ? text.value() : "ERROR: " + text.status().message();
}

std::string renderError(const std::string& source, const std::string& context = "{}") {
    auto parsed = ChatTemplate::parse(source);
    if (!parsed.ok()) return parsed.status().message();
    auto text = parsed->renderContext(context);
    return text.ok() ? "rendered: " + text.value() : text.status().message();
}

TEST(ChatTemplateTest, TextAndExpressions) {
    EXPECT_EQ(render("Hello {{ name }}!", R"({"name": "Ada"})"), "Hello Ada!");
    EXPECT_EQ(render("{{ 1 + 2 * 3 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }}"), "7 3 1 1024");
    EXPECT_EQ(render("{{ 1 / 2 }} {{ 4 / 2 }} {{ 1.5 + 1 }} {{ 3.0 }}"), "0.5 2.0 2.5 3.0");
    EXPECT_EQ(render("{{ 'a' ~ 1 ~ 2.0 }} {{ 'x' + 'y' }}"), "a12 xy");
}

TEST(ChatTemplateTest, ValuesPrintTheWayTheReferencePrintsThem) {
    EXPECT_EQ(render("{{ true }} {{ false }} [{{ none }}] [{{ missing }}]"), "true false [] []");
    EXPECT_EQ(render("{{ [1, 'a', true, none] }}"), "[1, \"a\", true, null]");
    EXPECT_EQ(render("{{ {'k': [1, 2]} }}"), "{\"k\": [1, 2]}");
    EXPECT_EQ(render("{{ 10 ** 21 }} {{ 0.1 + 0.2 }}"), "1e+21 0.30000000000000004");
}

TEST(ChatTemplateTest, ConversionsFollowJavaScript) {
    EXPECT_EQ(
        render("{{ 'x' + 1.0 }} {{ [1.0, 'a'] ~ '' }} {{ x == '1' }} {{ 'ab'[5] is defined }}",
               R"({"x": 1})"),
        "x1 1.0,a true false");
}

TEST(ChatTemplateTest, WhitespaceControl) {
    EXPECT_EQ(render("a  {{- 'b' -}}  c"), "abc");
    EXPECT_EQ(render("a\n  {%- if true %} b {% endif -%}\n c"), "a b c");
    // trim_blocks and lstrip_blocks, as Hugging Face configures Jinja.
    EXPECT_EQ(render("{% if true %}\n    x\n    {% endif %}\ny\n"), "    x\ny");
    EXPECT_EQ(render("a {# comment #} b {#- gone -#} c"), "a  bc");
}

TEST(ChatTemplateTest, IfElifElse) {
    const std::string source = "{% if n > 2 %}big{% elif n == 2 %}two{% else %}small{% endif %}";
    EXPECT_EQ(render(source, R"({"n": 3})"), "big");
    EXPECT_EQ(render(source, R"({"n": 2})"), "two");
    EXPECT_EQ(render(source, R"({"n": 1})"), "small");
    EXPECT_EQ(render("{{ 'y' if x else 'n' }}", R"({"x": []})"), "n");
}

TEST(ChatTemplateTest, ForLoopsAndTheLoopVariable) {
    EXPECT_EQ(render("{% for x in xs %}{{ loop.index }}{{ x }}{% if not loop.last %},{% endif %}"
                     "{% endfor %}",
                     R"({"xs": ["a", "b", "c"]})"),
              "1a,2b,3c");
    EXPECT_EQ(render("{% for x in xs if x > 1 %}{{ x }}{% else %}none{% endfor %}",
                     R"({"xs": [1, 2, 3]})"),
              "23");
    EXPECT_EQ(render("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}"), "empty");
    EXPECT_EQ(render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
                     R"({"d": {"b": 1, "a": 2}})"),
              "b=1;a=2;");
    EXPECT_EQ(render("{% for x in [1, 2, 3, 4] %}{% if x == 2 %}{% continue %}{% endif %}"
                     "{% if x == 4 %}{% break %}{% endif %}{{ x }}{% endfor %}"),
              "13");
}

TEST(ChatTemplateTest, SetAndNamespaceScoping) {
    // A plain set inside a loop stays in the loop; a namespace carries state out of it.
    EXPECT_EQ(render("{% set x = 1 %}{% for i in [1, 2] %}{% set x = i %}{% endfor %}{{ x }}"),
              "1");
    EXPECT_EQ(render("{% set ns = namespace(x=1) %}{% for i in [1, 2] %}{% set ns.x = i %}"
                     "{% endfor %}{{ ns.x }}"),
              "2");
    EXPECT_EQ(render("{% set a, b = [1, 2] %}{{ b }}{{ a }}"), "21");
    EXPECT_EQ(render("{% set block %}in {{ 'side' }}{% endset %}[{{ block }}]"), "[in side]");
}

TEST(ChatTemplateTest, MacrosAndCallBlocks) {
    EXPECT_EQ(render("{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}"
                     "{{ greet('Ada') }} {{ greet('Bob', punct='?') }}"),
              "Hi Ada! Hi Bob?");
    EXPECT_EQ(render("{% macro wrap() %}<{{ caller() }}>{% endmacro %}"
                     "{% call wrap() %}body{% endcall %}"),
              "<body>");
    EXPECT_EQ(render("{% macro f() %}{{ varargs | length }}{{ kwargs.k }}{% endmacro %}"
                     "{{ f(1, 2, k='v') }}"),
              "2v");
}

TEST(ChatTemplateTest, MembershipSlicingAndTests) {
    EXPECT_EQ(
        render("{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [] }}"),
        "true true true true");
    EXPECT_EQ(render("{{ xs[1:] }} {{ xs[::-1] }} {{ xs[-1] }} {{ 'hello'[1:3] }}",
                     R"({"xs": [1, 2, 3]})"),
              "[2, 3] [3, 2, 1] 3 el");
    EXPECT_EQ(render("{{ x is defined }} {{ y is not defined }} {{ n is none }} {{ s is string }}"
                     " {{ 3 is odd }} {{ d is mapping }}",
                     R"({"x": 1, "n": null, "s": "t", "d": {}})"),
              "true true true true true true");
}

TEST(ChatTemplateTest, StringMethods) {
    EXPECT_EQ(render("{{ ' a b '.strip() }}|{{ 'x'.upper() }}|{{ 'Hello World'.lower() }}"),
              "a b|X|hello world");
    EXPECT_EQ(render("{{ 'a</think>b</think>c'.split('</think>')[-1] }} {{ 'a b  c'.split() }}"),
              "c [\"a\", \"b\", \"c\"]");
    EXPECT_EQ(render("{{ 'abc'.startswith('ab') }} {{ 'abc'.endswith(('x', 'c')) }}"), "true true");
    EXPECT_EQ(render("{{ 'aXbXc'.replace('X', '-') }} {{ 'aaa'.replace('a', 'b', 2) }}"),
              "a-b-c bba");
    // As in the reference, strip ignores its argument and strips all whitespace.
    EXPECT_EQ(render("[{{ '\\n x \\n'.strip('\\n') }}]"), "[x]");
}

TEST(ChatTemplateTest, Filters) {
    EXPECT_EQ(render("{{ xs | length }} {{ xs | first }} {{ xs | last }} {{ xs | join(', ') }}",
                     R"({"xs": ["a", "b"]})"),
              "2 a b a, b");
    EXPECT_EQ(render("{{ '  x  ' | trim }}|{{ 'ab' | upper }}|{{ 'x' | default('d') }}|"
                     "{{ nothing | default('d') }}"),
              "x|AB|x|d");
    EXPECT_EQ(render("{{ [3, 1, 2] | sort }} {{ [1, 1, 2] | unique }} {{ [1, 2] | reverse }}"),
              "[1, 2, 3] [1, 2] [2, 1]");
    EXPECT_EQ(render("{{ ms | selectattr('role', 'equalto', 'user') | map(attribute='c') | list }}",
                     R"({"ms": [{"role": "user", "c": 1}, {"role": "bot", "c": 2}]})"),
              "[1]");
    EXPECT_EQ(render("{{ 'a\\nb' | indent(2) }}|{{ '42' | int + 1 }}|{{ 3 | float }}"),
              "a\n  b|43|3.0");
}

TEST(ChatTemplateTest, ToJson) {
    const std::string context = R"({"v": {"s": "é\"\n", "n": [1, 2.5, true, null]}})";
    EXPECT_EQ(render("{{ v | tojson }}", context),
              "{\"s\": \"é\\\"\\n\", \"n\": [1, 2.5, true, null]}");
    EXPECT_EQ(
        render("{{ v | tojson(indent=2) }}", context),
        "{\n  \"s\": \"é\\\"\\n\",\n  \"n\": [\n    1,\n    2.5,\n    true,\n    null\n  ]\n}");
    EXPECT_EQ(render("{{ 'é' | tojson(ensure_ascii=true) }}"), "\"\\u00e9\"");
    EXPECT_EQ(render("{{ {'a': 1} | tojson(separators=(',', ':')) }}"), "{\"a\":1}");
}

TEST(ChatTemplateTest, JsonKeysThatAreIndicesComeFirstAsInJavaScript) {
    EXPECT_EQ(render("{{ d | tojson }}", R"({"d": {"b": 1, "10": 2, "a": 3, "2": 4}})"),
              "{\"2\": 4, \"10\": 2, \"b\": 1, \"a\": 3}");
}

TEST(ChatTemplateTest, RaiseExceptionIsAnErrorWithTheTemplatesMessage) {
    const std::string error = renderError("{{ raise_exception('roles must alternate') }}");
    EXPECT_NE(error.find("roles must alternate"), std::string::npos) << error;
    EXPECT_NE(error.find("1:4"), std::string::npos) << error;
}

TEST(ChatTemplateTest, SyntaxErrorsNameLineAndColumn) {
    const auto unclosed = ChatTemplate::parse("line one\n{% if x %}\nno end");
    ASSERT_FALSE(unclosed.ok());
    EXPECT_NE(unclosed.status().message().find("2:1"), std::string::npos)
        << unclosed.status().message();
    EXPECT_NE(unclosed.status().message().find("if"), std::string::npos);

    const auto badCharacter = ChatTemplate::parse("ok\n  {{ a ; b }}");
    ASSERT_FALSE(badCharacter.ok());
    EXPECT_NE(badCharacter.status().message().find("2:8"), std::string::npos)
        << badCharacter.status().message();

    EXPECT_FALSE(ChatTemplate::parse("{{ 'unterminated }}").ok());
    EXPECT_FALSE(ChatTemplate::parse("{% endfor %}").ok());
    EXPECT_FALSE(ChatTemplate::parse("{% frobnicate %}").ok());
    EXPECT_FALSE(ChatTemplate::parse("{{ (1 + }}").ok());
}

TEST(ChatTemplateTest, UnknownFiltersAndTestsAreRenderErrors) {
    EXPECT_NE(renderError("{{ 'x' | frobnicate }}").find("frobnicate"), std::string::npos);
    EXPECT_NE(renderError("{{ 1 is frobnicated }}").find("frobnicated"), std::string::npos);
    EXPECT_NE(renderError("{{ none + 1 }}").find("none"), std::string::npos);
}

TEST(ChatTemplateTest, LoopIterationLimit) {
    const std::string error = renderError(
        "{% set xs = range(1000) %}{% set two = [1, 2] %}{% for i in xs %}{% for j in xs %}"
        "{% for k in two %}{% endfor %}{% endfor %}{% endfor %}");
    EXPECT_NE(error.find("loop iterations"), std::string::npos) << error;
}

TEST(ChatTemplateTest, ScanningALargeStringInALoopStopsAtTheWorkLimit) {
    const std::string error = renderError(
        "{% set ns = namespace(s='xxxxxxxxxxxxxxxx') %}{% for i in range(18) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}"
        "{% for i in range(900000) %}{% if 'y' in ns.s %}{% endif %}{% endfor %}");
    EXPECT_NE(error.find("steps"), std::string::npos) << error;
}

TEST(ChatTemplateTest, RecursionLimit) {
    const std::string error = renderError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
    EXPECT_NE(error.find("levels deep"), std::string::npos) << error;
}

TEST(ChatTemplateTest, OutputSizeLimit) {
    const std::string error = renderError(
        "{% set ns = namespace(s='xxxxxxxxxxxxxxxx') %}{% for i in range(30) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}");
    EXPECT_NE(error.find("MiB"), std::string::npos) << error;
}

TEST(ChatTemplateTest, DeeplyNestedSyntaxIsRefusedNotOverflowed) {
    const std::string parens = std::string(100000, '(') + "1" + std::string(100000, ')');
    const auto nested = ChatTemplate::parse("{{ " + parens + " }}");
    ASSERT_FALSE(nested.ok());
    EXPECT_NE(nested.status().message().find("levels deep"), std::string::npos);

    std::string chain = "{{ 1";
    for (int i = 0; i < 100000; ++i) chain += " + 1";
    EXPECT_FALSE(ChatTemplate::parse(chain + " }}").ok());

    std::string blocks;
    for (int i = 0; i < 10000; ++i) blocks += "{% if true %}";
    EXPECT_FALSE(ChatTemplate::parse(blocks).ok());
}

TEST(ChatTemplateTest, SelfReferencingNamespacePrintsAsAnErrorNotAHang) {
    const std::string error = renderError("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns }}");
    EXPECT_NE(error.find("nested"), std::string::npos) << error;
}

TEST(ChatTemplateTest, TheContextCannotShadowTheLanguage) {
    EXPECT_NE(renderError("{{ 1 }}", R"({"range": 1})").find("range"), std::string::npos);
    EXPECT_NE(renderError("{{ 1 }}", "[1]").find("object"), std::string::npos);
}

TEST(ChatTemplateTest, TypedMessagesPassReasoningOnlyAsReasoningContent) {
    auto chatTemplate = ChatTemplate::parse(
        "{% for m in messages %}{{ m.role }}:{{ m.content }}"
        "{% if m.reasoning_content is defined %}({{ m.reasoning_content }}){% endif %};"
        "{% endfor %}");
    ASSERT_TRUE(chatTemplate.ok());
    const auto text = chatTemplate->render(
        std::vector<ChatMessage>{{"user", "Hi", ""}, {"assistant", "Hello", "greet back"}}, {});
    ASSERT_TRUE(text.ok()) << text.status().message();
    EXPECT_EQ(text.value(), "user:Hi;assistant:Hello(greet back);");
}

TEST(ChatTemplateTest, RenderTakesMessagesToolsAndTokens) {
    auto chatTemplate = ChatTemplate::parse(
        "{{ bos_token }}{{ tools | length }}{% for m in messages %}{{ m.content }}{% endfor %}"
        "{% if add_generation_prompt %}>{% endif %}{{ eos_token }}");
    ASSERT_TRUE(chatTemplate.ok());
    ChatRenderOptions options;
    options.bosToken = "<s>";
    options.eosToken = "</s>";
    options.toolsJson = R"([{"name": "a"}, {"name": "b"}])";
    const auto text = chatTemplate->render(R"([{"role": "user", "content": "q"}])", options);
    ASSERT_TRUE(text.ok()) << text.status().message();
    EXPECT_EQ(text.value(), "<s>2q></s>");
    EXPECT_FALSE(chatTemplate->render(R"({"role": "user"})", options).ok());
    EXPECT_FALSE(chatTemplate->render("[", options).ok());
}

TEST(ChatTemplateTest, TheBuiltInR1TemplateIsTheResourceFile) {
    std::ifstream in(
        std::filesystem::path(HEARTH_RESOURCES_DIR) / "templates/deepseek-r1-distill.jinja",
        std::ios::binary);
    const std::string resource{std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>()};
    ASSERT_FALSE(resource.empty());
    EXPECT_EQ(builtinChatTemplate("deepseek-r1"), resource);
}

TEST(ChatTemplateTest, EveryBuiltInTemplateParsesAndRenders) {
    for (const char* family : {"deepseek-r1", "chatml", "llama3", "mistral"}) {
        SCOPED_TRACE(family);
        auto chatTemplate = ChatTemplate::parse(builtinChatTemplate(family));
        ASSERT_TRUE(chatTemplate.ok()) << chatTemplate.status().message();
        const auto text = chatTemplate->render(
            std::vector<ChatMessage>{{"system", "Be brief.", ""}, {"user", "Hi", ""}}, {});
        ASSERT_TRUE(text.ok()) << text.status().message();
        EXPECT_NE(text.value().find("Hi"), std::string::npos);
    }
    EXPECT_TRUE(builtinChatTemplate("no-such-family").empty());
}

TEST(ChatTemplateTest, AModelsOwnTemplateIsUsedWhenItParses) {
    const auto choice = chooseChatTemplate("{{ messages[0].content }}", {});
    EXPECT_TRUE(choice.warning.empty());
    EXPECT_TRUE(choice.family.empty());
    EXPECT_EQ(choice.chatTemplate.source(), "{{ messages[0].content }}");
}

TEST(ChatTemplateTest, ABrokenOrMissingTemplateFallsBackByTokensThenArchitecture) {
    ChatTemplateHints r1;
    r1.hasToken = [](std::string_view token) { return token == "<｜User｜>"; };
    const auto broken = chooseChatTemplate("{% if %}", r1);
    EXPECT_EQ(broken.family, "deepseek-r1");
    EXPECT_NE(broken.warning.find("does not parse"), std::string::npos) << broken.warning;
    EXPECT_NE(broken.warning.find("deepseek-r1"), std::string::npos) << broken.warning;

    ChatTemplateHints llama;
    llama.architecture = "llama";
    const auto missing = chooseChatTemplate("", llama);
    EXPECT_EQ(missing.family, "llama3");
    EXPECT_NE(missing.warning.find("no chat template"), std::string::npos) << missing.warning;

    ChatTemplateHints qwen;
    qwen.architecture = "qwen2";
    EXPECT_EQ(chooseChatTemplate("", qwen).family, "chatml");
    ChatTemplateHints mistral;
    mistral.hasToken = [](std::string_view token) { return token == "[INST]"; };
    EXPECT_EQ(chooseChatTemplate("", mistral).family, "mistral");
    EXPECT_EQ(chooseChatTemplate("", {}).family, "chatml");
}

}  // namespace
}  // namespace hearth

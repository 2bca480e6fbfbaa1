// Hearth's chat templates against @huggingface/jinja (tests/reference/render_template.mjs),
// byte for byte: every template in tests/data/templates with every conversation in
// tests/data/chat_conversations, with the generation prompt on and off. One node process
// renders all the cases. A case the reference refuses (a template's raise_exception, say) must
// fail here too.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hearth/chat_template.h"

namespace hearth {
namespace {

std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::filesystem::path> filesIn(const std::filesystem::path& dir,
                                           const std::string& extension) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == extension) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

bool referenceAvailable() {
    const char* modules = std::getenv("HEARTH_REFERENCE_MODULES");
    return !std::string(HEARTH_NODE).empty() && modules != nullptr &&
           std::filesystem::exists(std::filesystem::path(modules) / "@huggingface/jinja");
}

struct Case {
    std::filesystem::path templatePath;
    std::string conversation;
    bool generationPrompt;
    nlohmann::ordered_json context;
};

std::vector<Case> allCases() {
    std::vector<Case> cases;
    for (const auto& templatePath : filesIn(HEARTH_TEMPLATE_DIR, ".jinja")) {
        for (const auto& conversationPath : filesIn(HEARTH_CONVERSATION_DIR, ".json")) {
            const auto conversation = nlohmann::ordered_json::parse(readText(conversationPath));
            for (const bool generationPrompt : {true, false}) {
                nlohmann::ordered_json context;
                context["messages"] = conversation["messages"];
                context["add_generation_prompt"] = generationPrompt;
                context["bos_token"] = "<s>";
                context["eos_token"] = "</s>";
                // Llama 3.1 otherwise asks for today's date; both sides get the same one.
                context["date_string"] = "26 Jul 2024";
                if (conversation.contains("tools")) context["tools"] = conversation["tools"];
                if (conversation.contains("context"))
                    for (const auto& [key, value] : conversation["context"].items())
                        context[key] = value;
                cases.push_back({templatePath, conversationPath.stem().string(), generationPrompt,
                                 std::move(context)});
            }
        }
    }
    return cases;
}

// Renders every case with the reference; each result is {"text": ...} or {"error": ...}.
nlohmann::json renderWithReference(const std::vector<Case>& cases, std::string* error) {
    nlohmann::ordered_json batch = nlohmann::ordered_json::array();
    for (const Case& c : cases)
        batch.push_back({{"template", c.templatePath.string()}, {"context", c.context}});
    const auto input = std::filesystem::temp_directory_path() /
                       ("hearth_template_cases_" + std::to_string(::getpid()) + ".json");
    std::ofstream(input, std::ios::binary) << batch.dump();
    const std::string command = std::string(HEARTH_NODE) + " '" + HEARTH_RENDER_SCRIPT +
                                "' --batch '" + input.string() + "'";
    FILE* pipe = popen(command.c_str(), "r");
    std::string output;
    char buffer[65536];
    size_t n = 0;
    while (pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        output.append(buffer, n);
    const int status = pipe != nullptr ? pclose(pipe) : -1;
    std::filesystem::remove(input);
    if (status != 0) {
        *error = "node failed (exit " + std::to_string(status) + ")";
        return {};
    }
    return nlohmann::json::parse(output);
}

TEST(ChatTemplateReferenceTest, EveryTemplateRendersEveryConversationLikeHuggingFaceJinja) {
    if (!referenceAvailable()) {
        if (std::getenv("CI") != nullptr) FAIL() << "node or @huggingface/jinja is missing";
        GTEST_SKIP() << "node or @huggingface/jinja (npm ci in tests/reference) is missing";
    }
    const std::vector<Case> cases = allCases();
    ASSERT_GE(cases.size(), 6u * 8u * 2u) << "templates or conversations are missing";
    std::string error;
    const nlohmann::json expected = renderWithReference(cases, &error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(expected.size(), cases.size());

    size_t identical = 0, bothRefused = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        SCOPED_TRACE(c.templatePath.filename().string() + " × " + c.conversation +
                     (c.generationPrompt ? " (generation prompt)" : ""));
        const auto chatTemplate = ChatTemplate::parse(readText(c.templatePath));
        ASSERT_TRUE(chatTemplate.ok()) << chatTemplate.status().message();
        const auto ours = chatTemplate->renderContext(c.context.dump());
        if (expected[i].contains("error")) {
            EXPECT_FALSE(ours.ok())
                << "the reference refuses this case (" << expected[i]["error"].get<std::string>()
                << ") but Hearth renders:\n"
                << ours.value();
            bothRefused += ours.ok() ? 0 : 1;
            continue;
        }
        ASSERT_TRUE(ours.ok()) << ours.status().message();
        const std::string reference = expected[i]["text"].get<std::string>();
        EXPECT_EQ(ours.value(), reference);
        identical += ours.value() == reference ? 1 : 0;
    }
    std::printf("%zu of %zu cases byte-identical, %zu refused by both\n", identical, cases.size(),
                bothRefused);
    EXPECT_EQ(identical + bothRefused, cases.size());
}

}  // namespace
}  // namespace hearth

// Runs the chat template fuzz target in every build, g++ included: over the committed seed
// corpus (the model templates and a few feature mixes) and over a few thousand deterministic
// random mutations of them (bytes flipped, template syntax spliced in, spans cut and
// repeated). Nothing here may crash, trap or hang; the clang fuzzer build explores further.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr int kMutations = 3000;

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> seeds() {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(HEARTH_TEMPLATE_CORPUS_DIR))
        paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> contents;
    for (const auto& path : paths) contents.push_back(readFile(path));
    return contents;
}

int run(const std::string& input) {
    return LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

TEST(TemplateFuzzReplayTest, SeedCorpusNeverCrashes) {
    const auto corpus = seeds();
    EXPECT_GE(corpus.size(), 9u) << "the seed corpus in " << HEARTH_TEMPLATE_CORPUS_DIR
                                 << " is missing";
    for (const std::string& seed : corpus) EXPECT_EQ(run(seed), 0);
}

TEST(TemplateFuzzReplayTest, RandomMutationsOfTheSeedsNeverCrash) {
    const auto corpus = seeds();
    ASSERT_FALSE(corpus.empty());
    const std::vector<std::string> fragments = {"{%",
                                                "%}",
                                                "{{",
                                                "}}",
                                                "{#",
                                                "#}",
                                                "-%}",
                                                "{%-",
                                                "(",
                                                ")",
                                                "[",
                                                "]",
                                                "{",
                                                "}",
                                                "'",
                                                "\"",
                                                "\\",
                                                "|",
                                                ".",
                                                ",",
                                                ":",
                                                "::-1",
                                                "for x in ",
                                                "endfor",
                                                "if ",
                                                "endif",
                                                "else",
                                                "macro m() ",
                                                "endmacro",
                                                "set ns.x = ",
                                                "namespace(",
                                                "loop.",
                                                "not ",
                                                " in ",
                                                " is ",
                                                "defined",
                                                "tojson(indent=4)",
                                                "**",
                                                "*",
                                                "//",
                                                "~",
                                                "-",
                                                "+",
                                                "0",
                                                "-1",
                                                "1e9",
                                                "99999999999999999999",
                                                "none",
                                                "caller()",
                                                "range(100000)",
                                                "\n",
                                                "\xe2\x80\xa8",
                                                "\xff"};
    std::mt19937 random(20240611);
    for (int i = 0; i < kMutations; ++i) {
        std::string input = corpus[random() % corpus.size()];
        const int edits = 1 + static_cast<int>(random() % 6);
        for (int e = 0; e < edits && input.size() > 1; ++e) {
            const size_t at = 1 + random() % (input.size() - 1);
            switch (random() % 5) {
                case 0:
                    input[at] = static_cast<char>(random());
                    break;
                case 1:
                    input.insert(at, fragments[random() % fragments.size()]);
                    break;
                case 2:
                    input.erase(at, 1 + random() % 16);
                    break;
                case 3: {
                    const size_t length = std::min<size_t>(1 + random() % 64, input.size() - at);
                    input.insert(at, input.substr(at, length));
                    break;
                }
                default:
                    input[0] = static_cast<char>(random());
                    break;
            }
        }
        ASSERT_EQ(run(input), 0);
    }
}

}  // namespace

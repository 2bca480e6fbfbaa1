// Runs the tokenizer fuzz target in every build, g++ included: over the committed seeds (texts
// under each vocabulary kind, two tokenizer.json files) and a few thousand deterministic random
// mutations (bytes flipped, tokenizer-relevant fragments spliced in, spans cut and repeated,
// the mode byte changed). Nothing may crash, trap or hang; the clang fuzzer build explores
// further.
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

constexpr int kMutations = 4000;

std::vector<std::string> seeds() {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(HEARTH_TOKENIZER_CORPUS_DIR))
        paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> contents;
    for (const auto& path : paths) {
        std::ifstream in(path, std::ios::binary);
        contents.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return contents;
}

int run(const std::string& input) {
    return LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

TEST(TokenizerFuzzReplayTest, SeedCorpusNeverCrashes) {
    const auto corpus = seeds();
    EXPECT_GE(corpus.size(), 30u) << "the seed corpus in " << HEARTH_TOKENIZER_CORPUS_DIR
                                  << " is missing";
    for (const std::string& seed : corpus) EXPECT_EQ(run(seed), 0);
}

TEST(TokenizerFuzzReplayTest, RandomMutationsOfTheSeedsNeverCrash) {
    const auto corpus = seeds();
    ASSERT_FALSE(corpus.empty());
    const std::vector<std::string> fragments = {"<think>",
                                                "<|end|>",
                                                "[S]",
                                                "'s",
                                                "'LL",
                                                " ",
                                                "   ",
                                                "\t",
                                                "\r\n",
                                                "\n\n",
                                                "\xC2\x85",
                                                "\xEF\xBB\xBF",
                                                "\xE2\x80\xA8",
                                                "\xCC\x81",
                                                "\xE4\xBD\xA0",
                                                "\xF0\x9F\x98\x80",
                                                "\xFF",
                                                "\xC3",
                                                "123456",
                                                "\"",
                                                "\\",
                                                "{",
                                                "}",
                                                "[",
                                                "]",
                                                ":",
                                                ",",
                                                "\"id\": 9999999999",
                                                "\"merges\": [\"a b\"]",
                                                "\"special\": true",
                                                "null",
                                                "\xE2\x96\x81"};
    std::mt19937 random(20261129);
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
                    input[0] = static_cast<char>(random() & ~1u);  // another vocabulary
                    break;
            }
        }
        ASSERT_EQ(run(input), 0);
    }
}

}  // namespace

// Runs the safetensors fuzz target in every build, g++ included: over the committed seed corpus
// (valid files, one file per validation rule, index files), and over a few thousand
// deterministic random mutations of a valid file and of a valid index. Nothing here may crash,
// trap or hang; the clang fuzzer build (tests/fuzz/CMakeLists.txt) explores further.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "formats/safetensors.h"
#include "support/test_hf_checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace hearth::formats {
namespace {

constexpr int kMutations = 5000;

std::vector<uint8_t> readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<uint8_t> validFile() {
    return testing::serializeSafetensors(
        {{"model.embed_tokens.weight", "F16", {4, 2}, std::vector<uint8_t>(16, 0x3c)},
         {"model.norm.weight", "F32", {2}, std::vector<uint8_t>(8, 1)},
         {"lm_head.weight", "BF16", {4, 2}, std::vector<uint8_t>(16, 0x3f)}},
        {{"format", "pt"}});
}

std::vector<uint8_t> validIndex() {
    const std::string json = R"({"metadata": {"total_size": 40}, "weight_map": {
        "lm_head.weight": "model-00002-of-00002.safetensors",
        "model.embed_tokens.weight": "model-00001-of-00002.safetensors"}})";
    return {json.begin(), json.end()};
}

// Bit flips, random bytes, boundary values, truncation, insertions and deletions.
std::vector<uint8_t> mutate(std::vector<uint8_t> bytes, std::mt19937& random) {
    const uint64_t interesting[] = {0,          1,          7,          8,          0x7fffffff,
                                    0xffffffff, 1ull << 32, 1ull << 62, ~0ull >> 1, ~0ull};
    const char* tokens[] = {"\"", "{", "}", "[", "]", ",", ":", "-1", "1e400", "..", "/", "\\\\"};
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
        const size_t at = random() % bytes.size();
        switch (random() % 6) {
            case 0:
                bytes[at] ^= static_cast<uint8_t>(1u << (random() % 8));
                break;
            case 1:
                bytes[at] = static_cast<uint8_t>(random());
                break;
            case 2: {
                const uint64_t value = interesting[random() % std::size(interesting)];
                for (size_t b = 0; b < 8 && at + b < bytes.size(); ++b)
                    bytes[at + b] = static_cast<uint8_t>(value >> (8 * b));
                break;
            }
            case 3:
                bytes.resize(at);
                break;
            case 4: {  // a JSON token, so mutations reach past the syntax checks
                const std::string token = tokens[random() % std::size(tokens)];
                bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), token.begin(),
                             token.end());
                break;
            }
            default: {
                const size_t n = std::min<size_t>(1 + random() % 8, bytes.size() - at);
                bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                            bytes.begin() + static_cast<std::ptrdiff_t>(at + n));
                break;
            }
        }
    }
    return bytes;
}

TEST(SafetensorsFuzzReplayTest, SeedCorpusNeverCrashes) {
    const std::filesystem::path corpus = HEARTH_SAFETENSORS_CORPUS_DIR;
    size_t seeds = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        const std::vector<uint8_t> bytes = readFile(entry.path());
        EXPECT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0) << entry.path();
        ++seeds;
    }
    EXPECT_GE(seeds, 20u) << "the seed corpus in " << corpus << " is missing";
}

TEST(SafetensorsFuzzReplayTest, TheValidSeedsParse) {
    const std::vector<uint8_t> file = validFile();
    EXPECT_TRUE(SafetensorsFile::parse(file).ok());
    const std::vector<uint8_t> index = validIndex();
    EXPECT_TRUE(parseSafetensorsIndex(std::string(index.begin(), index.end()), "index.json").ok());
}

TEST(SafetensorsFuzzReplayTest, RandomMutationsNeverCrash) {
    std::mt19937 random(20240612);
    size_t acceptedFiles = 0, acceptedIndexes = 0;
    for (int i = 0; i < kMutations; ++i) {
        const std::vector<uint8_t> file = mutate(validFile(), random);
        ASSERT_EQ(LLVMFuzzerTestOneInput(file.data(), file.size()), 0) << "file mutation " << i;
        acceptedFiles += SafetensorsFile::parse(file).ok() ? 1 : 0;
        const std::vector<uint8_t> index = mutate(validIndex(), random);
        ASSERT_EQ(LLVMFuzzerTestOneInput(index.data(), index.size()), 0) << "index mutation " << i;
        acceptedIndexes +=
            parseSafetensorsIndex(std::string(index.begin(), index.end()), "i").ok() ? 1 : 0;
    }
    // Some mutations only touch data or spacing: the replay reaches accepted inputs too.
    EXPECT_GT(acceptedFiles, 0u);
    EXPECT_LT(acceptedFiles, static_cast<size_t>(kMutations));
    EXPECT_GT(acceptedIndexes, 0u);
    EXPECT_LT(acceptedIndexes, static_cast<size_t>(kMutations));
}

}  // namespace
}  // namespace hearth::formats

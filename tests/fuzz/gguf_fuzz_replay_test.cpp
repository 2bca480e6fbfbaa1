// Runs the GGUF fuzz target in every build, g++ included: over the committed seed corpus
// (valid files and one image per parser bug class), and over a few thousand deterministic
// random mutations of a valid file. Nothing here may crash, trap or hang; the clang fuzzer
// build (tests/fuzz/CMakeLists.txt) explores further.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

#include "formats/gguf.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace hearth::formats {
namespace {

constexpr int kMutations = 5000;

std::vector<uint8_t> readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A small model-shaped file: vocabulary arrays, token ids, tensors of several block types.
std::vector<uint8_t> validFile() {
    GgufWriter writer;
    writer.setString("general.architecture", "llama");
    writer.setUInt32("llama.block_count", 1);
    writer.setFloat32("llama.rope.freq_base", 10000.0f);
    writer.setBool("tokenizer.ggml.add_bos_token", true);
    writer.setStringArray("tokenizer.ggml.tokens", {"<s>", "</s>", "a", "b"});
    writer.setFloat32Array("tokenizer.ggml.scores", {0, 0, -1, -2});
    writer.setInt32Array("tokenizer.ggml.token_type", {3, 3, 1, 1});
    writer.setUInt32("tokenizer.ggml.bos_token_id", 0);
    writer.setUInt32("tokenizer.ggml.eos_token_id", 1);
    const auto add = [&](const char* name, TensorType type, std::vector<uint64_t> dims,
                         size_t bytes) {
        ASSERT_TRUE(
            writer.addTensor(name, type, std::move(dims), std::vector<uint8_t>(bytes, 1)).ok());
    };
    add("token_embd.weight", TensorType::Q8_0, {32, 4}, 4 * 34);
    add("blk.0.attn_q.weight", TensorType::Q4_K, {256, 2}, 2 * 144);
    add("output_norm.weight", TensorType::F32, {32}, 32 * 4);
    return writer.serialize();
}

TEST(GgufFuzzReplayTest, SeedCorpusNeverCrashes) {
    const std::filesystem::path corpus = HEARTH_GGUF_CORPUS_DIR;
    size_t seeds = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        const std::vector<uint8_t> bytes = readFile(entry.path());
        EXPECT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0) << entry.path();
        ++seeds;
    }
    EXPECT_GE(seeds, 10u) << "the seed corpus in " << corpus << " is missing";
}

TEST(GgufFuzzReplayTest, TheValidSeedParses) {
    const std::vector<uint8_t> bytes = validFile();
    const auto file = GgufFile::parse(bytes);
    ASSERT_TRUE(file.ok()) << file.status().message();
    EXPECT_EQ(file.value()->tensors().size(), 3u);
}

TEST(GgufFuzzReplayTest, RandomMutationsOfAValidFileNeverCrash) {
    const std::vector<uint8_t> original = validFile();
    std::mt19937 random(20240611);
    // Values that hit boundaries: zero, all ones, sign bits, small and huge counts.
    const uint64_t interesting[] = {0,          1,          2,          4,          5,
                                    32,         255,        256,        0x7fffffff, 0xffffffff,
                                    1ull << 32, 1ull << 62, ~0ull >> 1, ~0ull,      ~0ull - 31};
    size_t accepted = 0;
    for (int i = 0; i < kMutations; ++i) {
        std::vector<uint8_t> bytes = original;
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int e = 0; e < edits && !bytes.empty(); ++e) {
            const size_t at = random() % bytes.size();
            switch (random() % 5) {
                case 0:  // flip one bit
                    bytes[at] ^= static_cast<uint8_t>(1u << (random() % 8));
                    break;
                case 1:  // random byte
                    bytes[at] = static_cast<uint8_t>(random());
                    break;
                case 2: {  // an interesting 4- or 8-byte value
                    const uint64_t value = interesting[random() % std::size(interesting)];
                    const size_t width = (random() % 2) ? 8 : 4;
                    for (size_t b = 0; b < width && at + b < bytes.size(); ++b) {
                        bytes[at + b] = static_cast<uint8_t>(value >> (8 * b));
                    }
                    break;
                }
                case 3:  // truncate
                    bytes.resize(at);
                    break;
                default:  // insert or delete a few bytes, shifting everything after them
                    if (random() % 2) {
                        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                     1 + random() % 8, static_cast<uint8_t>(random()));
                    } else {
                        const size_t n = std::min<size_t>(1 + random() % 8, bytes.size() - at);
                        bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                    bytes.begin() + static_cast<std::ptrdiff_t>(at + n));
                    }
                    break;
            }
        }
        ASSERT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0) << "mutation " << i;
        accepted += GgufFile::parse(bytes).ok() ? 1 : 0;
    }
    // Some mutations only touch tensor data or padding: the replay reaches accepted files too.
    EXPECT_GT(accepted, 0u);
    EXPECT_LT(accepted, static_cast<size_t>(kMutations));
}

}  // namespace
}  // namespace hearth::formats

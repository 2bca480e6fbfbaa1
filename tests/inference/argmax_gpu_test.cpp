#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ops/argmax.h"
#include "reference/sampling.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

constexpr uint32_t kVocab = 152064;  // Qwen2's vocabulary
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

class ArgmaxTest : public GpuTest {
protected:
    std::vector<uint32_t> runArgmax(const std::vector<float>& logits, uint32_t rows) {
        const uint32_t n = static_cast<uint32_t>(logits.size() / rows);
        auto gpuLogits = input(logits);
        auto out = output(rows * 4ull);
        auto ctx = context();
        const Status s = ops::argmax(ctx, gpuLogits.range(), out.range(), rows, n);
        EXPECT_TRUE(s.ok()) << s.message();
        run();
        const std::vector<uint8_t> bytes = readBytes(out);
        std::vector<uint32_t> best(rows);
        std::memcpy(best.data(), bytes.data(), rows * 4ull);
        return best;
    }
};

TEST_F(ArgmaxTest, MatchesReferenceOnVocabularyRows) {
    const uint32_t rows = 3;
    const std::vector<float> logits = testing::randomFloats(size_t{rows} * kVocab, 21, -10, 10);
    const std::vector<uint32_t> best = runArgmax(logits, rows);
    for (uint32_t r = 0; r < rows; ++r) {
        EXPECT_EQ(best[r], reference::argmax(logits.data() + size_t{r} * kVocab, kVocab));
    }
}

TEST_F(ArgmaxTest, TiesGoToTheLowestIndex) {
    std::vector<float> logits = testing::randomFloats(1000, 22);
    for (uint32_t i : {999u, 517u, 300u, 301u}) logits[i] = 5.0f;
    EXPECT_EQ(runArgmax(logits, 1)[0], 300u);
}

TEST_F(ArgmaxTest, EqualRowGivesIndexZero) {
    EXPECT_EQ(runArgmax(std::vector<float>(777, -2.5f), 1)[0], 0u);
}

TEST_F(ArgmaxTest, NaNNeverWins) {
    std::vector<float> logits = testing::randomFloats(5000, 23);
    for (uint32_t i : {0u, 1u, 255u, 256u, 4999u}) logits[i] = kNaN;
    logits[1234] = 3.0f;
    EXPECT_EQ(runArgmax(logits, 1)[0], 1234u);
}

TEST_F(ArgmaxTest, NegativeInfinityStillWinsOverNaN) {
    std::vector<float> logits(300, kNaN);
    logits[150] = -std::numeric_limits<float>::infinity();
    logits[299] = -std::numeric_limits<float>::infinity();
    EXPECT_EQ(runArgmax(logits, 1)[0], 150u);
}

TEST_F(ArgmaxTest, RowOfOnlyNaNGivesNoIndex) {
    EXPECT_EQ(runArgmax(std::vector<float>(100, kNaN), 1)[0], 0xFFFFFFFFu);
}

TEST_F(ArgmaxTest, RejectsEmptyRows) {
    auto logits = output(16), out = output(4);
    auto ctx = context();
    EXPECT_FALSE(ops::argmax(ctx, logits.range(), out.range(), 1, 0).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(ArgmaxTest, RejectsLogitsBufferSmallerThanShape) {
    auto logits = output(16), out = output(8);
    auto ctx = context();
    EXPECT_FALSE(ops::argmax(ctx, logits.range(), out.range(), 2, 4).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

}  // namespace
}  // namespace hearth

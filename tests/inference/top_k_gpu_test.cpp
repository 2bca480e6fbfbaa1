#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ops/top_k.h"
#include "reference/sampling.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

constexpr uint32_t kVocab = 152064;  // Qwen2's vocabulary
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

class TopKTest : public GpuTest {
protected:
    // Runs the kernel and checks every row against the reference: indices and value bits
    // exactly, empty slots as index 0xFFFFFFFF with value -inf.
    void expectMatchesReference(const std::vector<float>& logits, uint32_t rows, uint32_t k) {
        const uint32_t n = static_cast<uint32_t>(logits.size() / rows);
        auto gpuLogits = input(logits);
        auto out = output(size_t{rows} * 2 * k * 4);
        auto ctx = context();
        const Status s = ops::topK(ctx, gpuLogits.range(), out.range(), rows, n, k);
        ASSERT_TRUE(s.ok()) << s.message();
        run();
        const std::vector<uint8_t> bytes = readBytes(out);
        std::vector<uint32_t> words(bytes.size() / 4);
        std::memcpy(words.data(), bytes.data(), bytes.size());
        for (uint32_t r = 0; r < rows; ++r) {
            const auto expected = reference::topK(logits.data() + size_t{r} * n, n, k);
            const uint32_t* indices = words.data() + size_t{r} * 2 * k;
            const uint32_t* values = indices + k;
            for (uint32_t i = 0; i < k; ++i) {
                float value;
                std::memcpy(&value, &values[i], 4);
                if (i < expected.size()) {
                    EXPECT_EQ(indices[i], expected[i].index) << "row " << r << " slot " << i;
                    EXPECT_EQ(value, expected[i].value) << "row " << r << " slot " << i;
                } else {
                    EXPECT_EQ(indices[i], 0xFFFFFFFFu) << "row " << r << " empty slot " << i;
                    EXPECT_EQ(value, -std::numeric_limits<float>::infinity());
                }
            }
        }
    }
};

TEST_F(TopKTest, MatchesReferenceOnVocabularyRows) {
    expectMatchesReference(testing::randomFloats(2 * size_t{kVocab}, 31, -10, 10), 2, 40);
}

TEST_F(TopKTest, LargestKOfSixtyFour) {
    expectMatchesReference(testing::randomFloats(3 * 5003, 32), 3, 64);
}

// Values on a coarse grid repeat many times: equal values must come out by index.
// Ascending logits make every element displace the current minimum: the worst case for the
// kernel's insertion, and past lavapipe's 65535 loop iterations per invocation if each
// insertion were a loop.
TEST_F(TopKTest, AscendingVocabularyRowKeepsTheLast) {
    std::vector<float> logits(kVocab);
    for (uint32_t i = 0; i < kVocab; ++i) logits[i] = static_cast<float>(i) * 1e-3f;
    expectMatchesReference(logits, 1, 64);
}

TEST_F(TopKTest, TiesAreOrderedByIndex) {
    std::vector<float> logits = testing::randomFloats(2 * 1001, 33);
    for (float& x : logits) x = std::round(x * 4.0f) / 4.0f;
    expectMatchesReference(logits, 2, 64);
}

TEST_F(TopKTest, KOfOneIsTheArgmax) {
    std::vector<float> logits = testing::randomFloats(9999, 34);
    logits[20] = logits[9000] = 7.0f;
    expectMatchesReference(logits, 1, 1);
}

TEST_F(TopKTest, NaNIsSkippedAndMissingSlotsAreEmpty) {
    std::vector<float> logits = testing::randomFloats(70, 35);
    for (uint32_t i = 0; i < 70; i += 7) logits[i] = kNaN;  // 10 NaN: 60 values for 64 slots
    logits[33] = -std::numeric_limits<float>::infinity();
    expectMatchesReference(logits, 1, 64);
}

class TopKRejectTest : public GpuTest {
protected:
    Status topK(uint32_t n, uint32_t k) {
        auto logits = output(n * 4ull), out = output(2 * 65 * 4);
        auto ctx = context();
        Status s = ops::topK(ctx, logits.range(), out.range(), 1, n, k);
        EXPECT_EQ(stream->dispatchCount(), 0u) << "a rejected top-k must not dispatch";
        return s;
    }
};

TEST_F(TopKRejectTest, RejectsKOfZero) {
    EXPECT_FALSE(topK(100, 0).ok());
}
TEST_F(TopKRejectTest, RejectsKAboveSixtyFour) {
    EXPECT_FALSE(topK(1000, 65).ok());
}
TEST_F(TopKRejectTest, RejectsKLargerThanTheRow) {
    EXPECT_FALSE(topK(10, 11).ok());
}

}  // namespace
}  // namespace hearth

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ops/softmax.h"
#include "reference/normalization.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

class SoftmaxTest : public GpuTest {
protected:
    // Runs the kernel on `x` and returns its output.
    std::vector<float> runSoftmax(const std::vector<float>& x, uint32_t rows, uint32_t n,
                                  float scale) {
        auto gx = input(x);
        auto out = output(uint64_t{rows} * n * 4);
        auto ctx = context();
        Status s = ops::softmax(ctx, gx.range(), out.range(), rows, n, scale);
        EXPECT_TRUE(s.ok()) << s.message();
        run();
        return readFloats(out);
    }
    std::vector<float> expected(const std::vector<float>& x, uint32_t rows, uint32_t n,
                                float scale) {
        std::vector<float> e(x.size());
        reference::softmax(x.data(), e.data(), rows, n, scale);
        return e;
    }
};

TEST_F(SoftmaxTest, AttentionScoreRowsMatchReference) {
    const uint32_t rows = 14, n = 1001;
    auto x = testing::randomFloats(rows * n, 21, -30.0f, 30.0f);
    EXPECT_LE(testing::nmse(expected(x, rows, n, 0.125f), runSoftmax(x, rows, n, 0.125f)), 1e-7);
}

TEST_F(SoftmaxTest, VocabularySizedRowsMatchReference) {
    const uint32_t rows = 2, n = 152064;  // Qwen2's vocabulary
    auto x = testing::randomFloats(rows * n, 22, -15.0f, 25.0f);
    EXPECT_LE(testing::nmse(expected(x, rows, n, 1.0f), runSoftmax(x, rows, n, 1.0f)), 1e-7);
}

TEST_F(SoftmaxTest, RowsShorterThanTheWorkgroupMatchReference) {
    const uint32_t rows = 9, n = 5;
    auto x = testing::randomFloats(rows * n, 23, -4.0f, 4.0f);
    EXPECT_LE(testing::nmse(expected(x, rows, n, 2.0f), runSoftmax(x, rows, n, 2.0f)), 1e-7);
}

TEST_F(SoftmaxTest, LargeLogitsDoNotOverflow) {
    const uint32_t rows = 3, n = 517;
    auto x = testing::randomFloats(rows * n, 24, 500.0f, 1000.0f);  // exp(1000) is inf in f32
    EXPECT_LE(testing::nmse(expected(x, rows, n, 1.0f), runSoftmax(x, rows, n, 1.0f)), 1e-7);
}

TEST_F(SoftmaxTest, MaskedEntriesGetZeroProbability) {
    const uint32_t rows = 4, n = 300;
    auto x = testing::randomFloats(rows * n, 25, -2.0f, 2.0f);
    for (uint32_t r = 0; r < rows; ++r) {
        for (uint32_t i = r * 50 + 1; i < n; ++i) x[r * n + i] = kNegInf;  // causal-style mask
    }
    auto actual = runSoftmax(x, rows, n, 0.5f);
    EXPECT_LE(testing::nmse(expected(x, rows, n, 0.5f), actual), 1e-7);
    for (uint32_t i = 1; i < n; ++i) EXPECT_EQ(actual[i], 0.0f) << "row 0, entry " << i;
}

TEST_F(SoftmaxTest, FullyMaskedRowIsZerosNotNan) {
    const uint32_t rows = 3, n = 700;
    auto x = testing::randomFloats(rows * n, 26);
    for (uint32_t i = 0; i < n; ++i) x[n + i] = kNegInf;  // the middle row
    auto actual = runSoftmax(x, rows, n, 1.0f);
    for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(actual[n + i], 0.0f) << "entry " << i;
    EXPECT_LE(testing::nmse(expected(x, rows, n, 1.0f), actual), 1e-7);
}

TEST_F(SoftmaxTest, RejectsEmptyShape) {
    auto x = testing::randomFloats(16, 1);
    auto gx = input(x), out = output(64);
    auto ctx = context();
    EXPECT_FALSE(ops::softmax(ctx, gx.range(), out.range(), 0, 16, 1.0f).ok());
    EXPECT_FALSE(ops::softmax(ctx, gx.range(), out.range(), 1, 0, 1.0f).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(SoftmaxTest, RejectsScaleThatIsNotPositiveAndFinite) {
    auto x = testing::randomFloats(16, 2);
    auto gx = input(x), out = output(64);
    auto ctx = context();
    EXPECT_FALSE(ops::softmax(ctx, gx.range(), out.range(), 1, 16, 0.0f).ok());
    EXPECT_FALSE(ops::softmax(ctx, gx.range(), out.range(), 1, 16, -1.0f).ok());
    EXPECT_FALSE(ops::softmax(ctx, gx.range(), out.range(), 1, 16, INFINITY).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(SoftmaxTest, RejectsInputSmallerThanShape) {
    auto x = testing::randomFloats(2 * 16 - 1, 3);
    auto gx = input(x), out = output(2 * 16 * 4);
    auto ctx = context();
    EXPECT_FALSE(ops::softmax(ctx, gx.range(), out.range(), 2, 16, 1.0f).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

}  // namespace
}  // namespace hearth

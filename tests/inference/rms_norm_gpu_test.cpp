#include <gtest/gtest.h>

#include "ops/rms_norm.h"
#include "reference/normalization.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

class RmsNormTest : public GpuTest {
protected:
    // Runs the kernel on random rows and returns the NMSE against the reference.
    double nmseForShape(uint32_t rows, uint32_t n, float eps) {
        auto x = testing::randomFloats(uint64_t{rows} * n, 11, -3.0f, 3.0f);
        auto weight = testing::randomFloats(n, 12, 0.5f, 1.5f);
        auto gx = input(x), gw = input(weight);
        auto out = output(uint64_t{rows} * n * 4);
        auto ctx = context();
        Status s = ops::rmsNorm(ctx, gx.range(), gw.range(), out.range(), rows, n, eps);
        EXPECT_TRUE(s.ok()) << s.message();
        run();
        std::vector<float> expected(uint64_t{rows} * n);
        reference::rmsNorm(x.data(), weight.data(), expected.data(), rows, n, eps);
        return testing::nmse(expected, readFloats(out));
    }
};

TEST_F(RmsNormTest, HiddenSizedRowsMatchReference) {
    EXPECT_LE(nmseForShape(13, 899, 1e-6f), 1e-7);  // 899: not a multiple of the group size
}

TEST_F(RmsNormTest, LongRowsMatchReference) {
    EXPECT_LE(nmseForShape(3, 8195, 1e-5f), 1e-7);
}

TEST_F(RmsNormTest, RowsShorterThanTheWorkgroupMatchReference) {
    EXPECT_LE(nmseForShape(5, 37, 1e-6f), 1e-7);
}

TEST_F(RmsNormTest, EpsKeepsAnAllZeroRowFinite) {
    const uint32_t n = 300;
    std::vector<float> x(n, 0.0f), weight(n, 1.0f);
    auto gx = input(x), gw = input(weight), out = output(n * 4);
    auto ctx = context();
    ASSERT_TRUE(ops::rmsNorm(ctx, gx.range(), gw.range(), out.range(), 1, n, 1e-6f).ok());
    run();
    for (float v : readFloats(out)) ASSERT_EQ(v, 0.0f);
}

TEST_F(RmsNormTest, RejectsEmptyShape) {
    auto x = testing::randomFloats(16, 1);
    auto gx = input(x), out = output(64);
    auto ctx = context();
    EXPECT_FALSE(ops::rmsNorm(ctx, gx.range(), gx.range(), out.range(), 0, 16, 1e-6f).ok());
    EXPECT_FALSE(ops::rmsNorm(ctx, gx.range(), gx.range(), out.range(), 1, 0, 1e-6f).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RmsNormTest, RejectsWeightShorterThanRow) {
    auto x = testing::randomFloats(4 * 64, 2), weight = testing::randomFloats(63, 3);
    auto gx = input(x), gw = input(weight), out = output(4 * 64 * 4);
    auto ctx = context();
    EXPECT_FALSE(ops::rmsNorm(ctx, gx.range(), gw.range(), out.range(), 4, 64, 1e-6f).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RmsNormTest, RejectsOutputSmallerThanInput) {
    auto x = testing::randomFloats(4 * 64, 4), weight = testing::randomFloats(64, 5);
    auto gx = input(x), gw = input(weight), out = output(3 * 64 * 4);
    auto ctx = context();
    EXPECT_FALSE(ops::rmsNorm(ctx, gx.range(), gw.range(), out.range(), 4, 64, 1e-6f).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RmsNormTest, RejectsNegativeOrNanEps) {
    auto x = testing::randomFloats(64, 6);
    auto gx = input(x), out = output(64 * 4);
    auto ctx = context();
    EXPECT_FALSE(ops::rmsNorm(ctx, gx.range(), gx.range(), out.range(), 1, 64, -1e-6f).ok());
    EXPECT_FALSE(ops::rmsNorm(ctx, gx.range(), gx.range(), out.range(), 1, 64, NAN).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

}  // namespace
}  // namespace hearth

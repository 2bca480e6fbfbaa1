#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ops/swiglu.h"
#include "reference/activation.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

class SwigluTest : public GpuTest {};

TEST_F(SwigluTest, MatchesReference) {
    const uint32_t n = 1000003;  // large and odd: not a multiple of any workgroup size
    auto gate = testing::randomFloats(n, 31, -8.0f, 8.0f), up = testing::randomFloats(n, 32);
    auto gg = input(gate), gu = input(up), out = output(n * 4);
    auto ctx = context();
    ASSERT_TRUE(ops::swiglu(ctx, gg.range(), gu.range(), out.range(), n).ok());
    run();
    std::vector<float> expected(n);
    reference::swiglu(gate.data(), up.data(), expected.data(), n);
    EXPECT_LE(testing::nmse(expected, readFloats(out)), 1e-7);
}

TEST_F(SwigluTest, GateAndUpMayBeHalvesOfOneBuffer) {
    // A fused gate-up projection writes [gate | up]; the halves must start on a binding offset
    // the device accepts, so n is a multiple of that alignment in floats (and of nothing else).
    const uint32_t align = static_cast<uint32_t>(device().caps().minStorageBufferOffsetAlignment);
    const uint32_t n = std::max(1u, align / 4) * 1001;
    auto fused = testing::randomFloats(2 * n, 33, -6.0f, 6.0f);
    auto gf = input(fused), out = output(n * 4);
    auto ctx = context();
    const vk::BufferRange gate = gf.range().sub(0, n * 4ull),
                          up = gf.range().sub(n * 4ull, n * 4ull);
    ASSERT_TRUE(ops::swiglu(ctx, gate, up, out.range(), n).ok());
    run();
    std::vector<float> expected(n);
    reference::swiglu(fused.data(), fused.data() + n, expected.data(), n);
    EXPECT_LE(testing::nmse(expected, readFloats(out)), 1e-7);
}

TEST_F(SwigluTest, ExtremeGatesGiveFiniteResults) {
    const std::vector<float> gate = {-200.0f, -90.0f, 90.0f, 200.0f, 0.0f};
    const std::vector<float> up = {1.0f, 2.0f, 3.0f, 0.5f, 7.0f};
    const uint32_t n = static_cast<uint32_t>(gate.size());
    auto gg = input(gate), gu = input(up), out = output(n * 4);
    auto ctx = context();
    ASSERT_TRUE(ops::swiglu(ctx, gg.range(), gu.range(), out.range(), n).ok());
    run();
    const std::vector<float> actual = readFloats(out);
    for (float v : actual) EXPECT_TRUE(std::isfinite(v)) << v;
    std::vector<float> expected(n);
    reference::swiglu(gate.data(), up.data(), expected.data(), n);
    EXPECT_LE(testing::nmse(expected, actual), 1e-7);
}

TEST_F(SwigluTest, RejectsZeroLength) {
    auto x = testing::randomFloats(8, 1);
    auto gx = input(x), out = output(32);
    auto ctx = context();
    EXPECT_FALSE(ops::swiglu(ctx, gx.range(), gx.range(), out.range(), 0).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(SwigluTest, RejectsUpShorterThanGate) {
    auto gate = testing::randomFloats(100, 2), up = testing::randomFloats(99, 3);
    auto gg = input(gate), gu = input(up), out = output(400);
    auto ctx = context();
    EXPECT_FALSE(ops::swiglu(ctx, gg.range(), gu.range(), out.range(), 100).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(SwigluTest, RejectsOutputShorterThanN) {
    auto gate = testing::randomFloats(100, 4);
    auto gg = input(gate), out = output(396);
    auto ctx = context();
    EXPECT_FALSE(ops::swiglu(ctx, gg.range(), gg.range(), out.range(), 100).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

}  // namespace
}  // namespace hearth

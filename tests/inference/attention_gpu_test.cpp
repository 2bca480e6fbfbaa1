#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <vector>

#include "ops/attention.h"
#include "reference/attention.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

struct AttentionCase {
    TensorType cacheType;
    uint32_t nHeads, nKvHeads, headDim;
    uint32_t pos0, nTokens;
};

// The parameter picks the kernel shape (false: GPU, true: CPU), whatever the device.
class AttentionTest : public GpuTest, public ::testing::WithParamInterface<bool> {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        useCpuKernels(GetParam());
    }

    // Fills both caches (through the reference write), runs the kernel and compares with the
    // double-precision reference over the same cache bytes. The cache holds 3 positions past
    // the last query, which the kernel must not see.
    void expectMatchesReference(const AttentionCase& c) {
        const ops::KvCacheLayout layout{c.cacheType, c.pos0 + c.nTokens + 3, c.nKvHeads, c.headDim};
        const size_t kvValues = size_t{layout.capacity} * c.nKvHeads * c.headDim;
        const std::vector<float> keys = testing::randomFloats(kvValues, 11);
        std::vector<float> values = testing::randomFloats(kvValues, 12);
        // Huge values past the causal limit: any weight leaking onto them ruins the output.
        std::fill(values.begin() + (kvValues / layout.capacity) * (c.pos0 + c.nTokens),
                  values.end(), 1000.0f);
        std::vector<uint8_t> kCache(layout.bufferBytes()), vCache(layout.bufferBytes());
        reference::kvWrite(layout, keys.data(), kCache.data(), 0, layout.capacity);
        reference::kvWrite(layout, values.data(), vCache.data(), 0, layout.capacity);
        const size_t qValues = size_t{c.nTokens} * c.nHeads * c.headDim;
        // Larger queries make the softmax peaky enough that a wrong mask or head shows.
        const std::vector<float> q = testing::randomFloats(qValues, 13, -3.0f, 3.0f);
        const ops::AttentionParams params{c.nTokens, c.nHeads, c.pos0,
                                          1.0f / std::sqrt(static_cast<float>(c.headDim))};

        auto gpuQ = input(q);
        auto gpuK = input(kCache.data(), kCache.size());
        auto gpuV = input(vCache.data(), vCache.size());
        auto out = output(qValues * 4);
        const uint64_t scratchBytes = ops::attentionScratchBytes(device(), layout, params);
        auto scratch = output(std::max<uint64_t>(scratchBytes, 16));
        auto ctx = context();
        const Status s = ops::attention(ctx, layout, params, gpuQ.range(), gpuK.range(),
                                        gpuV.range(), out.range(), scratch.range());
        ASSERT_TRUE(s.ok()) << s.message();
        run();
        std::vector<float> expected(qValues);
        reference::attention(layout, q, kCache, vCache, expected.data(), c.nTokens, c.nHeads,
                             c.pos0, params.scale);
        EXPECT_LE(testing::nmse(expected, readFloats(out)), 5e-4);
    }
};

TEST_P(AttentionTest, DecodeF16GroupOf6) {
    expectMatchesReference({TensorType::F16, 12, 2, 128, 300, 1});
}

TEST_P(AttentionTest, DecodeQ8_0GroupOf6) {
    expectMatchesReference({TensorType::Q8_0, 12, 2, 128, 300, 1});
}

TEST_P(AttentionTest, PrefillFromStartF16WithoutGrouping) {
    expectMatchesReference({TensorType::F16, 4, 4, 64, 0, 37});
}

TEST_P(AttentionTest, PrefillAfterContextF16GroupOf7HeadDim80) {
    expectMatchesReference({TensorType::F16, 7, 1, 80, 100, 37});
}

TEST_P(AttentionTest, PrefillFromStartQ8_0GroupOf6) {
    expectMatchesReference({TensorType::Q8_0, 12, 2, 128, 0, 37});
}

TEST_P(AttentionTest, PrefillAfterContextQ8_0GroupOf7) {
    expectMatchesReference({TensorType::Q8_0, 14, 2, 64, 100, 37});
}

// Long enough that a kernel looping per position and per dimension would pass lavapipe's 65535
// loop iterations per invocation (Mesa's loop limiter), which silently truncates loops.
TEST_P(AttentionTest, DecodeAfterLongContextF16) {
    expectMatchesReference({TensorType::F16, 12, 2, 128, 4000, 1});
}

TEST_P(AttentionTest, DecodeF16HeadDim256) {
    expectMatchesReference({TensorType::F16, 2, 1, 256, 70, 1});
}

// Past 2048 positions the CPU kernel splits the sequence into parts and combines them; tokens
// on both sides of a part boundary, and a context far past lavapipe's loop budget.
TEST_P(AttentionTest, PrefillAcrossASplitBoundaryF16) {
    expectMatchesReference({TensorType::F16, 4, 2, 64, 2040, 20});
}

TEST_P(AttentionTest, DecodeAfterVeryLongContextQ8_0) {
    if (!GetParam() && device().loopIterationLimit() != 0)
        GTEST_SKIP() << "the GPU-shaped kernel refuses this length on this device";
    expectMatchesReference({TensorType::Q8_0, 2, 1, 64, 70000, 1});
}

// A head size that is not a whole number of 16-byte texels in an f16 cache.
TEST_P(AttentionTest, PrefillF16HeadDim66) {
    expectMatchesReference({TensorType::F16, 6, 3, 66, 10, 3});
}

// Three 32-value heads a row: rows start mid-word in the Q8_0 cache.
TEST_P(AttentionTest, DecodeQ8_0OddBlocksPerRow) {
    expectMatchesReference({TensorType::Q8_0, 6, 3, 32, 45, 2});
}

// Decode records one step and replays it at every position: the kernel reads the query's
// position from a buffer when it runs. Positions on both sides of the CPU kernel's split size.
TEST_P(AttentionTest, ReplaysOneRecordingAtEveryPosition) {
    const ops::KvCacheLayout layout{TensorType::F16, 4500, 2, 64};
    const size_t kvValues = size_t{layout.capacity} * layout.nKvHeads * layout.headDim;
    std::vector<uint8_t> kCache(layout.bufferBytes()), vCache(layout.bufferBytes());
    reference::kvWrite(layout, testing::randomFloats(kvValues, 21).data(), kCache.data(), 0,
                       layout.capacity);
    reference::kvWrite(layout, testing::randomFloats(kvValues, 22).data(), vCache.data(), 0,
                       layout.capacity);
    const std::vector<float> q = testing::randomFloats(4 * 64, 23, -3.0f, 3.0f);
    auto gpuQ = input(q);
    auto gpuK = input(kCache.data(), kCache.size());
    auto gpuV = input(vCache.data(), vCache.size());
    const int32_t zero = 0;
    auto position = input(&zero, 4);
    auto out = output(q.size() * 4);
    const ops::AttentionParams params{1, 4, 0, 0.125f};
    auto scratch =
        output(std::max<uint64_t>(ops::attentionScratchBytes(device(), layout, params, true), 16));
    auto ctx = context();
    const Status s = ops::attention(ctx, layout, params, gpuQ.range(), gpuK.range(), gpuV.range(),
                                    out.range(), scratch.range(), position.range());
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_TRUE(stream->end().ok());
    for (const int32_t pos : {0, 7, 2047, 2048, 4499}) {
        ASSERT_TRUE(
            device().upload(position.buffer, position.range().offset, &pos, sizeof(pos)).ok());
        ASSERT_TRUE(stream->submit().ok());
        ASSERT_TRUE(stream->wait().ok());
        std::vector<float> expected(q.size());
        reference::attention(layout, q, kCache, vCache, expected.data(), 1, 4,
                             static_cast<uint32_t>(pos), params.scale);
        EXPECT_LE(testing::nmse(expected, readFloats(out)), 5e-4) << "position " << pos;
    }
}

INSTANTIATE_TEST_SUITE_P(BothShapes, AttentionTest, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "cpu" : "gpu"; });

// Past the device's loop budget (lavapipe: 65535 iterations per invocation) the GPU-shaped
// kernel refuses instead of returning the driver's silently truncated result; the CPU-shaped
// one splits the sequence, and without the scratch it needs it refuses too.
TEST_P(AttentionTest, ContextBeyondOnePassNeedsScratchOrIsRefused) {
    if (device().loopIterationLimit() == 0 && !GetParam()) GTEST_SKIP() << "no loop limit";
    const ops::KvCacheLayout layout{TensorType::F16, 70000, 1, 64};
    auto q = output(64 * 4), out = output(64 * 4);
    auto cache = output(layout.bufferBytes());
    auto ctx = context();
    const ops::AttentionParams params{1, 1, 69998, 0.125f};
    const Status s =
        ops::attention(ctx, layout, params, q.range(), cache.range(), cache.range(), out.range());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find(GetParam() ? "scratch" : "positions"), std::string::npos)
        << s.message();
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

class AttentionRejectTest : public GpuTest {
protected:
    Status attend(const ops::KvCacheLayout& layout, const ops::AttentionParams& params) {
        auto q = output(4096), cache = output(4096), out = output(4096);
        auto ctx = context();
        Status s = ops::attention(ctx, layout, params, q.range(), cache.range(), cache.range(),
                                  out.range());
        EXPECT_EQ(stream->dispatchCount(), 0u) << "rejected attention must not dispatch";
        return s;
    }
};

TEST_F(AttentionRejectTest, RejectsHeadsNotAMultipleOfKvHeads) {
    EXPECT_FALSE(attend({TensorType::F16, 8, 3, 32}, {1, 4, 0, 1.0f}).ok());
}

TEST_F(AttentionRejectTest, RejectsQueriesPastCacheCapacity) {
    EXPECT_FALSE(attend({TensorType::F16, 8, 1, 32}, {2, 1, 7, 1.0f}).ok());
}

TEST_F(AttentionRejectTest, RejectsHeadSizeAbove256) {
    EXPECT_FALSE(attend({TensorType::F16, 1, 1, 258}, {1, 1, 0, 1.0f}).ok());
}

TEST_F(AttentionRejectTest, RejectsBuffersSmallerThanShapes) {
    EXPECT_FALSE(attend({TensorType::F16, 64, 1, 128}, {16, 2, 0, 1.0f}).ok());
}

}  // namespace
}  // namespace hearth

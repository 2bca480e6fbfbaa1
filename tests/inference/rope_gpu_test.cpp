#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ops/rope.h"
#include "reference/rope.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using ops::RopeParams;
using ops::RopeStyle;
using testing::GpuTest;

// Odd head count, nRot < headDim, positions out of order with gaps (as after a KV cache shift).
constexpr uint32_t kTokens = 6, kHeads = 7, kHeadDim = 96, kRot = 64;
const std::vector<int32_t> kPositions = {5, 0, 17, 4095, 1234, 3};

class RopeTest : public GpuTest {
protected:
    // Runs the kernel (in place when `inPlace`) and returns the NMSE against the reference.
    double nmseFor(const RopeParams& params, const std::vector<float>* freqFactors,
                   bool inPlace = false) {
        const uint32_t elements = kTokens * kHeads * kHeadDim;
        auto x = testing::randomFloats(elements, 41);
        auto gx = input(x);
        auto gpos = input(kPositions.data(), kPositions.size() * sizeof(int32_t));
        testing::GuardedBuffer gff;
        if (freqFactors) gff = input(*freqFactors);
        auto gout = inPlace ? testing::GuardedBuffer{} : output(elements * 4ull);
        const testing::GuardedBuffer& result = inPlace ? gx : gout;
        auto ctx = context();
        Status s =
            ops::rope(ctx, gx.range(), gpos.range(), freqFactors ? gff.range() : vk::BufferRange{},
                      result.range(), kTokens, kHeads, kHeadDim, params);
        EXPECT_TRUE(s.ok()) << s.message();
        run();
        std::vector<float> expected(elements);
        reference::rope(x.data(), kPositions.data(), freqFactors ? freqFactors->data() : nullptr,
                        expected.data(), kTokens, kHeads, kHeadDim, params);
        return testing::nmse(expected, readFloats(result));
    }
};

TEST_F(RopeTest, NormalStyleMatchesReference) {
    EXPECT_LE(nmseFor(RopeParams::standard(RopeStyle::Normal, kRot, 10000.0f), nullptr), 1e-7);
}

TEST_F(RopeTest, NeoxStyleMatchesReference) {
    EXPECT_LE(nmseFor(RopeParams::standard(RopeStyle::NeoX, kRot, 1000000.0f), nullptr), 1e-7);
}

TEST_F(RopeTest, NormalStyleWithLlama3FreqFactorsMatchesReference) {
    const auto factors = ops::llama3FreqFactors(kRot, 500000.0f);
    EXPECT_LE(nmseFor(RopeParams::standard(RopeStyle::Normal, kRot, 500000.0f), &factors), 1e-7);
}

TEST_F(RopeTest, NeoxStyleWithFreqFactorsMatchesReference) {
    auto factors = testing::randomFloats(kRot / 2, 42, 1.0f, 8.0f);
    EXPECT_LE(nmseFor(RopeParams::standard(RopeStyle::NeoX, kRot, 10000.0f), &factors), 1e-7);
}

TEST_F(RopeTest, YarnNeoxMatchesReference) {
    const auto params =
        RopeParams::yarn(RopeStyle::NeoX, kRot, 1000000.0f, 0.25f, 1.0f, 1.0f, 32.0f, 1.0f, 4096);
    EXPECT_LE(nmseFor(params, nullptr), 1e-7);
}

TEST_F(RopeTest, YarnNormalWithFreqFactorsMatchesReference) {
    const auto params =
        RopeParams::yarn(RopeStyle::Normal, kRot, 10000.0f, 0.5f, 0.7f, 0.9f, 32.0f, 1.0f, 2048);
    const auto factors = ops::llama3FreqFactors(kRot, 10000.0f);
    EXPECT_LE(nmseFor(params, &factors), 1e-7);
}

TEST_F(RopeTest, InPlaceMatchesReference) {
    EXPECT_LE(nmseFor(RopeParams::standard(RopeStyle::NeoX, kRot, 10000.0f), nullptr, true), 1e-7);
}

TEST_F(RopeTest, RotatesWholeHeadWhenNRotIsHeadDim) {
    const auto params = RopeParams::standard(RopeStyle::Normal, kHeadDim, 10000.0f);
    EXPECT_LE(nmseFor(params, nullptr), 1e-7);
}

TEST_F(RopeTest, YarnCorrectionDimsFollowGgml) {
    // Qwen2.5 with YaRN factor 4: ggml_rope_yarn_corr_dims gives 23.6 -> 23 and 39.7 -> 40.
    const auto p =
        RopeParams::yarn(RopeStyle::NeoX, 128, 1000000.0f, 0.25f, 1.0f, 1.0f, 32.0f, 1.0f, 32768);
    EXPECT_EQ(p.corrLow, 23.0f);
    EXPECT_EQ(p.corrHigh, 40.0f);
    EXPECT_NEAR(p.magnitudeScale(), 1.0 + 0.1 * std::log(4.0), 1e-6);
    EXPECT_EQ(RopeParams::standard(RopeStyle::NeoX, 128, 1e6f).magnitudeScale(), 1.0f);
}

TEST_F(RopeTest, Llama3FactorsRiseFromOneToFactor) {
    const auto factors = ops::llama3FreqFactors(128, 500000.0f);  // Llama 3.1 8B
    ASSERT_EQ(factors.size(), 64u);
    EXPECT_EQ(factors.front(), 1.0f);  // wavelength 2*pi: far below 8192 / 4
    EXPECT_EQ(factors.back(), 8.0f);   // wavelength in the millions: far above 8192
    bool blended = false;
    for (size_t i = 1; i < factors.size(); ++i) {
        EXPECT_GE(factors[i], factors[i - 1]) << "pair " << i;
        blended = blended || (factors[i] > 1.0f && factors[i] < 8.0f);
    }
    EXPECT_TRUE(blended) << "no pair falls in the smooth band between the two wavelengths";
}

class RopeRejectsTest : public RopeTest {
protected:
    Status ropeWith(uint32_t tokens, uint32_t headDim, const RopeParams& params,
                    uint64_t positionCount, const std::vector<float>* freqFactors = nullptr) {
        const uint64_t elements = uint64_t{tokens} * kHeads * headDim;
        auto x = testing::randomFloats(elements ? elements : 1, 43);
        std::vector<int32_t> positions(positionCount ? positionCount : 1, 1);
        m_x = input(x);
        m_pos = input(positions.data(), positionCount * 4);
        if (freqFactors) m_ff = input(*freqFactors);
        m_out = output(x.size() * 4);
        auto ctx = context();
        return ops::rope(ctx, m_x.range(), m_pos.range(),
                         freqFactors ? m_ff.range() : vk::BufferRange{}, m_out.range(), tokens,
                         kHeads, headDim, params);
    }
    testing::GuardedBuffer m_x, m_pos, m_ff, m_out;
};

TEST_F(RopeRejectsTest, OddNRot) {
    EXPECT_FALSE(ropeWith(2, 64, RopeParams::standard(RopeStyle::NeoX, 63, 1e4f), 2).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RopeRejectsTest, NRotAboveHeadDim) {
    EXPECT_FALSE(ropeWith(2, 64, RopeParams::standard(RopeStyle::Normal, 66, 1e4f), 2).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RopeRejectsTest, UnsetParams) {
    EXPECT_FALSE(ropeWith(2, 64, RopeParams{}, 2).ok());  // nRot 0: params never filled in
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RopeRejectsTest, OddHeadDim) {
    EXPECT_FALSE(ropeWith(2, 65, RopeParams::standard(RopeStyle::Normal, 64, 1e4f), 2).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RopeRejectsTest, NoTokens) {
    EXPECT_FALSE(ropeWith(0, 64, RopeParams::standard(RopeStyle::Normal, 64, 1e4f), 1).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RopeRejectsTest, FewerPositionsThanTokens) {
    EXPECT_FALSE(ropeWith(3, 64, RopeParams::standard(RopeStyle::NeoX, 64, 1e4f), 2).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RopeRejectsTest, FewerFreqFactorsThanPairs) {
    const std::vector<float> factors(31, 1.0f);  // nRot 64 has 32 pairs
    EXPECT_FALSE(
        ropeWith(2, 64, RopeParams::standard(RopeStyle::NeoX, 64, 1e4f), 2, &factors).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

TEST_F(RopeRejectsTest, NonPositiveFreqScale) {
    auto params = RopeParams::standard(RopeStyle::NeoX, 64, 1e4f);
    params.freqScale = 0.0f;
    EXPECT_FALSE(ropeWith(2, 64, params, 2).ok());
    EXPECT_EQ(stream->dispatchCount(), 0u);
}

}  // namespace
}  // namespace hearth

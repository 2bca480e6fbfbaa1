// Parity of Hearth's scalar quantization reference with ggml's own code.
//
// For every supported type, on seeded inputs of several shapes: our dequantizer decodes bytes
// exactly as ggml's does, our quantizer writes the bytes ggml's reference quantizer writes, and
// a round trip through both of ours stays within the error the format is known for (so a
// quantizer and dequantizer that are wrong in matching ways cannot pass together). The ggml
// library comes from tests/reference (npm); without it the parity tests skip and say how to
// get it, while the round-trip tests still run.
#include <gtest/gtest.h>

#include <cstdlib>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "quant/blocks.h"
#include "quant/tensor_type.h"
#include "reference/dequantize.h"
#include "reference/quantize.h"
#include "support/ggml_library.h"

namespace hearth {
namespace {

using test::GgmlLibrary;

// 512 values cover two K-quant super-blocks and sixteen legacy blocks per row.
constexpr int64_t kRows = 3;
constexpr int64_t kValuesPerRow = 512;
constexpr int64_t kValues = kRows * kValuesPerRow;
constexpr uint32_t kSeeds[] = {1, 2, 3};

enum class Distribution { Normal, Uniform, Positive, Outliers, Zeros, Tiny, Vanishing };

constexpr Distribution kDistributions[] = {
    Distribution::Normal, Distribution::Uniform, Distribution::Positive,  Distribution::Outliers,
    Distribution::Zeros,  Distribution::Tiny,    Distribution::Vanishing,
};

const char* distributionName(Distribution distribution) {
    switch (distribution) {
        case Distribution::Normal:
            return "normal";
        case Distribution::Uniform:
            return "uniform";
        case Distribution::Positive:
            return "positive";
        case Distribution::Outliers:
            return "outliers";
        case Distribution::Zeros:
            return "zeros";
        case Distribution::Tiny:
            return "tiny";
        case Distribution::Vanishing:
            return "vanishing";
    }
    return "?";
}

// Seeded inputs built from std::mt19937 bits only: the standard's distributions differ between
// standard libraries, and these inputs should be the same everywhere.
class InputGenerator {
public:
    explicit InputGenerator(uint32_t seed) : m_engine(seed) {}

    float uniform01() { return static_cast<float>(m_engine() >> 8) * 0x1p-24f; }
    float uniform(float lo, float hi) { return lo + (hi - lo) * uniform01(); }
    float normal() {
        // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
        const double u = 1.0 - uniform01();
        const double v = uniform01();
        return static_cast<float>(std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v));
    }

private:
    std::mt19937 m_engine;
};

std::vector<float> makeInput(Distribution distribution, uint32_t seed) {
    InputGenerator random(seed);
    std::vector<float> values(kValues);
    for (float& value : values) {
        switch (distribution) {
            case Distribution::Normal:
                value = random.normal();
                break;
            case Distribution::Uniform:
                value = random.uniform(-1.0f, 1.0f);
                break;
            // Offset away from zero: exercises the min of the affine formats.
            case Distribution::Positive:
                value = random.uniform(0.5f, 2.0f);
                break;
            // Weights with a few large spikes, as real checkpoints have.
            case Distribution::Outliers:
                value = random.normal() * (random.uniform01() < 0.01f ? 60.0f : 1.0f);
                break;
            case Distribution::Zeros:
                value = 0.0f;
                break;
            // Scales land in fp16's subnormal range.
            case Distribution::Tiny:
                value = random.normal() * 1e-6f;
                break;
            // Scales underflow fp16 entirely; squares underflow float.
            case Distribution::Vanishing:
                value = random.normal() * 1e-25f;
                break;
        }
    }
    return values;
}

size_t rowBytes(TensorType type, int64_t n) {
    return static_cast<size_t>(tensorRowBytes(type, static_cast<uint64_t>(n)).value());
}

std::string caseName(Distribution distribution, uint32_t seed) {
    return std::string(distributionName(distribution)) + " seed " + std::to_string(seed);
}

// Index of the first float whose bits differ, or -1. Two NaNs count as equal: which NaN payload
// survives a product depends on the operand order the compiler picked, not on the format.
int64_t firstFloatMismatch(const std::vector<float>& a, const std::vector<float>& b) {
    for (size_t i = 0; i < a.size(); ++i) {
        const bool same = std::bit_cast<uint32_t>(a[i]) == std::bit_cast<uint32_t>(b[i]) ||
                          (std::isnan(a[i]) && std::isnan(b[i]));
        if (!same) {
            return static_cast<int64_t>(i);
        }
    }
    return -1;
}

int64_t firstByteMismatch(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            return static_cast<int64_t>(i);
        }
    }
    return -1;
}

// ggml's library is built without FMA; when our side fuses a * b + c (gcc's default once
// -march allows FMA), the K-quant scale searches round differently and pick other levels.
constexpr const char* kContractionHint =
    " (if only K-quants differ, check that the reference is built with -ffp-contract=off)";

std::vector<float> dequantizeOurs(TensorType type, const std::vector<uint8_t>& bytes) {
    std::vector<float> values(kValues);
    dequantizeRow(type, bytes.data(), values.data(), kValues);
    return values;
}

std::vector<uint8_t> quantizeOurs(TensorType type, const std::vector<float>& values) {
    std::vector<uint8_t> bytes(rowBytes(type, kValues));
    quantizeRow(type, values.data(), bytes.data(), kValues);
    return bytes;
}

std::vector<uint8_t> quantizeGgml(TensorType type, const std::vector<float>& values) {
    std::vector<uint8_t> bytes(rowBytes(type, kValues));
    const size_t written = GgmlLibrary::instance().quantizeChunk(type, values.data(), bytes.data(),
                                                                 kRows, kValuesPerRow);
    EXPECT_EQ(written, bytes.size());
    return bytes;
}

// sqrt(sum (x - y)^2 / sum x^2), in double so the measure itself adds no error.
double relativeRmse(const std::vector<float>& x, const std::vector<float>& y) {
    double error = 0.0;
    double energy = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double diff = static_cast<double>(x[i]) - y[i];
        error += diff * diff;
        energy += static_cast<double>(x[i]) * x[i];
    }
    return energy > 0.0 ? std::sqrt(error / energy) : std::sqrt(error);
}

// Round-trip relative RMSE a format stays under: on well-scaled inputs (normal, uniform,
// positive), and with outliers, which widen the blocks they land in. About 1.3x what the formats
// measure on these inputs; a wrong level layout or scale lands far above.
struct RoundTripBound {
    double wellScaled;
    double withOutliers;
};

RoundTripBound roundTripBound(TensorType type) {
    switch (type) {
        case TensorType::F32:
            return {0.0, 0.0};
        case TensorType::F16:
            return {3e-4, 3e-4};
        case TensorType::BF16:
            return {2.5e-3, 3e-3};
        case TensorType::Q8_0:
            return {0.008, 0.016};
        case TensorType::Q6_K:
            return {0.025, 0.045};
        case TensorType::Q5_0:
            return {0.06, 0.09};
        case TensorType::Q5_1:
            return {0.05, 0.08};
        case TensorType::Q5_K:
            return {0.05, 0.065};
        case TensorType::Q4_0:
            return {0.12, 0.11};
        case TensorType::Q4_1:
            return {0.11, 0.18};
        case TensorType::Q4_K:
            return {0.1, 0.1};
        case TensorType::Q3_K:
            return {0.2, 0.12};
        case TensorType::Q2_K:
            return {0.4, 0.35};
    }
    return {0.0, 0.0};
}

std::string typeName(const ::testing::TestParamInfo<TensorType>& info) {
    return tensorTypeTraits(info.param)->name;
}

class QuantParityTest : public ::testing::TestWithParam<TensorType> {
protected:
    void SetUp() override {
        if (!GgmlLibrary::instance().available()) {
            // CI installs the reference tools, so there a missing library is a failure.
            if (std::getenv("CI") != nullptr) FAIL() << GgmlLibrary::instance().unavailableReason();
            GTEST_SKIP() << GgmlLibrary::instance().unavailableReason();
        }
    }
};

TEST_P(QuantParityTest, DequantizesGgmlQuantizedDataExactlyAsGgml) {
    const TensorType type = GetParam();
    for (Distribution distribution : kDistributions) {
        for (uint32_t seed : kSeeds) {
            const std::vector<uint8_t> bytes = quantizeGgml(type, makeInput(distribution, seed));
            std::vector<float> expected(kValues);
            GgmlLibrary::instance().dequantizeRow(type, bytes.data(), expected.data(), kValues);
            const int64_t mismatch = firstFloatMismatch(dequantizeOurs(type, bytes), expected);
            EXPECT_EQ(mismatch, -1) << caseName(distribution, seed);
        }
    }
}

// Random bytes put values in every field that no quantizer writes (NaN and infinite scales,
// out-of-range sub-block scales), which the decoders must still treat as ggml does.
TEST_P(QuantParityTest, DequantizesArbitraryBlockBytesExactlyAsGgml) {
    const TensorType type = GetParam();
    for (uint32_t seed : kSeeds) {
        std::mt19937 engine(seed);
        std::vector<uint8_t> bytes(rowBytes(type, kValues));
        for (uint8_t& byte : bytes) {
            byte = static_cast<uint8_t>(engine() >> 24);
        }
        std::vector<float> expected(kValues);
        GgmlLibrary::instance().dequantizeRow(type, bytes.data(), expected.data(), kValues);
        EXPECT_EQ(firstFloatMismatch(dequantizeOurs(type, bytes), expected), -1) << "seed " << seed;
    }
}

TEST_P(QuantParityTest, QuantizesToTheBytesGgmlWrites) {
    const TensorType type = GetParam();
    for (Distribution distribution : kDistributions) {
        for (uint32_t seed : kSeeds) {
            const std::vector<float> input = makeInput(distribution, seed);
            const int64_t mismatch =
                firstByteMismatch(quantizeOurs(type, input), quantizeGgml(type, input));
            EXPECT_EQ(mismatch, -1)
                << caseName(distribution, seed) << ", first differing byte" << kContractionHint;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, QuantParityTest, ::testing::ValuesIn(supportedTensorTypes()),
                         typeName);

// Needs no ggml: checks our quantizer and dequantizer against the formats' known precision.
class QuantRoundTripTest : public ::testing::TestWithParam<TensorType> {};

TEST_P(QuantRoundTripTest, ErrorStaysWithinTheFormatsPrecision) {
    const TensorType type = GetParam();
    for (Distribution distribution : {Distribution::Normal, Distribution::Uniform,
                                      Distribution::Positive, Distribution::Outliers}) {
        for (uint32_t seed : kSeeds) {
            const std::vector<float> input = makeInput(distribution, seed);
            const double error =
                relativeRmse(input, dequantizeOurs(type, quantizeOurs(type, input)));
            const RoundTripBound bound = roundTripBound(type);
            EXPECT_LE(error, distribution == Distribution::Outliers ? bound.withOutliers
                                                                    : bound.wellScaled)
                << caseName(distribution, seed);
        }
    }
}

TEST_P(QuantRoundTripTest, ZerosComeBackAsZeros) {
    const TensorType type = GetParam();
    const std::vector<float> zeros = makeInput(Distribution::Zeros, 1);
    for (float value : dequantizeOurs(type, quantizeOurs(type, zeros))) {
        ASSERT_EQ(value, 0.0f);
    }
}

// Guard bytes after each output, as ggml's backend tests use, catch writes past the row.
TEST_P(QuantRoundTripTest, WritesNothingPastTheRow) {
    const TensorType type = GetParam();
    constexpr size_t kGuard = 64;
    constexpr uint8_t kPattern = 0xa5;
    const std::vector<float> input = makeInput(Distribution::Normal, 1);

    std::vector<uint8_t> bytes(rowBytes(type, kValues) + kGuard, kPattern);
    quantizeRow(type, input.data(), bytes.data(), kValues);
    for (size_t i = bytes.size() - kGuard; i < bytes.size(); ++i) {
        ASSERT_EQ(bytes[i], kPattern) << "quantizeRow wrote byte " << i;
    }

    std::vector<float> values(kValues + kGuard, -7.0f);
    dequantizeRow(type, bytes.data(), values.data(), kValues);
    for (size_t i = kValues; i < values.size(); ++i) {
        ASSERT_EQ(values[i], -7.0f) << "dequantizeRow wrote value " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(AllTypes, QuantRoundTripTest, ::testing::ValuesIn(supportedTensorTypes()),
                         typeName);

class HalfConversionTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!GgmlLibrary::instance().available()) {
            // CI installs the reference tools, so there a missing library is a failure.
            if (std::getenv("CI") != nullptr) FAIL() << GgmlLibrary::instance().unavailableReason();
            GTEST_SKIP() << GgmlLibrary::instance().unavailableReason();
        }
    }
};

TEST_F(HalfConversionTest, EveryHalfAndBf16DecodesAsInGgml) {
    const GgmlLibrary& ggml = GgmlLibrary::instance();
    for (uint32_t bits = 0; bits <= 0xffff; ++bits) {
        const auto half = static_cast<uint16_t>(bits);
        ASSERT_EQ(std::bit_cast<uint32_t>(halfToFloat(half)),
                  std::bit_cast<uint32_t>(ggml.halfToFloat(half)))
            << "fp16 0x" << std::hex << bits;
        ASSERT_EQ(std::bit_cast<uint32_t>(bf16ToFloat(half)),
                  std::bit_cast<uint32_t>(ggml.bf16ToFloat(half)))
            << "bf16 0x" << std::hex << bits;
    }
}

// Every float is 2^32 calls; a prime stride through the bit patterns covers every exponent and
// sign with varied mantissas, and the neighbourhoods of the rounding ties are added explicitly.
TEST_F(HalfConversionTest, FloatsEncodeAsInGgml) {
    const GgmlLibrary& ggml = GgmlLibrary::instance();
    auto check = [&](uint32_t bits) {
        const float value = std::bit_cast<float>(bits);
        ASSERT_EQ(floatToHalf(value), ggml.floatToHalf(value)) << "fp16 of 0x" << std::hex << bits;
        ASSERT_EQ(floatToBf16(value), ggml.floatToBf16(value)) << "bf16 of 0x" << std::hex << bits;
    };
    for (uint64_t bits = 0; bits <= 0xffffffffu; bits += 65521) {
        check(static_cast<uint32_t>(bits));
    }
    for (uint32_t half = 0; half <= 0xffff; ++half) {
        // The float exactly halfway above each half and its neighbours (fp16 keeps 13 fewer
        // mantissa bits; bf16 16 fewer).
        const uint32_t tie =
            std::bit_cast<uint32_t>(halfToFloat(static_cast<uint16_t>(half))) + 0x1000;
        for (uint32_t offset : {0u, 1u, 0xffffffffu}) {
            check(tie + offset);
        }
        const uint32_t bf16Tie = (half << 16) + 0x8000;
        for (uint32_t offset : {0u, 1u, 0xffffffffu}) {
            check(bf16Tie + offset);
        }
    }
}

}  // namespace
}  // namespace hearth

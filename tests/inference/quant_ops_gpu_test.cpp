// Parity of the quantized-weight kernels (dequantize, get_rows, matvec, matmul) with the scalar
// references, for every supported tensor type, on shapes that are not multiples of any
// workgroup or tile size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "ops/dequantize.h"
#include "ops/get_rows.h"
#include "ops/matmul.h"
#include "ops/matvec.h"
#include "reference/dequantize.h"
#include "reference/matmul.h"
#include "reference/quantize.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

// Weights quantized by our reference quantizer from seeded random values.
struct HostWeights {
    TensorType type;
    uint32_t rows, cols;
    std::vector<uint8_t> bytes;
    uint64_t rowBytes;
};

HostWeights makeWeights(TensorType type, uint32_t rows, uint32_t cols, uint32_t seed) {
    HostWeights w{type, rows, cols, {}, tensorRowBytes(type, cols).value()};
    w.bytes.resize(w.rowBytes * rows);
    const std::vector<float> values = testing::randomFloats(uint64_t{rows} * cols, seed);
    for (uint32_t r = 0; r < rows; ++r)
        quantizeRow(type, values.data() + uint64_t{r} * cols, w.bytes.data() + r * w.rowBytes,
                    cols);
    return w;
}

enum class Shape { Gpu, Cpu };  // the kernel variant under test, whatever the device
using Param = std::tuple<TensorType, Shape>;

std::string paramName(const ::testing::TestParamInfo<Param>& info) {
    return std::string(tensorTypeTraits(std::get<0>(info.param))->name) +
           (std::get<1>(info.param) == Shape::Cpu ? "_cpu" : "_gpu");
}

class QuantOpsTest : public GpuTest, public ::testing::WithParamInterface<Param> {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        useCpuKernels(std::get<1>(GetParam()) == Shape::Cpu);
    }
    TensorType type() const { return std::get<0>(GetParam()); }

    // NMSE of the kernel's y = W x against the reference, x seeded by `seed`.
    double matvecError(const HostWeights& w, uint32_t seed) {
        const std::vector<float> x = testing::randomFloats(w.cols, seed);
        auto gw = input(w.bytes.data(), w.bytes.size());
        auto gx = input(x);
        auto y = output(w.rows * 4);
        auto ctx = context();
        const Status s = ops::matvec(ctx, view(gw, w), gx.range(), y.range());
        EXPECT_TRUE(s.ok()) << s.message();
        run();
        std::vector<float> expected(w.rows);
        reference::matvec(w.type, w.bytes.data(), w.rows, w.cols, x.data(), expected.data());
        return testing::nmse(expected, readFloats(y));
    }

    ops::WeightView view(const testing::GuardedBuffer& b, const HostWeights& w) {
        return {b.range(), w.type, w.rows, w.cols};
    }
    // K = 2 super-blocks for K-quants; 264 (not a multiple of 32 or 64) for float types.
    uint32_t cols() const { return tensorTypeTraits(type())->blockValues == 1 ? 264 : 512; }
};

TEST_P(QuantOpsTest, DequantizeMatchesReference) {
    const HostWeights w = makeWeights(type(), 13, cols(), 11);
    auto gw = input(w.bytes.data(), w.bytes.size());
    auto out = output(uint64_t{w.rows} * w.cols * 4);
    auto ctx = context();
    ASSERT_TRUE(ops::dequantize(ctx, view(gw, w), out.range()).ok());
    run();
    std::vector<float> expected(uint64_t{w.rows} * w.cols);
    for (uint32_t r = 0; r < w.rows; ++r)
        dequantizeRow(w.type, w.bytes.data() + r * w.rowBytes, expected.data() + r * w.cols,
                      w.cols);
    EXPECT_LE(testing::nmse(expected, readFloats(out)), 1e-7);
}

TEST_P(QuantOpsTest, GetRowsMatchesReference) {
    const HostWeights w = makeWeights(type(), 29, cols(), 12);
    const std::vector<uint32_t> ids = {3, 0, 28, 3, 17, 5, 11};
    auto gw = input(w.bytes.data(), w.bytes.size());
    auto gids = input(ids.data(), ids.size() * 4);
    auto out = output(ids.size() * w.cols * 4);
    auto ctx = context();
    ASSERT_TRUE(
        ops::getRows(ctx, view(gw, w), gids.range(), static_cast<uint32_t>(ids.size()), out.range())
            .ok());
    run();
    std::vector<float> expected(ids.size() * w.cols);
    for (size_t t = 0; t < ids.size(); ++t) {
        dequantizeRow(w.type, w.bytes.data() + ids[t] * w.rowBytes, expected.data() + t * w.cols,
                      w.cols);
    }
    EXPECT_LE(testing::nmse(expected, readFloats(out)), 1e-7);
}

TEST_P(QuantOpsTest, MatvecMatchesReference) {
    const double error = matvecError(makeWeights(type(), 203, cols(), 13), 14);
    EXPECT_LE(error, 5e-4);
    EXPECT_LE(error, 1e-10) << "f32 accumulation is far better";
}

TEST_P(QuantOpsTest, MatmulMatchesReference) {
    const HostWeights w = makeWeights(type(), 75, cols(), 15);
    const uint32_t m = 70;  // more than one 64-row tile, not a multiple of 8
    const std::vector<float> a = testing::randomFloats(uint64_t{m} * w.cols, 16);
    auto gw = input(w.bytes.data(), w.bytes.size());
    auto ga = input(a);
    auto c = output(uint64_t{m} * w.rows * 4);
    auto ctx = context();
    ASSERT_TRUE(ops::matmul(ctx, view(gw, w), ga.range(), m, c.range()).ok());
    run();
    std::vector<float> expected(uint64_t{m} * w.rows);
    reference::matmul(w.type, w.bytes.data(), w.rows, w.cols, a.data(), m, expected.data());
    EXPECT_LE(testing::nmse(expected, readFloats(c)), 5e-4);
}

TEST_P(QuantOpsTest, MatvecWithRowsThatStartOffTexelBoundaries) {
    // Three blocks per row: for Q8_0 (102-byte rows) and other odd-sized blocks, rows start at
    // every even offset, which the CPU kernels' 16-byte texel reads must realign.
    const uint32_t block = std::max<uint32_t>(tensorTypeTraits(type())->blockValues, 8);
    EXPECT_LE(matvecError(makeWeights(type(), 37, 3 * block, 17), 18), 1e-10);
}

// Rows as long as the FFN down projection of the 1.5B model: lavapipe stops every loop of an
// invocation after 65535 iterations in total, so a kernel whose loop count grows with K must
// keep within that budget or its results are silently wrong.
TEST_P(QuantOpsTest, LongRowsAreNotTruncated) {
    const HostWeights w = makeWeights(type(), 21, 8960, 19);
    const uint32_t m = 19;
    const std::vector<float> x = testing::randomFloats(uint64_t{m} * w.cols, 20);
    auto gw = input(w.bytes.data(), w.bytes.size());
    auto gx = input(x);
    auto y = output(w.rows * 4);
    auto c = output(uint64_t{m} * w.rows * 4);
    auto ctx = context();
    ASSERT_TRUE(ops::matvec(ctx, view(gw, w), gx.range(), y.range()).ok());
    ASSERT_TRUE(ops::matmul(ctx, view(gw, w), gx.range(), m, c.range()).ok());
    run();
    std::vector<float> expectedY(w.rows), expectedC(uint64_t{m} * w.rows);
    reference::matvec(w.type, w.bytes.data(), w.rows, w.cols, x.data(), expectedY.data());
    reference::matmul(w.type, w.bytes.data(), w.rows, w.cols, x.data(), m, expectedC.data());
    EXPECT_LE(testing::nmse(expectedY, readFloats(y)), 1e-10);
    EXPECT_LE(testing::nmse(expectedC, readFloats(c)), 1e-10);
}

TEST_P(QuantOpsTest, RowLengthOutsideTheBlockIsAnError) {
    auto gw = output(4096);
    auto out = output(4096);
    auto ctx = context();
    const ops::WeightView bad{gw.range(), type(), 2, 20};  // 20: not a multiple of 8
    Status s = ops::matvec(ctx, bad, out.range(), out.range());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("multiple of"), std::string::npos) << s.message();
}

INSTANTIATE_TEST_SUITE_P(AllTypes, QuantOpsTest,
                         ::testing::Combine(::testing::ValuesIn(supportedTensorTypes()),
                                            ::testing::Values(Shape::Gpu, Shape::Cpu)),
                         paramName);

}  // namespace
}  // namespace hearth

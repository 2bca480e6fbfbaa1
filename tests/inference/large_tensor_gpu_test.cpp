// Tensors larger than one storage binding (maxStorageBufferRange: 128 MiB on lavapipe) go
// through get_rows and matvec in row ranges instead of being rejected. The table has the shape
// of DeepSeek-R1-Distill-Qwen-1.5B's token embedding: 151936 x 1536 F16, 445 MiB.
#include <gtest/gtest.h>

#include "ops/get_rows.h"
#include "ops/matmul.h"
#include "ops/matvec.h"
#include "quant/blocks.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

constexpr uint32_t kRows = 151936, kCols = 1536;

// A cheap deterministic f16 in [-1, 1) for element (r, c), so no float copy of the table is kept.
uint16_t tableValue(uint64_t r, uint64_t c) {
    uint64_t h = (r * kCols + c) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    return floatToHalf(static_cast<float>(static_cast<int>(h & 0x3FF) - 512) / 512.0f);
}

class LargeTensorTest : public GpuTest {
protected:
    static void SetUpTestSuite() {
        table = new std::vector<uint16_t>(uint64_t{kRows} * kCols);
        for (uint64_t r = 0; r < kRows; ++r)
            for (uint64_t c = 0; c < kCols; ++c) (*table)[r * kCols + c] = tableValue(r, c);
    }
    static void TearDownTestSuite() {
        delete table;
        table = nullptr;
    }
    static std::vector<uint16_t>* table;
};
std::vector<uint16_t>* LargeTensorTest::table = nullptr;

TEST_F(LargeTensorTest, TableIsLargerThanOneBinding) {
    EXPECT_GT(uint64_t{kRows} * kCols * 2, device().info().maxStorageBufferRange);
}

TEST_F(LargeTensorTest, GetRowsReadsEveryPartOfTheTable) {
    auto gw = input(table->data(), table->size() * 2);
    const std::vector<uint32_t> ids = {0, kRows - 1, 43690, 43691, 87381, 100000, 1, kRows / 2};
    auto gids = input(ids.data(), ids.size() * 4);
    auto out = output(ids.size() * kCols * 4);
    auto ctx = context();
    const ops::WeightView view{gw.range(), TensorType::F16, kRows, kCols};
    ASSERT_TRUE(
        ops::getRows(ctx, view, gids.range(), static_cast<uint32_t>(ids.size()), out.range()).ok());
    EXPECT_GT(stream->dispatchCount(), 1u) << "the table should be bound in several ranges";
    run();
    const std::vector<float> got = readFloats(out);
    for (size_t t = 0; t < ids.size(); ++t) {
        for (uint32_t c = 0; c < kCols; ++c) {
            ASSERT_EQ(got[t * kCols + c], halfToFloat(tableValue(ids[t], c)))
                << "id " << ids[t] << " column " << c;
        }
    }
}

TEST_F(LargeTensorTest, MatvecCoversEveryRow) {
    auto gw = input(table->data(), table->size() * 2);
    const std::vector<float> x = testing::randomFloats(kCols, 5);
    auto gx = input(x);
    auto y = output(kRows * 4);
    auto ctx = context();
    const ops::WeightView view{gw.range(), TensorType::F16, kRows, kCols};
    ASSERT_TRUE(ops::matvec(ctx, view, gx.range(), y.range()).ok());
    EXPECT_GT(stream->dispatchCount(), 1u);
    run();
    std::vector<float> expected(kRows);
    for (uint32_t r = 0; r < kRows; ++r) {
        double sum = 0;
        for (uint32_t c = 0; c < kCols; ++c)
            sum += static_cast<double>(halfToFloat((*table)[uint64_t{r} * kCols + c])) * x[c];
        expected[r] = static_cast<float>(sum);
    }
    EXPECT_LE(testing::nmse(expected, readFloats(y)), 1e-10);
}

// Prefill through the same table: the weights are bound in row ranges and each range's outputs
// land at their columns of C (MatmulPush::cOffset).
TEST_F(LargeTensorTest, MatmulCoversEveryRow) {
    auto gw = input(table->data(), table->size() * 2);
    const uint32_t m = 3;
    const std::vector<float> a = testing::randomFloats(m * kCols, 6);
    auto ga = input(a);
    auto c = output(uint64_t{m} * kRows * 4);
    auto ctx = context();
    const ops::WeightView view{gw.range(), TensorType::F16, kRows, kCols};
    ASSERT_TRUE(ops::matmul(ctx, view, ga.range(), m, c.range()).ok());
    EXPECT_GT(stream->dispatchCount(), 1u);
    run();
    std::vector<float> expected(uint64_t{m} * kRows);
    for (uint32_t r = 0; r < kRows; ++r) {
        for (uint32_t i = 0; i < m; ++i) {
            double sum = 0;
            for (uint32_t k = 0; k < kCols; ++k) {
                sum += static_cast<double>(halfToFloat((*table)[uint64_t{r} * kCols + k])) *
                       a[i * kCols + k];
            }
            expected[uint64_t{i} * kRows + r] = static_cast<float>(sum);
        }
    }
    EXPECT_LE(testing::nmse(expected, readFloats(c)), 1e-10);
}

}  // namespace
}  // namespace hearth

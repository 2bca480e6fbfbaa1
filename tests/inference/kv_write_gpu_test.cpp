#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "ops/kv_write.h"
#include "reference/attention.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

class KvWriteTest : public GpuTest {
protected:
    // Writes nTokens random rows at pos0 on the GPU and returns the whole cache, which must
    // equal the reference write over a cache of unwritten (0xFF) bytes.
    // With `positionFromBuffer` the kernel reads pos0 from a buffer when it runs (decode).
    void expectMatchesReference(const ops::KvCacheLayout& layout, uint32_t pos0, uint32_t nTokens,
                                float range, bool positionFromBuffer = false) {
        const size_t values = size_t{nTokens} * layout.nKvHeads * layout.headDim;
        std::vector<float> rows = testing::randomFloats(values, 7, -range, range);
        // A block of zeros: Q8_0's scale is 0 there and the quants must be 0 too.
        std::fill(rows.begin(), rows.begin() + 32, 0.0f);
        auto gpuRows = input(rows);
        auto cache = output(layout.bufferBytes());
        const int32_t position = static_cast<int32_t>(pos0);
        auto positionBuffer = input(&position, sizeof(position));
        auto ctx = context();
        const Status s =
            positionFromBuffer
                ? ops::kvWrite(ctx, layout, gpuRows.range(), cache.range(), 0, nTokens,
                               positionBuffer.range())
                : ops::kvWrite(ctx, layout, gpuRows.range(), cache.range(), pos0, nTokens);
        ASSERT_TRUE(s.ok()) << s.message();
        run();
        std::vector<uint8_t> expected(layout.bufferBytes(), 0xFF);
        reference::kvWrite(layout, rows.data(), expected.data(), pos0, nTokens);
        const std::vector<uint8_t> actual = readBytes(cache);
        ASSERT_EQ(actual.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            ASSERT_EQ(actual[i], expected[i]) << "first difference at cache byte " << i;
        }
    }
};

TEST_F(KvWriteTest, F16RowsMatchFloatToHalf) {
    expectMatchesReference({TensorType::F16, 50, 3, 66}, 11, 7, 4.0f);
}

TEST_F(KvWriteTest, F16PrefillFillsFromPositionZero) {
    expectMatchesReference({TensorType::F16, 40, 2, 128}, 0, 37, 1.0f);
}

TEST_F(KvWriteTest, Q8_0BlocksAreByteIdenticalToQuantizeRow) {
    expectMatchesReference({TensorType::Q8_0, 140, 2, 128}, 100, 37, 3.0f);
}

// Three blocks a row: the write starts at an odd block and ends mid-word, so words shared with
// the unwritten neighbours must keep the neighbours' bytes.
TEST_F(KvWriteTest, Q8_0OddBlockCountKeepsNeighbouringBytes) {
    expectMatchesReference({TensorType::Q8_0, 20, 3, 32}, 5, 9, 2.0f);
}

TEST_F(KvWriteTest, F16PositionReadFromBuffer) {
    expectMatchesReference({TensorType::F16, 50, 2, 64}, 37, 1, 1.0f, true);
}

TEST_F(KvWriteTest, Q8_0PositionReadFromBuffer) {
    expectMatchesReference({TensorType::Q8_0, 50, 3, 32}, 41, 1, 1.0f, true);
}

TEST_F(KvWriteTest, Q8_0SingleTokenDecodeWrite) {
    expectMatchesReference({TensorType::Q8_0, 400, 2, 64}, 301, 1, 1.0f);
}

class KvWriteRejectTest : public GpuTest {
protected:
    Status write(const ops::KvCacheLayout& layout, uint32_t pos0, uint32_t nTokens,
                 uint64_t rowsBytes) {
        auto rows = output(rowsBytes);
        auto cache = output(layout.bufferBytes() > 0 ? layout.bufferBytes() : 4);
        auto ctx = context();
        Status s = ops::kvWrite(ctx, layout, rows.range(), cache.range(), pos0, nTokens);
        EXPECT_EQ(stream->dispatchCount(), 0u) << "a rejected write must not dispatch";
        return s;
    }
};

TEST_F(KvWriteRejectTest, RejectsWritePastCapacity) {
    EXPECT_FALSE(write({TensorType::F16, 10, 1, 64}, 8, 3, 3 * 64 * 4).ok());
}

TEST_F(KvWriteRejectTest, RejectsQ8_0HeadSizeNotMultipleOf32) {
    const Status s = write({TensorType::Q8_0, 10, 1, 80}, 0, 1, 80 * 4);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("multiple of 32"), std::string::npos) << s.message();
}

TEST_F(KvWriteRejectTest, RejectsRowsBufferSmallerThanShape) {
    EXPECT_FALSE(write({TensorType::F16, 10, 2, 64}, 0, 2, 2 * 64 * 4).ok());
}

TEST_F(KvWriteRejectTest, RejectsUnsupportedCacheType) {
    EXPECT_FALSE(write({TensorType::Q4_0, 10, 1, 64}, 0, 1, 64 * 4).ok());
}

}  // namespace
}  // namespace hearth

// The bandwidth yardstick must read every byte once: its XOR fold matches the host's.
#include <gtest/gtest.h>

#include <cstring>

#include "ops/read_bandwidth.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

class ReadBandwidthTest : public testing::GpuTest, public ::testing::WithParamInterface<bool> {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        useCpuKernels(GetParam());
    }
};

TEST_P(ReadBandwidthTest, FoldsEveryWordExactlyOnce) {
    const size_t words = 4 * 100003;  // not a multiple of the invocation count
    std::vector<uint32_t> data(words);
    for (size_t i = 0; i < words; ++i) data[i] = static_cast<uint32_t>(i * 2654435761u + 12345u);
    auto gd = input(data.data(), words * 4);
    const uint32_t invocations = ops::readBandwidthInvocations(device());
    auto sink = output(invocations * 4ull);
    auto ctx = context();
    ASSERT_TRUE(ops::readBandwidth(ctx, gd.range(), sink.range()).ok());
    run();
    const std::vector<uint8_t> bytes = readBytes(sink);
    uint32_t folded = 0, expected = 0;
    for (size_t g = 0; g < invocations; ++g) {
        uint32_t w;
        std::memcpy(&w, bytes.data() + 4 * g, 4);
        folded ^= w;
    }
    for (uint32_t w : data) expected ^= w;
    EXPECT_EQ(folded, expected);
}

INSTANTIATE_TEST_SUITE_P(BothShapes, ReadBandwidthTest, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "cpu" : "gpu"; });

}  // namespace
}  // namespace hearth

// The Vulkan runtime's own behaviour: barriers only on hazards, explicit specialization
// constants, the on-disk pipeline cache, memory pool reuse and host copies.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "ops/add.h"
#include "support/gpu_fixture.h"
#include "vk/device_caps.h"
#include "vk/embedded_shaders.h"
#include "vk/pipeline.h"

namespace hearth {
namespace {

using testing::GpuTest;

class RuntimeTest : public GpuTest {};

TEST_F(RuntimeTest, IndependentDispatchesNeedNoBarrier) {
    auto a = testing::randomFloats(1000, 1);
    auto ga = input(a), o1 = output(4000), o2 = output(4000);
    auto ctx = context();
    ASSERT_TRUE(ops::add(ctx, ga.range(), ga.range(), o1.range(), 1000, 1000).ok());
    ASSERT_TRUE(ops::add(ctx, ga.range(), ga.range(), o2.range(), 1000, 1000).ok());
    EXPECT_EQ(stream->barrierCount(), 0u);
    run();
}

TEST_F(RuntimeTest, ReadAfterWriteGetsOneBarrierAndCorrectResult) {
    auto a = testing::randomFloats(1000, 2);
    auto ga = input(a), o1 = output(4000), o2 = output(4000);
    auto ctx = context();
    ASSERT_TRUE(ops::add(ctx, ga.range(), ga.range(), o1.range(), 1000, 1000).ok());  // 2a
    ASSERT_TRUE(ops::add(ctx, o1.range(), ga.range(), o2.range(), 1000, 1000).ok());  // 3a
    EXPECT_EQ(stream->barrierCount(), 1u);
    run();
    std::vector<float> got = readFloats(o2);
    for (size_t i = 0; i < a.size(); ++i) ASSERT_FLOAT_EQ(got[i], 3 * a[i]) << i;
}

TEST_F(RuntimeTest, WriteAfterReadGetsABarrier) {
    auto a = testing::randomFloats(1000, 3);
    auto ga = input(a), other = input(a), o1 = output(4000);
    auto ctx = context();
    ASSERT_TRUE(ops::add(ctx, ga.range(), ga.range(), o1.range(), 1000, 1000).ok());  // reads ga
    // Reads only `other` and overwrites ga: no read-after-write, but the first dispatch must
    // have read ga before it changes.
    ASSERT_TRUE(ops::add(ctx, other.range(), other.range(), ga.range(), 1000, 1000).ok());
    EXPECT_EQ(stream->barrierCount(), 1u);
    run();
    std::vector<float> got = readFloats(o1);
    for (size_t i = 0; i < a.size(); ++i) ASSERT_FLOAT_EQ(got[i], 2 * a[i]) << i;
}

TEST_F(RuntimeTest, RecordedStreamCanBeSubmittedAgain) {
    auto a = testing::randomFloats(256, 4);
    auto ga = input(a), o1 = output(1024);
    auto ctx = context();
    ASSERT_TRUE(ops::add(ctx, ga.range(), o1.range(), o1.range(), 256, 256).ok());
    std::vector<float> zeros(256, 0.0f);
    ASSERT_TRUE(
        device().upload(o1.buffer, testing::GuardedBuffer::kGuardBytes, zeros.data(), 1024).ok());
    ASSERT_TRUE(stream->end().ok());
    for (int i = 0; i < 3; ++i) {  // o1 += a, three times
        ASSERT_TRUE(stream->submit().ok());
        ASSERT_TRUE(stream->wait().ok());
    }
    std::vector<float> got = readFloats(o1);
    for (size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(got[i], 3 * a[i], 1e-5f) << i;
}

TEST_F(RuntimeTest, SpecializationConstantsMustAllBeGiven) {
    EXPECT_EQ(vk::spirvSpecConstantIds(shaders::find("add")), std::vector<uint32_t>{0});
    auto missing =
        device().pipeline({"add",
                           {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer,
                            vk::BindingKind::StorageBuffer},
                           sizeof(ops::AddPush),
                           {}});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.status().message().find("specialization constants"), std::string::npos);
    auto extra = device().pipeline({"add",
                                    {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer,
                                     vk::BindingKind::StorageBuffer},
                                    sizeof(ops::AddPush),
                                    {64, 1}});
    EXPECT_FALSE(extra.ok());
}

TEST_F(RuntimeTest, PipelineCacheIsWrittenToDisk) {
    auto p = device().pipeline({"add",
                                {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer,
                                 vk::BindingKind::StorageBuffer},
                                sizeof(ops::AddPush),
                                {32}});
    ASSERT_TRUE(p.ok()) << p.status().message();
    device().pipelineCache().save();
    EXPECT_TRUE(std::filesystem::exists(device().pipelineCache().path()))
        << device().pipelineCache().path();
}

TEST_F(RuntimeTest, LargeBufferRoundTripsThroughHostCopies) {
    const uint64_t bytes = 96ull << 20;  // larger than a staging chunk and a pool block
    auto b = vk::Buffer::create(device(), bytes, vk::MemoryUse::Device, "test");
    ASSERT_TRUE(b.ok());
    std::vector<uint32_t> data(bytes / 4);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint32_t>(i * 2654435761u);
    ASSERT_TRUE(device().upload(b.value(), 0, data.data(), bytes).ok());
    std::vector<uint32_t> back(data.size());
    ASSERT_TRUE(device().download(b.value(), 0, back.data(), bytes).ok());
    EXPECT_EQ(data, back);
}

// The path every discrete GPU takes (staging buffer + vkCmdCopyBuffer), in chunks, at offsets.
TEST_F(RuntimeTest, StagedCopiesRoundTrip) {
    device().setStagingOnly(true);
    const uint64_t bytes = (80ull << 20) + 12;  // more than one 64 MiB staging chunk
    auto b = vk::Buffer::create(device(), bytes + 64, vk::MemoryUse::Device, "test");
    ASSERT_TRUE(b.ok());
    std::vector<uint8_t> data(bytes);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 131 + (i >> 20));
    const Status up = device().upload(b.value(), 36, data.data(), bytes);
    std::vector<uint8_t> back(bytes);
    const Status down = device().download(b.value(), 36, back.data(), bytes);
    device().setStagingOnly(false);
    ASSERT_TRUE(up.ok()) << up.message();
    ASSERT_TRUE(down.ok()) << down.message();
    EXPECT_TRUE(data == back);
    // On unified memory the staged bytes are visible through the mapping too.
    if (b.value().mapped() != nullptr) {
        EXPECT_EQ(
            std::memcmp(static_cast<const uint8_t*>(b.value().mapped()) + 36, data.data(), 4096),
            0);
    }
}

TEST_F(RuntimeTest, SmallBuffersShareAndReuseMemory) {
    const uint64_t before = device().memoryPool().bytesAllocated();
    for (int round = 0; round < 16; ++round) {
        std::vector<vk::Buffer> buffers;
        for (int i = 0; i < 60; ++i) {  // odd sizes, so freed neighbours must merge to be reused
            auto b =
                vk::Buffer::create(device(), (96 << 10) + 48 * i, vk::MemoryUse::Device, "test");
            ASSERT_TRUE(b.ok());
            buffers.push_back(std::move(b).value());
        }
    }
    // 16 rounds of ~6 MiB (94 MiB in all, more than a block) were requested; freed memory
    // served later rounds, so at most one new 64 MiB block was needed.
    EXPECT_LE(device().memoryPool().bytesAllocated() - before, vk::MemoryPool::kBlockBytes);
}

TEST_F(RuntimeTest, ImpossibleAllocationIsAnErrorNotACrash) {
    auto b = vk::Buffer::create(device(), 1ull << 46, vk::MemoryUse::Device, "allocating 64 TiB");
    ASSERT_FALSE(b.ok());
    EXPECT_NE(b.status().message().find("allocating 64 TiB"), std::string::npos)
        << b.status().message();
    // The device keeps working afterwards.
    auto small = vk::Buffer::create(device(), 4096, vk::MemoryUse::Device, "test");
    EXPECT_TRUE(small.ok());
}

TEST(DeviceChoice, HearthDeviceOutOfRangeIsAClearError) {
    setenv("HEARTH_DEVICE", "42", 1);
    auto instance = vk::Instance::create();
    ASSERT_TRUE(instance.ok());
    auto chosen = vk::chooseDevice(vk::describeDevices(instance.value()->physicalDevices()));
    unsetenv("HEARTH_DEVICE");
    ASSERT_FALSE(chosen.ok());
    EXPECT_NE(chosen.status().message().find("HEARTH_DEVICE=42"), std::string::npos);
}

}  // namespace
}  // namespace hearth

// Test support for kernels: one shared device per test process, buffers with guard bytes
// around every output (an out-of-bounds write fails the test), and the normalized mean squared
// error that parity tests compare with.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include "ops/op_context.h"
#include "vk/buffer.h"
#include "vk/command_stream.h"
#include "vk/device.h"

namespace hearth::testing {

// sum((a-b)^2) / sum(a^2): ggml's test-backend-ops measure.
double nmse(std::span<const float> reference, std::span<const float> actual);

std::vector<float> randomFloats(size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f);

// A device buffer whose bound range is surrounded by guard bytes with a known pattern.
struct GuardedBuffer {
    vk::Buffer buffer;
    uint64_t bytes = 0;
    static constexpr uint64_t kGuardBytes = 1024;
    vk::BufferRange range() const { return {&buffer, kGuardBytes, bytes}; }
};

class GpuTest : public ::testing::Test {
public:
    static vk::Device& device();

protected:
    void SetUp() override;
    void TearDown() override;  // restores the device's default kernel shape

    // Runs the ops under test in their CPU-shaped (true) or GPU-shaped variants, whatever the
    // device, so that both are checked on every machine.
    void useCpuKernels(bool cpu) { device().setCpuKernels(cpu); }

    // Starts a fresh recording on `stream`.
    void begin();
    // Runs what was recorded and waits.
    void run();

    GuardedBuffer input(const void* data, uint64_t bytes);
    GuardedBuffer input(std::span<const float> values) {
        return input(values.data(), values.size_bytes());
    }
    GuardedBuffer output(uint64_t bytes);  // contents preset to a NaN pattern
    // Reads the bound range back, failing the test if a guard byte changed.
    std::vector<uint8_t> readBytes(const GuardedBuffer& b);
    std::vector<float> readFloats(const GuardedBuffer& b);

    ops::OpContext context() { return {device(), *stream}; }

    std::unique_ptr<vk::CommandStream> stream;
};

}  // namespace hearth::testing

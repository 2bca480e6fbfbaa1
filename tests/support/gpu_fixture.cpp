#include "support/gpu_fixture.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace hearth::testing {

namespace {
constexpr uint8_t kGuardPattern = 0xA5;
constexpr uint8_t kUnwrittenPattern = 0xFF;  // 0xFFFFFFFF is a NaN as a float
// The device's own kernel shape, recorded before any test changes it.
bool defaultCpuKernels() {
    static const bool value = GpuTest::device().useCpuKernels();
    return value;
}

}  // namespace

double nmse(std::span<const float> reference, std::span<const float> actual) {
    if (reference.size() != actual.size()) return INFINITY;
    double err = 0, norm = 0;
    for (size_t i = 0; i < reference.size(); ++i) {
        const double d = static_cast<double>(reference[i]) - static_cast<double>(actual[i]);
        err += d * d;
        norm += static_cast<double>(reference[i]) * static_cast<double>(reference[i]);
    }
    if (std::isnan(err)) return INFINITY;
    return norm > 0 ? err / norm : err;
}

std::vector<float> randomFloats(size_t n, uint32_t seed, float lo, float hi) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (float& x : v) x = dist(rng);
    return v;
}

vk::Device& GpuTest::device() {
    static std::unique_ptr<vk::Device> shared = [] {
        Result<std::unique_ptr<vk::Device>> d = vk::Device::create();
        if (!d.ok()) {
            std::fprintf(stderr, "no Vulkan device: %s\n", d.status().message().c_str());
            std::abort();  // a test binary without a device cannot test anything
        }
        return std::move(d).value();
    }();
    return *shared;
}

void GpuTest::SetUp() {
    defaultCpuKernels();
    Result<std::unique_ptr<vk::CommandStream>> s = vk::CommandStream::create(device());
    ASSERT_TRUE(s.ok()) << s.status().message();
    stream = std::move(s).value();
    begin();
}

void GpuTest::TearDown() {
    device().setCpuKernels(defaultCpuKernels());
}

void GpuTest::begin() {
    Status s = stream->begin();
    ASSERT_TRUE(s.ok()) << s.message();
}

void GpuTest::run() {
    Status s = stream->run();
    ASSERT_TRUE(s.ok()) << s.message();
}

GuardedBuffer GpuTest::output(uint64_t bytes) {
    GuardedBuffer g;
    g.bytes = bytes;
    const uint64_t total = bytes + 2 * GuardedBuffer::kGuardBytes;
    Result<vk::Buffer> b =
        vk::Buffer::create(device(), total, vk::MemoryUse::Device, "test buffer");
    EXPECT_TRUE(b.ok()) << b.status().message();
    if (!b.ok()) return g;
    g.buffer = std::move(b).value();
    std::vector<uint8_t> fill(total, kGuardPattern);
    std::memset(fill.data() + GuardedBuffer::kGuardBytes, kUnwrittenPattern, bytes);
    Status s = device().upload(g.buffer, 0, fill.data(), total);
    EXPECT_TRUE(s.ok()) << s.message();
    return g;
}

GuardedBuffer GpuTest::input(const void* data, uint64_t bytes) {
    GuardedBuffer g = output(bytes);
    if (!g.buffer.valid()) return g;
    Status s = device().upload(g.buffer, GuardedBuffer::kGuardBytes, data, bytes);
    EXPECT_TRUE(s.ok()) << s.message();
    return g;
}

std::vector<uint8_t> GpuTest::readBytes(const GuardedBuffer& g) {
    const uint64_t total = g.bytes + 2 * GuardedBuffer::kGuardBytes;
    std::vector<uint8_t> all(total);
    Status s = device().download(g.buffer, 0, all.data(), total);
    EXPECT_TRUE(s.ok()) << s.message();
    for (uint64_t i = 0; i < GuardedBuffer::kGuardBytes; ++i) {
        if (all[i] != kGuardPattern || all[total - 1 - i] != kGuardPattern) {
            ADD_FAILURE() << "a kernel wrote outside its output range (guard byte "
                          << (all[i] != kGuardPattern ? i : total - 1 - i) << " changed)";
            break;
        }
    }
    return {all.begin() + GuardedBuffer::kGuardBytes, all.end() - GuardedBuffer::kGuardBytes};
}

std::vector<float> GpuTest::readFloats(const GuardedBuffer& g) {
    std::vector<uint8_t> bytes = readBytes(g);
    std::vector<float> out(bytes.size() / sizeof(float));
    std::memcpy(out.data(), bytes.data(), out.size() * sizeof(float));
    return out;
}

}  // namespace hearth::testing

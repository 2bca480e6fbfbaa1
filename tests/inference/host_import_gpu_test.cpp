// Weights used where a mapped file holds them (Buffer::importHost): on devices whose memory is
// host memory, a kernel reads the file's pages directly and computes what it computes on a copy.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "ops/matvec.h"
#include "reference/matmul.h"
#include "reference/quantize.h"
#include "support/gpu_fixture.h"
#include "vk/device.h"

namespace hearth {
namespace {

using testing::GpuTest;

class HostImportTest : public GpuTest {};

TEST_F(HostImportTest, AMatvecReadsWeightsFromAMappedFile) {
    if (!device().caps().importHostMemory) GTEST_SKIP() << "the device cannot import host memory";
    // A Q8_0 matrix at offset 96 of a file, as a GGUF tensor sits after its header.
    const uint32_t rows = 300, cols = 512;
    const uint64_t rowBytes = tensorRowBytes(TensorType::Q8_0, cols).value();
    std::vector<uint8_t> bytes(96 + rowBytes * rows, 0xEE);
    const std::vector<float> values = testing::randomFloats(uint64_t{rows} * cols, 5);
    for (uint32_t r = 0; r < rows; ++r)
        quantizeRow(TensorType::Q8_0, values.data() + uint64_t{r} * cols,
                    bytes.data() + 96 + r * rowBytes, cols);
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("hearth-import-" + std::to_string(getpid()));
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    const int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    void* map = mmap(nullptr, bytes.size(), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    std::filesystem::remove(path);
    ASSERT_NE(map, MAP_FAILED);
    const uint8_t* tensor = static_cast<const uint8_t*>(map) + 96;

    uint64_t offset = 0;
    Result<vk::Buffer> imported =
        vk::Buffer::importHost(device(), tensor, rowBytes * rows, offset, "test weights");
    ASSERT_TRUE(imported.ok()) << imported.status().message();
    EXPECT_EQ(static_cast<const uint8_t*>(imported->mapped()) + offset, tensor)
        << "the buffer must be the file's pages, not a copy";

    const std::vector<float> x = testing::randomFloats(cols, 6);
    auto gx = input(x);
    auto y = output(rows * 4);
    auto ctx = context();
    const ops::WeightView w{vk::BufferRange{&imported.value(), offset, rowBytes * rows},
                            TensorType::Q8_0, rows, cols};
    ASSERT_TRUE(ops::matvec(ctx, w, gx.range(), y.range()).ok());
    run();
    std::vector<float> expected(rows);
    reference::matvec(TensorType::Q8_0, tensor, rows, cols, x.data(), expected.data());
    EXPECT_LE(testing::nmse(expected, readFloats(y)), 1e-10);
    imported = Status::error("released");
    munmap(map, bytes.size());
}

}  // namespace
}  // namespace hearth

// libFuzzer entry point for the GGUF reader. Besides "no crash, no sanitizer report", it
// checks what the reader promises about an accepted image: every tensor lies inside it, is
// aligned, and has the size its type and shape give. Built as a fuzzer by clang
// (tests/fuzz/CMakeLists.txt) and replayed over the seed corpus and random mutations by
// hearth_gguf_fuzz_tests in every build.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "formats/gguf.h"

namespace {

void require(bool condition) {
    if (!condition) __builtin_trap();  // a broken promise is a finding, like a crash
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace hearth;
    using namespace hearth::formats;
    auto file = GgufFile::parse(std::span<const uint8_t>(data, size), "fuzz.gguf");
    if (!file.ok()) {
        require(!file.status().message().empty());
        return 0;
    }
    const GgufFile& gguf = *file.value();
    volatile uint64_t sink = 0;
    for (const GgufTensor& tensor : gguf.tensors()) {
        require(!tensor.dims.empty() && tensor.dims.size() <= 4);
        require(tensor.data >= data && tensor.bytes <= size &&
                tensor.fileOffset <= size - tensor.bytes);
        require(tensor.data == data + tensor.fileOffset);
        require(tensor.fileOffset % gguf.alignment() == 0);
        const std::optional<uint64_t> rowBytes = tensorRowBytes(tensor.type, tensor.dims[0]);
        require(rowBytes.has_value() && *rowBytes * tensor.rows() == tensor.bytes);
        require(gguf.tensor(tensor.name) == &tensor);
        sink = sink + tensor.data[0] + tensor.data[tensor.bytes - 1];  // ASan sees both ends
    }
    for (const auto& [key, value] : gguf.metadata()) {
        (void)gguf.getUIntOr(key, 0);
        (void)gguf.getFloatOr(key, 0);
        (void)gguf.getStringOr(key, "");
        (void)gguf.getBool(key);
        sink = sink + value.arrayLength;
    }
    return 0;
}

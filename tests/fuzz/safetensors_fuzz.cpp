// libFuzzer entry point for the safetensors reader and the sharded-checkpoint index. Each input
// is read both ways: as a safetensors file and as model.safetensors.index.json. Besides "no
// crash, no sanitizer report", it checks what the reader promises about an accepted file: every
// tensor lies inside it with the size its dtype and shape give, and the tensors tile the data
// exactly; and about an accepted index: every file name is a plain .safetensors name. Built as
// a fuzzer by clang (tests/fuzz/CMakeLists.txt) and replayed over the seed corpus and random
// mutations by hearth_safetensors_fuzz_tests in every build.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "formats/safetensors.h"

namespace {

void require(bool condition) {
    if (!condition) __builtin_trap();  // a broken promise is a finding, like a crash
}

void checkFile(const uint8_t* data, size_t size) {
    using namespace hearth;
    using namespace hearth::formats;
    auto file = SafetensorsFile::parse(std::span<const uint8_t>(data, size), "fuzz.safetensors");
    if (!file.ok()) {
        require(!file.status().message().empty());
        return;
    }
    require(size >= 8);
    uint64_t headerBytes = 0;
    for (size_t i = 0; i < 8; ++i) headerBytes |= uint64_t{data[i]} << (8 * i);
    require(headerBytes <= kSafetensorsMaxHeaderBytes && headerBytes <= size - 8);
    uint64_t next = 8 + headerBytes;  // the tensors tile the data in order
    volatile uint64_t sink = 0;
    for (const SafetensorsTensor& t : file.value()->tensors()) {
        require(t.type == TensorType::F32 || t.type == TensorType::F16 ||
                t.type == TensorType::BF16);
        uint64_t elements = 1;
        for (uint64_t dim : t.shape) elements *= dim;  // cannot wrap: bytes below are checked
        require(elements == t.elements);
        require(t.bytes == t.elements * (t.type == TensorType::F32 ? 4 : 2));
        require(t.fileOffset == next && t.bytes <= size - t.fileOffset);
        require(t.data == data + t.fileOffset);
        require(file.value()->tensor(t.name) == &t);
        if (t.bytes > 0) sink = sink + t.data[0] + t.data[t.bytes - 1];  // ASan sees both ends
        next = t.fileOffset + t.bytes;
    }
    require(next == size);
}

void checkIndex(const uint8_t* data, size_t size) {
    using namespace hearth::formats;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto index = parseSafetensorsIndex(text, "fuzz.index.json");
    if (!index.ok()) {
        require(!index.status().message().empty());
        return;
    }
    for (const auto& [tensor, file] : index->weightMap) {
        require(!file.empty() && file != "." && file != "..");
        require(file.find('/') == std::string::npos && file.find('\\') == std::string::npos);
        require(file.find('\0') == std::string::npos && file.ends_with(".safetensors"));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    checkFile(data, size);
    checkIndex(data, size);
    return 0;
}

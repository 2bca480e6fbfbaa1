// safetensors files (Hugging Face checkpoints): a validating reader over mmap, for single files
// and for the sharded sets that model.safetensors.index.json describes.
//
// A file is a little-endian u64 header length N, N bytes of JSON
//   {"a.weight": {"dtype": "F16", "shape": [rows, cols], "data_offsets": [begin, end]}, ...,
//    "__metadata__": {"key": "text"}}
// and the data, where offsets count from the end of the header. The reader trusts none of it
// (REFERENCES.md section 2): the header is at most 100 MB and inside the file, the JSON is
// strict (a repeated key is an error), every shape's byte size is computed with checked
// arithmetic and must equal its offsets' span, and the tensors, sorted by offset, must tile the
// data exactly: no gap, no overlap, nothing past the end, nothing after the last one. Every
// failure is one line naming the file and the tensor. Tensor data is never copied.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/status.h"
#include "quant/tensor_type.h"

namespace hearth::formats {

class MappedFile;

// The largest header accepted, as the reference implementation limits it.
constexpr uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;

struct SafetensorsTensor {
    std::string name;
    TensorType type = TensorType::F32;  // F32, F16 or BF16: other dtypes are refused
    std::vector<uint64_t> shape;        // outermost first, as stored ([rows, cols])
    uint64_t elements = 0;
    uint64_t bytes = 0;
    const uint8_t* data = nullptr;  // inside the file's bytes
    uint64_t fileOffset = 0;        // absolute offset of the data in the file
};

class SafetensorsFile {
public:
    static Result<std::unique_ptr<SafetensorsFile>> open(const std::filesystem::path& path);
    // Parses an in-memory image (the fuzz target and tests); the bytes must outlive the file.
    static Result<std::unique_ptr<SafetensorsFile>> parse(std::span<const uint8_t> bytes,
                                                          const std::string& name = "memory");
    ~SafetensorsFile();

    const std::string& name() const { return m_name; }
    // In the order of their data.
    const std::vector<SafetensorsTensor>& tensors() const { return m_tensors; }
    const SafetensorsTensor* tensor(std::string_view name) const;
    // "__metadata__": free-form text pairs ("format": "pt").
    const std::map<std::string, std::string, std::less<>>& metadata() const { return m_metadata; }

private:
    SafetensorsFile() = default;
    friend class SafetensorsParser;

    std::string m_name;
    std::unique_ptr<MappedFile> m_mapping;
    std::vector<SafetensorsTensor> m_tensors;
    std::map<std::string, size_t, std::less<>> m_index;
    std::map<std::string, std::string, std::less<>> m_metadata;
};

// model.safetensors.index.json: which file holds each tensor. Every file name must be a plain
// name in the index's own directory ending in .safetensors: a separator, "." or "..", an
// empty name or a control character is refused, so an index cannot reach outside its folder.
struct SafetensorsIndex {
    std::map<std::string, std::string, std::less<>> weightMap;  // tensor -> file name
    std::vector<std::string> files;                             // each once, sorted
};
Result<SafetensorsIndex> parseSafetensorsIndex(std::string_view json, const std::string& name);

// The safetensors files of one checkpoint directory, read as one set of tensors.
class SafetensorsSet {
public:
    // With model.safetensors.index.json, the files its weight map names, each of which must
    // exist and hold the tensors the map sends to it; without one, every *.safetensors file in
    // the directory. A tensor in two files is an error.
    static Result<std::unique_ptr<SafetensorsSet>> open(const std::filesystem::path& directory);

    const std::vector<std::unique_ptr<SafetensorsFile>>& files() const { return m_files; }
    // Every tensor of every file, by name.
    const std::map<std::string, const SafetensorsTensor*, std::less<>>& tensors() const {
        return m_tensors;
    }

private:
    SafetensorsSet() = default;
    std::vector<std::unique_ptr<SafetensorsFile>> m_files;
    std::map<std::string, const SafetensorsTensor*, std::less<>> m_tensors;
};

}  // namespace hearth::formats

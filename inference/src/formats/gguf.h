// GGUF files: a validating reader over mmap (single files and split sets) and a writer.
//
// The reader trusts nothing in the file. Every count, length, offset and size is checked with
// overflow-safe arithmetic before it is used, and every failure is one line that names the
// problem and where it is ("key 'general.alignment' at offset 0x1a0: alignment 3 is not a
// power of two"). Tensor data is never copied: a tensor points into the mapped file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/status.h"
#include "quant/tensor_type.h"

namespace hearth::formats {

class MappedFile;

// GGUF's value type ids, as stored in the file.
enum class GgufType : uint32_t {
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
};

// One metadata value. Scalars keep their stored type; integers are widened into `integer`
// (signed types sign-extended, UInt64 above INT64_MAX kept in `unsignedInteger`), floats into
// `number`. Arrays are one level deep (nested arrays are refused) and hold their elements in
// the matching vector.
struct GgufValue {
    GgufType type = GgufType::UInt8;
    GgufType elementType = GgufType::UInt8;  // for arrays
    int64_t integer = 0;
    uint64_t unsignedInteger = 0;
    double number = 0;
    bool boolean = false;
    std::string string;
    std::vector<int64_t> integers;     // integer and bool arrays
    std::vector<double> numbers;       // float arrays
    std::vector<std::string> strings;  // string arrays
    uint64_t arrayLength = 0;
};

struct GgufTensor {
    std::string name;
    TensorType type = TensorType::F32;
    std::vector<uint64_t> dims;  // innermost first, as stored (1 to 4 of them)
    uint64_t elements = 0;
    uint64_t bytes = 0;
    const uint8_t* data = nullptr;  // inside the mapping of `fileIndex`
    uint32_t fileIndex = 0;         // which file of a split set
    uint64_t fileOffset = 0;        // absolute offset of the data in that file
    uint64_t rows() const { return elements / (dims.empty() ? 1 : dims[0]); }
};

class GgufFile {
public:
    // Opens and validates a GGUF file, or the whole set when `path` is one file of a split set
    // ("name-00001-of-00003.gguf"; any of its files may be given). Metadata comes from the
    // first file; tensors from all of them.
    static Result<std::unique_ptr<GgufFile>> open(const std::filesystem::path& path);
    // Parses an in-memory image (the fuzz target and tests); the bytes must outlive the file.
    static Result<std::unique_ptr<GgufFile>> parse(std::span<const uint8_t> bytes,
                                                   const std::string& name = "memory");
    ~GgufFile();

    uint32_t version() const { return m_version; }
    uint64_t alignment() const { return m_alignment; }
    const std::vector<std::filesystem::path>& paths() const { return m_paths; }

    // Metadata. The typed getters fail with a message naming the key when it is missing or
    // of another type; the *Or forms return the fallback only when the key is missing.
    const GgufValue* find(std::string_view key) const;
    const std::map<std::string, GgufValue, std::less<>>& metadata() const { return m_metadata; }
    Result<std::string> getString(std::string_view key) const;
    Result<uint64_t> getUInt(std::string_view key) const;  // any non-negative integer type
    Result<double> getFloat(std::string_view key) const;   // float or integer types
    Result<bool> getBool(std::string_view key) const;
    Result<uint64_t> getUIntOr(std::string_view key, uint64_t fallback) const;
    Result<double> getFloatOr(std::string_view key, double fallback) const;
    Result<std::string> getStringOr(std::string_view key, std::string fallback) const;

    const std::vector<GgufTensor>& tensors() const { return m_tensors; }
    const GgufTensor* tensor(std::string_view name) const;

private:
    GgufFile() = default;
    friend class GgufParser;

    uint32_t m_version = 0;
    uint64_t m_alignment = 32;
    std::string m_name;  // the (first) file's name, for the getters' messages
    std::vector<std::filesystem::path> m_paths;
    std::vector<std::unique_ptr<MappedFile>> m_mappings;
    std::map<std::string, GgufValue, std::less<>> m_metadata;
    std::vector<GgufTensor> m_tensors;
    std::map<std::string, size_t, std::less<>> m_tensorIndex;
};

// Builds a GGUF (version 3) file: metadata in insertion order, then tensor infos, then the
// data, each tensor aligned to `alignment`. Used by tests to make models and by conversions.
class GgufWriter {
public:
    explicit GgufWriter(uint64_t alignment = 32) : m_alignment(alignment) {}

    void setUInt32(const std::string& key, uint32_t value);
    void setInt32(const std::string& key, int32_t value);
    void setUInt64(const std::string& key, uint64_t value);
    void setFloat32(const std::string& key, float value);
    void setBool(const std::string& key, bool value);
    void setString(const std::string& key, const std::string& value);
    void setStringArray(const std::string& key, const std::vector<std::string>& values);
    void setInt32Array(const std::string& key, const std::vector<int32_t>& values);
    void setFloat32Array(const std::string& key, const std::vector<float>& values);

    // `data` holds the tensor in its type's block format: dims innermost first.
    Status addTensor(const std::string& name, TensorType type, std::vector<uint64_t> dims,
                     std::vector<uint8_t> data);

    size_t tensorCount() const { return m_tensors.size(); }

    // The whole file as bytes, and written to `path` (atomically: a temporary then a rename).
    std::vector<uint8_t> serialize() const;
    Status write(const std::filesystem::path& path) const;

private:
    struct Entry {
        std::string key;
        std::vector<uint8_t> encoded;  // type id + value, as stored
    };
    struct Tensor {
        std::string name;
        TensorType type;
        std::vector<uint64_t> dims;
        std::vector<uint8_t> data;
    };
    void set(const std::string& key, std::vector<uint8_t> encoded);

    uint64_t m_alignment;
    std::vector<Entry> m_entries;
    std::vector<Tensor> m_tensors;
};

}  // namespace hearth::formats

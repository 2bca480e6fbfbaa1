// A read-only memory mapping of a whole file, unmapped when the object goes away.
//
// Model files are gigabytes: mapping them lets the kernel page weights in on demand and share
// them between processes, and lets GGUF tensors point straight into the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <utility>

#include "hearth/status.h"

namespace hearth::formats {

class MappedFile {
public:
    // Fails with a message naming the path for a missing file, a directory, anything that is
    // not a regular file, an empty file, or a failed mmap.
    static Result<std::unique_ptr<MappedFile>> open(const std::filesystem::path& path);
    ~MappedFile();

    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }
    std::span<const uint8_t> bytes() const { return {m_data, m_size}; }
    const std::filesystem::path& path() const { return m_path; }

private:
    MappedFile(std::filesystem::path path, const uint8_t* data, size_t size)
        : m_path(std::move(path)), m_data(data), m_size(size) {}

    std::filesystem::path m_path;
    const uint8_t* m_data;
    size_t m_size;
};

}  // namespace hearth::formats

// GgufWriter: GGUF version 3, little-endian, laid out the way llama.cpp writes it (each
// tensor's data aligned and padded to the alignment).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "formats/checked_math.h"
#include "formats/gguf.h"

namespace hearth::formats {
namespace {

constexpr uint32_t kVersion = 3;
constexpr uint64_t kDefaultAlignment = 32;
constexpr uint64_t kMaxAlignment = uint64_t{1} << 20;  // what the reader accepts
constexpr uint64_t kMaxNameBytes = 64 * 1024;          // what the reader accepts
constexpr std::string_view kAlignmentKey = "general.alignment";

template <typename T>
void put(std::vector<uint8_t>& out, T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const size_t at = out.size();
    out.resize(at + sizeof(T));
    std::memcpy(out.data() + at, &value, sizeof(T));
}

void putType(std::vector<uint8_t>& out, GgufType type) {
    put(out, static_cast<uint32_t>(type));
}

void putString(std::vector<uint8_t>& out, const std::string& text) {
    put(out, static_cast<uint64_t>(text.size()));
    out.insert(out.end(), text.begin(), text.end());
}

template <typename T>
std::vector<uint8_t> encodeScalar(GgufType type, T value) {
    std::vector<uint8_t> out;
    putType(out, type);
    put(out, value);
    return out;
}

template <typename T>
std::vector<uint8_t> encodeArray(GgufType elementType, const std::vector<T>& values) {
    std::vector<uint8_t> out;
    putType(out, GgufType::Array);
    putType(out, elementType);
    put(out, static_cast<uint64_t>(values.size()));
    for (const T& value : values) put(out, value);
    return out;
}

void padTo(std::vector<uint8_t>& out, uint64_t alignment) {
    out.resize(*checkedAlignUp(out.size(), alignment), 0);
}

bool validAlignment(uint64_t alignment) {
    return isPowerOfTwo(alignment) && alignment <= kMaxAlignment;
}

Status alignmentError(uint64_t alignment) {
    return Status::error("GGUF writer: alignment " + std::to_string(alignment) +
                         " is not a power of two between 1 and 1048576");
}

std::string errnoText(int error) {
    return std::generic_category().message(error);
}

}  // namespace

void GgufWriter::set(const std::string& key, std::vector<uint8_t> encoded) {
    // The reader refuses these; a writer that made them would be a programming error.
    assert(!key.empty() && key.size() <= kMaxNameBytes && "GGUF keys are 1 to 65536 bytes");
    const auto it = std::ranges::find(m_entries, key, &Entry::key);
    if (it != m_entries.end()) {
        it->encoded = std::move(encoded);  // in place: the key keeps its position
    } else {
        m_entries.push_back({key, std::move(encoded)});
    }
}

void GgufWriter::setUInt32(const std::string& key, uint32_t value) {
    set(key, encodeScalar(GgufType::UInt32, value));
}

void GgufWriter::setInt32(const std::string& key, int32_t value) {
    set(key, encodeScalar(GgufType::Int32, value));
}

void GgufWriter::setUInt64(const std::string& key, uint64_t value) {
    set(key, encodeScalar(GgufType::UInt64, value));
}

void GgufWriter::setFloat32(const std::string& key, float value) {
    set(key, encodeScalar(GgufType::Float32, value));
}

void GgufWriter::setBool(const std::string& key, bool value) {
    set(key, encodeScalar(GgufType::Bool, static_cast<uint8_t>(value ? 1 : 0)));
}

void GgufWriter::setString(const std::string& key, const std::string& value) {
    std::vector<uint8_t> encoded;
    putType(encoded, GgufType::String);
    putString(encoded, value);
    set(key, std::move(encoded));
}

void GgufWriter::setStringArray(const std::string& key, const std::vector<std::string>& values) {
    std::vector<uint8_t> encoded;
    putType(encoded, GgufType::Array);
    putType(encoded, GgufType::String);
    put(encoded, static_cast<uint64_t>(values.size()));
    for (const std::string& value : values) putString(encoded, value);
    set(key, std::move(encoded));
}

void GgufWriter::setInt32Array(const std::string& key, const std::vector<int32_t>& values) {
    set(key, encodeArray(GgufType::Int32, values));
}

void GgufWriter::setFloat32Array(const std::string& key, const std::vector<float>& values) {
    set(key, encodeArray(GgufType::Float32, values));
}

Status GgufWriter::addTensor(const std::string& name, TensorType type, std::vector<uint64_t> dims,
                             std::vector<uint8_t> data) {
    if (!validAlignment(m_alignment)) return alignmentError(m_alignment);
    const std::string where = "GGUF writer: tensor '" + name + "'";
    if (name.empty() || name.size() > kMaxNameBytes) {
        return Status::error("GGUF writer: a tensor name must be 1 to 65536 bytes long");
    }
    if (std::ranges::find(m_tensors, name, &Tensor::name) != m_tensors.end()) {
        return Status::error(where + " is already added");
    }
    const TensorTypeTraits* traits = tensorTypeTraits(type);
    if (traits == nullptr) {
        return Status::error(where + ": type id " + std::to_string(static_cast<uint32_t>(type)) +
                             " is not supported");
    }
    if (dims.empty() || dims.size() > 4) {
        return Status::error(where + " has " + std::to_string(dims.size()) +
                             " dimensions; GGUF tensors have 1 to 4");
    }
    uint64_t rows = 1;
    for (size_t d = 0; d < dims.size(); ++d) {
        if (dims[d] == 0)
            return Status::error(where + ": dimension " + std::to_string(d) + " is 0");
        if (d == 0) continue;
        const std::optional<uint64_t> product = checkedMul(rows, dims[d]);
        if (!product) return Status::error(where + ": element count overflows 64 bits");
        rows = *product;
    }
    const std::optional<uint64_t> rowBytes = tensorRowBytes(type, dims[0]);
    if (!rowBytes) {
        if (dims[0] % traits->blockValues == 0) {
            return Status::error(where + ": row size overflows 64 bits");
        }
        return Status::error(where + ": a row of " + std::to_string(dims[0]) +
                             " values is not a whole number of " + traits->name + " blocks");
    }
    const std::optional<uint64_t> bytes = checkedMul(*rowBytes, rows);
    if (!bytes || !checkedMul(dims[0], rows)) {
        return Status::error(where + ": data size overflows 64 bits");
    }
    if (data.size() != *bytes) {
        return Status::error(where + " has " + std::to_string(data.size()) +
                             " bytes of data; its " + traits->name + " shape takes " +
                             std::to_string(*bytes));
    }
    m_tensors.push_back({name, type, std::move(dims), std::move(data)});
    return {};
}

std::vector<uint8_t> GgufWriter::serialize() const {
    assert(validAlignment(m_alignment) && "GgufWriter needs a power-of-two alignment");
    // Without the assert the file still comes out, and the reader refuses its alignment key.
    const uint64_t alignment = validAlignment(m_alignment) ? m_alignment : 1;

    // The alignment key always states the alignment the data is laid out with.
    std::vector<Entry> entries = m_entries;
    const auto alignmentEntry = std::ranges::find(entries, kAlignmentKey, &Entry::key);
    if (alignmentEntry != entries.end() || m_alignment != kDefaultAlignment) {
        Entry entry{std::string(kAlignmentKey),
                    encodeScalar(GgufType::UInt32, static_cast<uint32_t>(m_alignment))};
        if (alignmentEntry != entries.end()) {
            *alignmentEntry = std::move(entry);
        } else {
            entries.push_back(std::move(entry));
        }
    }

    std::vector<uint8_t> out = {'G', 'G', 'U', 'F'};
    put(out, kVersion);
    put(out, static_cast<uint64_t>(m_tensors.size()));
    put(out, static_cast<uint64_t>(entries.size()));
    for (const Entry& entry : entries) {
        putString(out, entry.key);
        out.insert(out.end(), entry.encoded.begin(), entry.encoded.end());
    }

    uint64_t dataOffset = 0;  // relative to the data section
    for (const Tensor& tensor : m_tensors) {
        putString(out, tensor.name);
        put(out, static_cast<uint32_t>(tensor.dims.size()));
        for (uint64_t dim : tensor.dims) put(out, dim);
        put(out, static_cast<uint32_t>(tensor.type));
        put(out, dataOffset);
        dataOffset = *checkedAlignUp(dataOffset + tensor.data.size(), alignment);
    }
    padTo(out, alignment);
    for (const Tensor& tensor : m_tensors) {
        out.insert(out.end(), tensor.data.begin(), tensor.data.end());
        padTo(out, alignment);
    }
    return out;
}

Status GgufWriter::write(const std::filesystem::path& path) const {
    if (!validAlignment(m_alignment)) return alignmentError(m_alignment);
    const std::vector<uint8_t> bytes = serialize();
    // Appended rather than "'" + path: GCC 12's -Wrestrict misfires on that form at -O3.
    std::string name = "'";
    name += path.string();
    name += '\'';

    // A temporary in the same directory, renamed over the target: readers see the old file or
    // the whole new one, never a partial write.
    std::string temporary = path.string() + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        return Status::error("cannot create a temporary for " + name + ": " + errnoText(errno));
    auto fail = [&](const std::string& what) {
        const int error = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        return Status::error("cannot write " + name + ": " + what + ": " + errnoText(error));
    };
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) errno = EIO;
        if (n <= 0) return fail("write");
        written += static_cast<size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0) return fail("fchmod");  // mkstemp makes it 0600
    if (::fsync(fd) != 0) return fail("fsync");
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return Status::error("cannot write " + name + ": close: " + errnoText(error));
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return Status::error("cannot write " + name + ": rename: " + errnoText(error));
    }
    return {};
}

}  // namespace hearth::formats

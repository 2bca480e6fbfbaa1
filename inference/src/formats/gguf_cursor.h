// Internal to the GGUF reader: a bounds-checked little-endian cursor over a file image, and
// the reading of one metadata value.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "formats/gguf.h"

namespace hearth::formats {

static_assert(std::endian::native == std::endian::little,
              "the GGUF reader loads little-endian values with memcpy");

template <typename T>
T loadUnaligned(const uint8_t* p) {
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

// Reads values with bounds checks; errors name the file, what was being read and its offset.
class GgufCursor {
public:
    GgufCursor(std::span<const uint8_t> bytes, const std::string& file)
        : m_bytes(bytes), m_file(file) {}

    uint64_t offset() const { return m_pos; }
    uint64_t size() const { return m_bytes.size(); }
    uint64_t remaining() const { return m_bytes.size() - m_pos; }
    const uint8_t* base() const { return m_bytes.data(); }
    const std::string& file() const { return m_file; }

    // "<file>: <where> at offset 0x1a0: <problem>".
    Status error(std::string_view where, uint64_t at, std::string_view problem) const;

    // The next `n` bytes, consumed; nullptr (consuming nothing) if the file ends first.
    const uint8_t* take(uint64_t n) {
        if (n > remaining()) return nullptr;
        const uint8_t* p = m_bytes.data() + m_pos;
        m_pos += n;
        return p;
    }

    template <typename T>
    Result<T> read(std::string_view where, std::string_view what) {
        const uint64_t at = m_pos;
        const uint8_t* p = take(sizeof(T));
        if (p == nullptr) return error(where, at, "the file ends inside the " + std::string(what));
        return loadUnaligned<T>(p);
    }

    // A u64 length and that many bytes; longer than `maxBytes` or the rest of the file fails.
    Result<std::string> readString(std::string_view where, std::string_view what,
                                   uint64_t maxBytes = std::numeric_limits<uint64_t>::max());

private:
    std::span<const uint8_t> m_bytes;
    const std::string& m_file;
    uint64_t m_pos = 0;
};

// Bytes of the smallest value of `type` (a string's u64 length, an array's type and count);
// nullopt for an id that is not a GGUF type.
std::optional<uint64_t> ggufMinValueBytes(GgufType type);

// Reads the value of `value.type` (set by the caller) at the cursor into `value`. Arrays must
// hold scalars or strings, and their declared length must fit in the bytes left.
Status readGgufValue(GgufCursor& cursor, const std::string& where, GgufValue& value);

}  // namespace hearth::formats

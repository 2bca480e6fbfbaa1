// Reading GGUF metadata values: scalars, strings and one-level arrays.
#include "formats/gguf_cursor.h"
#include "formats/gguf_image.h"

namespace hearth::formats {
namespace {

// One fixed-size integer (or bool) of `type` at `p`, sign- or zero-extended to 64 bits;
// UInt64 keeps its bit pattern.
int64_t loadInteger(GgufType type, const uint8_t* p) {
    switch (type) {
        case GgufType::UInt8:
        case GgufType::Bool:
            return loadUnaligned<uint8_t>(p);
        case GgufType::Int8:
            return loadUnaligned<int8_t>(p);
        case GgufType::UInt16:
            return loadUnaligned<uint16_t>(p);
        case GgufType::Int16:
            return loadUnaligned<int16_t>(p);
        case GgufType::UInt32:
            return loadUnaligned<uint32_t>(p);
        case GgufType::Int32:
            return loadUnaligned<int32_t>(p);
        case GgufType::UInt64:
            return static_cast<int64_t>(loadUnaligned<uint64_t>(p));
        case GgufType::Int64:
            return loadUnaligned<int64_t>(p);
        default:
            return 0;
    }
}

double loadNumber(GgufType type, const uint8_t* p) {
    return type == GgufType::Float32 ? loadUnaligned<float>(p) : loadUnaligned<double>(p);
}

Status readScalar(GgufCursor& cursor, const std::string& where, GgufValue& value) {
    const uint64_t at = cursor.offset();
    if (value.type == GgufType::String) {
        HEARTH_ASSIGN_OR_RETURN(value.string, cursor.readString(where, "string value"));
        return {};
    }
    const uint8_t* p = cursor.take(*ggufMinValueBytes(value.type));
    if (p == nullptr) return cursor.error(where, at, "the file ends inside the value");
    if (value.type == GgufType::Float32 || value.type == GgufType::Float64) {
        value.number = loadNumber(value.type, p);
        return {};
    }
    if (value.type == GgufType::Bool) {
        if (p[0] > 1) {
            return cursor.error(where, at, "bool value " + std::to_string(p[0]) + " is not 0 or 1");
        }
        value.boolean = p[0] == 1;
        value.integer = p[0];
        value.unsignedInteger = p[0];
        return {};
    }
    const int64_t bits = loadInteger(value.type, p);
    if (value.type == GgufType::UInt64) {
        value.unsignedInteger = static_cast<uint64_t>(bits);
        // Values above INT64_MAX live only in unsignedInteger; integer saturates.
        value.integer = bits < 0 ? std::numeric_limits<int64_t>::max() : bits;
    } else {
        value.integer = bits;
        value.unsignedInteger = bits < 0 ? 0 : static_cast<uint64_t>(bits);
    }
    return {};
}

Status readArray(GgufCursor& cursor, const std::string& where, GgufValue& value) {
    const uint64_t typeAt = cursor.offset();
    HEARTH_ASSIGN_OR_RETURN(const uint32_t typeId,
                            cursor.read<uint32_t>(where, "array element type"));
    value.elementType = static_cast<GgufType>(typeId);
    const std::optional<uint64_t> elementBytes = ggufMinValueBytes(value.elementType);
    if (!elementBytes) {
        return cursor.error(where, typeAt,
                            "unknown array element type id " + std::to_string(typeId));
    }
    // Refused rather than recursed into: no stack depth for a crafted file to exhaust.
    if (value.elementType == GgufType::Array) {
        return cursor.error(where, typeAt, "nested arrays are not supported");
    }
    const uint64_t countAt = cursor.offset();
    HEARTH_ASSIGN_OR_RETURN(value.arrayLength, cursor.read<uint64_t>(where, "array length"));
    const uint64_t count = value.arrayLength;
    // Before anything is reserved: count * elementBytes may not even fit in 64 bits, and
    // a count the rest of the file cannot hold must not decide an allocation.
    if (count > cursor.remaining() / *elementBytes) {
        return cursor.error(where, countAt,
                            "array of " + std::to_string(count) + " " +
                                ggufTypeName(value.elementType) +
                                " values runs past the end of the file (" +
                                std::to_string(cursor.remaining()) + " bytes left)");
    }
    if (value.elementType == GgufType::String) {
        value.strings.reserve(count);
        for (uint64_t i = 0; i < count; ++i) {
            HEARTH_ASSIGN_OR_RETURN(std::string s, cursor.readString(where, "string element"));
            value.strings.push_back(std::move(s));
        }
        return {};
    }
    const uint8_t* p = cursor.take(count * *elementBytes);  // cannot fail: checked above
    if (value.elementType == GgufType::Float32 || value.elementType == GgufType::Float64) {
        value.numbers.resize(count);
        for (uint64_t i = 0; i < count; ++i) {
            value.numbers[i] = loadNumber(value.elementType, p + i * *elementBytes);
        }
        return {};
    }
    if (value.elementType == GgufType::Bool) {
        for (uint64_t i = 0; i < count; ++i) {
            if (p[i] > 1) {
                return cursor.error(where, countAt + 8 + i,
                                    "bool element " + std::to_string(p[i]) + " is not 0 or 1");
            }
        }
    }
    // UInt64 elements above INT64_MAX keep their bit pattern (elementType says how to read).
    value.integers.resize(count);
    for (uint64_t i = 0; i < count; ++i) {
        value.integers[i] = loadInteger(value.elementType, p + i * *elementBytes);
    }
    return {};
}

}  // namespace

Status GgufCursor::error(std::string_view where, uint64_t at, std::string_view problem) const {
    return ggufError(m_file, where, at, problem);
}

Result<std::string> GgufCursor::readString(std::string_view where, std::string_view what,
                                           uint64_t maxBytes) {
    const uint64_t at = m_pos;
    HEARTH_ASSIGN_OR_RETURN(const uint64_t length, read<uint64_t>(where, what));
    if (length > maxBytes) {
        return error(where, at,
                     std::string(what) + " of " + std::to_string(length) +
                         " bytes is longer than the limit of " + std::to_string(maxBytes));
    }
    // The length is compared with what is left, never incremented: no wrap at UINT64_MAX.
    const uint8_t* p = take(length);
    if (p == nullptr) {
        return error(where, at,
                     std::string(what) + " of " + std::to_string(length) +
                         " bytes runs past the end of the file (" + std::to_string(remaining()) +
                         " bytes left)");
    }
    return std::string(reinterpret_cast<const char*>(p), length);
}

std::optional<uint64_t> ggufMinValueBytes(GgufType type) {
    switch (type) {
        case GgufType::UInt8:
        case GgufType::Int8:
        case GgufType::Bool:
            return 1;
        case GgufType::UInt16:
        case GgufType::Int16:
            return 2;
        case GgufType::UInt32:
        case GgufType::Int32:
        case GgufType::Float32:
            return 4;
        case GgufType::UInt64:
        case GgufType::Int64:
        case GgufType::Float64:
        case GgufType::String:
            return 8;
        case GgufType::Array:
            return 4 + 8;
    }
    return std::nullopt;
}

Status readGgufValue(GgufCursor& cursor, const std::string& where, GgufValue& value) {
    return value.type == GgufType::Array ? readArray(cursor, where, value)
                                         : readScalar(cursor, where, value);
}

}  // namespace hearth::formats

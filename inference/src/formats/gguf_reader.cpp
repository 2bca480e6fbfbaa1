// The GGUF byte-level parser: header, key/values, tensor infos and the data section of one
// file image. Every count is bounded by the bytes left before anything is allocated, every
// size and offset is computed with checked arithmetic, and every failure names the file, the
// key or tensor and the byte offset.
#include <algorithm>
#include <numeric>
#include <optional>

#include "formats/checked_math.h"
#include "formats/gguf_cursor.h"
#include "formats/gguf_image.h"

namespace hearth::formats {
namespace {

constexpr uint32_t kMagic = 0x46554747;  // "GGUF" read as a little-endian u32
constexpr uint64_t kMaxAlignment = uint64_t{1} << 20;
constexpr uint32_t kMaxDims = 4;
constexpr uint64_t kMaxNameBytes = 64 * 1024;  // keys and tensor names (ggml's limit is 64)
// The smallest encodings bound how many items the remaining bytes can possibly hold, so a
// declared count is checked before anything is reserved for it. A key/value: name length, a
// 1-byte name, type, a u8. A tensor info: name length, a 1-byte name, n_dims, one dim, type,
// offset.
constexpr uint64_t kMinKeyValueBytes = 8 + 1 + 4 + 1;
constexpr uint64_t kMinTensorInfoBytes = 8 + 1 + 4 + 8 + 4 + 8;

// ggml's names for the type ids Hearth does not read, so a refusal says what the model holds.
std::string unsupportedTypeName(uint32_t id) {
    static constexpr const char* kNames[] = {
        nullptr,    nullptr,    nullptr,   nullptr, "q4_2",   "q4_3",  nullptr, nullptr,
        nullptr,    "q8_1",     nullptr,   nullptr, nullptr,  nullptr, nullptr, "q8_K",
        "iq2_xxs",  "iq2_xs",   "iq3_xxs", "iq1_s", "iq4_nl", "iq3_s", "iq2_s", "iq4_xs",
        "i8",       "i16",      "i32",     "i64",   "f64",    "iq1_m", nullptr, "q4_0_4_4",
        "q4_0_4_8", "q4_0_8_8", "tq1_0",   "tq2_0", nullptr,  nullptr, nullptr, "mxfp4"};
    if (id < std::size(kNames) && kNames[id] != nullptr) {
        return std::string("type ") + kNames[id] + " (id " + std::to_string(id) + ")";
    }
    return "type id " + std::to_string(id);
}

class ImageParser {
public:
    ImageParser(std::span<const uint8_t> bytes, const std::string& name, uint32_t fileIndex)
        : m_cursor(bytes, name), m_fileIndex(fileIndex) {}

    Result<GgufImage> parse() {
        HEARTH_RETURN_IF_ERROR(readHeader());
        HEARTH_RETURN_IF_ERROR(readMetadata());
        HEARTH_RETURN_IF_ERROR(readAlignment());
        HEARTH_RETURN_IF_ERROR(readTensorInfos());
        HEARTH_RETURN_IF_ERROR(placeTensorData());
        HEARTH_RETURN_IF_ERROR(
            checkTokenizerMetadata(m_image.metadata, m_keyOffsets, m_cursor.file()));
        return std::move(m_image);
    }

private:
    Status readHeader() {
        HEARTH_ASSIGN_OR_RETURN(const uint32_t magic, m_cursor.read<uint32_t>("header", "magic"));
        if (magic != kMagic) return m_cursor.error("header", 0, "not a GGUF file (no GGUF magic)");
        HEARTH_ASSIGN_OR_RETURN(m_image.version, m_cursor.read<uint32_t>("header", "version"));
        const uint32_t swapped = __builtin_bswap32(m_image.version);
        if (m_image.version == 1) {
            return m_cursor.error("header", 4,
                                  "GGUF version 1 is not supported (it has 32-bit counts); "
                                  "convert the model again with a current llama.cpp");
        }
        if (swapped == 2 || swapped == 3) {
            return m_cursor.error("header", 4, "big-endian GGUF files are not supported");
        }
        if (m_image.version != 2 && m_image.version != 3) {
            return m_cursor.error("header", 4,
                                  "unsupported GGUF version " + std::to_string(m_image.version) +
                                      " (Hearth reads versions 2 and 3)");
        }
        HEARTH_ASSIGN_OR_RETURN(m_tensorCount, m_cursor.read<uint64_t>("header", "tensor count"));
        HEARTH_ASSIGN_OR_RETURN(m_keyCount, m_cursor.read<uint64_t>("header", "key/value count"));
        // Early refusal of absurd counts; each list is checked again where it starts.
        if (m_keyCount > m_cursor.remaining() / kMinKeyValueBytes ||
            m_tensorCount > m_cursor.remaining() / kMinTensorInfoBytes) {
            return m_cursor.error("header", 8,
                                  "declares " + std::to_string(m_tensorCount) + " tensors and " +
                                      std::to_string(m_keyCount) + " keys, more than the " +
                                      std::to_string(m_cursor.remaining()) +
                                      " bytes after the header can hold");
        }
        return {};
    }

    Status readMetadata() {
        for (uint64_t i = 0; i < m_keyCount; ++i) {
            const uint64_t at = m_cursor.offset();
            const std::string unnamed = "key #" + std::to_string(i);
            HEARTH_ASSIGN_OR_RETURN(std::string key,
                                    m_cursor.readString(unnamed, "key name", kMaxNameBytes));
            if (key.empty()) return m_cursor.error(unnamed, at, "the key name is empty");
            const std::string where = "key " + quoteForMessage(key);
            if (m_image.metadata.contains(key)) {
                return m_cursor.error(where, at, "duplicate key");
            }
            const uint64_t typeAt = m_cursor.offset();
            HEARTH_ASSIGN_OR_RETURN(const uint32_t typeId,
                                    m_cursor.read<uint32_t>(where, "value type"));
            const auto type = static_cast<GgufType>(typeId);
            if (!ggufMinValueBytes(type)) {
                return m_cursor.error(where, typeAt,
                                      "unknown value type id " + std::to_string(typeId));
            }
            GgufValue value;
            value.type = type;
            HEARTH_RETURN_IF_ERROR(readGgufValue(m_cursor, where, value));
            m_keyOffsets.emplace(key, at);
            m_image.metadata.emplace(std::move(key), std::move(value));
        }
        return {};
    }

    Status readAlignment() {
        const auto it = m_image.metadata.find("general.alignment");
        if (it == m_image.metadata.end()) return {};
        const GgufValue& value = it->second;
        const std::string where = "key 'general.alignment'";
        const uint64_t at = m_keyOffsets.at(it->first);
        if (!isGgufIntegerType(value.type)) {
            return m_cursor.error(
                where, at,
                "alignment must be an unsigned integer, not " + describeGgufValueType(value));
        }
        if (value.integer < 0 || !isPowerOfTwo(value.unsignedInteger) ||
            value.unsignedInteger > kMaxAlignment) {
            const std::string shown = value.integer < 0 ? std::to_string(value.integer)
                                                        : std::to_string(value.unsignedInteger);
            return m_cursor.error(
                where, at, "alignment " + shown + " is not a power of two between 1 and 1048576");
        }
        m_image.alignment = value.unsignedInteger;
        return {};
    }

    Status readTensorInfos() {
        if (m_tensorCount > m_cursor.remaining() / kMinTensorInfoBytes) {
            return m_cursor.error("tensor infos", m_cursor.offset(),
                                  std::to_string(m_tensorCount) + " tensors declared but only " +
                                      std::to_string(m_cursor.remaining()) + " bytes remain");
        }
        m_image.tensors.reserve(m_tensorCount);
        m_infoOffsets.reserve(m_tensorCount);
        std::map<std::string_view, size_t> seen;
        for (uint64_t i = 0; i < m_tensorCount; ++i) {
            const uint64_t at = m_cursor.offset();
            const std::string unnamed = "tensor #" + std::to_string(i);
            GgufTensor tensor;
            HEARTH_ASSIGN_OR_RETURN(tensor.name,
                                    m_cursor.readString(unnamed, "tensor name", kMaxNameBytes));
            if (tensor.name.empty()) return m_cursor.error(unnamed, at, "the tensor name is empty");
            const std::string where = "tensor " + quoteForMessage(tensor.name);
            HEARTH_RETURN_IF_ERROR(readTensorShape(where, tensor));
            const uint64_t offsetAt = m_cursor.offset();
            HEARTH_ASSIGN_OR_RETURN(tensor.fileOffset, m_cursor.read<uint64_t>(where, "offset"));
            tensor.fileIndex = m_fileIndex;
            m_image.tensors.push_back(std::move(tensor));
            m_infoOffsets.push_back(offsetAt);
        }
        // Names are checked once the vector stops moving (string_views into its elements).
        for (size_t i = 0; i < m_image.tensors.size(); ++i) {
            const auto [it, inserted] = seen.emplace(m_image.tensors[i].name, i);
            if (!inserted) {
                return m_cursor.error("tensor " + quoteForMessage(m_image.tensors[i].name),
                                      m_infoOffsets[i], "duplicate tensor name");
            }
        }
        return {};
    }

    Status readTensorShape(const std::string& where, GgufTensor& tensor) {
        const uint64_t dimsAt = m_cursor.offset();
        HEARTH_ASSIGN_OR_RETURN(const uint32_t nDims, m_cursor.read<uint32_t>(where, "n_dims"));
        if (nDims == 0 || nDims > kMaxDims) {
            return m_cursor.error(
                where, dimsAt,
                "has " + std::to_string(nDims) + " dimensions; GGUF tensors have 1 to 4");
        }
        uint64_t elements = 1;
        for (uint32_t d = 0; d < nDims; ++d) {
            const uint64_t at = m_cursor.offset();
            HEARTH_ASSIGN_OR_RETURN(const uint64_t dim, m_cursor.read<uint64_t>(where, "dims"));
            if (dim == 0) {
                return m_cursor.error(where, at, "dimension " + std::to_string(d) + " is 0");
            }
            const std::optional<uint64_t> product = checkedMul(elements, dim);
            if (!product) {
                return m_cursor.error(where, at, "element count overflows 64 bits");
            }
            elements = *product;
            tensor.dims.push_back(dim);
        }
        tensor.elements = elements;

        const uint64_t typeAt = m_cursor.offset();
        HEARTH_ASSIGN_OR_RETURN(const uint32_t typeId, m_cursor.read<uint32_t>(where, "type"));
        tensor.type = static_cast<TensorType>(typeId);
        const TensorTypeTraits* traits = tensorTypeTraits(tensor.type);
        if (traits == nullptr) {
            return m_cursor.error(where, typeAt, unsupportedTypeName(typeId) + " is not supported");
        }
        const std::optional<uint64_t> rowBytes = tensorRowBytes(tensor.type, tensor.dims[0]);
        if (!rowBytes) {
            if (tensor.dims[0] % traits->blockValues != 0) {
                return m_cursor.error(where, typeAt,
                                      "row of " + std::to_string(tensor.dims[0]) +
                                          " values is not a multiple of " + traits->name +
                                          "'s block of " + std::to_string(traits->blockValues) +
                                          " values");
            }
            return m_cursor.error(where, typeAt, "row size overflows 64 bits");
        }
        const std::optional<uint64_t> bytes = checkedMul(*rowBytes, elements / tensor.dims[0]);
        if (!bytes) return m_cursor.error(where, typeAt, "data size overflows 64 bits");
        tensor.bytes = *bytes;
        return {};
    }

    Status placeTensorData() {
        const uint64_t alignment = m_image.alignment;
        std::optional<uint64_t> dataStart = checkedAlignUp(m_cursor.offset(), alignment);
        if (!dataStart || *dataStart > m_cursor.size()) {
            // A file without tensors may end right after its metadata, unpadded.
            if (m_image.tensors.empty()) return {};
            return m_cursor.error("data section", m_cursor.offset(),
                                  "padding to the alignment of " + std::to_string(alignment) +
                                      " runs past the end of the file");
        }
        const uint64_t dataBytes = m_cursor.size() - *dataStart;
        for (size_t i = 0; i < m_image.tensors.size(); ++i) {
            GgufTensor& tensor = m_image.tensors[i];
            const std::string where = "tensor " + quoteForMessage(tensor.name);
            const uint64_t offset = tensor.fileOffset;  // still relative to the data section
            if (offset % alignment != 0) {
                return m_cursor.error(where, m_infoOffsets[i],
                                      "data offset " + hexOffset(offset) +
                                          " is not a multiple of the alignment " +
                                          std::to_string(alignment));
            }
            const std::optional<uint64_t> end = checkedAdd(offset, tensor.bytes);
            if (!end || *end > dataBytes) {
                return m_cursor.error(where, m_infoOffsets[i],
                                      "data (" + std::to_string(tensor.bytes) +
                                          " bytes at data offset " + hexOffset(offset) +
                                          ") runs past the end of the file (the data section " +
                                          "holds " + std::to_string(dataBytes) + " bytes)");
            }
            tensor.fileOffset = *dataStart + offset;  // cannot overflow: <= file size
            tensor.data = m_cursor.base() + tensor.fileOffset;
        }
        return checkOverlaps();
    }

    Status checkOverlaps() const {
        const std::vector<GgufTensor>& tensors = m_image.tensors;
        std::vector<size_t> order(tensors.size());
        std::iota(order.begin(), order.end(), size_t{0});
        std::ranges::sort(order, {}, [&](size_t i) { return tensors[i].fileOffset; });
        for (size_t k = 1; k < order.size(); ++k) {
            const GgufTensor& previous = tensors[order[k - 1]];
            const GgufTensor& next = tensors[order[k]];
            // Both ends are within the file, so the sum cannot overflow.
            if (previous.fileOffset + previous.bytes > next.fileOffset) {
                return m_cursor.error("tensor " + quoteForMessage(next.name),
                                      m_infoOffsets[order[k]],
                                      "data overlaps tensor " + quoteForMessage(previous.name));
            }
        }
        return {};
    }

    GgufCursor m_cursor;
    uint32_t m_fileIndex;
    uint64_t m_tensorCount = 0;
    uint64_t m_keyCount = 0;
    GgufImage m_image;
    std::map<std::string, uint64_t, std::less<>> m_keyOffsets;  // where each key/value starts
    std::vector<uint64_t> m_infoOffsets;  // where each tensor's offset field is
};

}  // namespace

Result<GgufImage> parseGgufImage(std::span<const uint8_t> bytes, const std::string& name,
                                 uint32_t fileIndex) {
    return ImageParser(bytes, name, fileIndex).parse();
}

}  // namespace hearth::formats

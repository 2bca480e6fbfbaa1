// SafetensorsFile: one file's header, validated rule by rule (safetensors.h lists them). The
// index of sharded checkpoints and the directory set are in safetensors_set.cpp.
#include <algorithm>
#include <cstring>
#include <optional>

#include "formats/checked_math.h"
#include "formats/gguf_image.h"  // quoteForMessage
#include "formats/mapped_file.h"
#include "formats/safetensors.h"
#include "formats/strict_json.h"

namespace hearth::formats {

namespace {

using Json = nlohmann::json;

constexpr size_t kHeaderLengthBytes = 8;
// The header object, a tensor's entry, its shape (and one level of slack for a message about
// a nested metadata value rather than about depth).
constexpr size_t kHeaderMaxDepth = 4;
constexpr std::string_view kMetadataKey = "__metadata__";

// The dtypes Hearth loads; every other dtype safetensors defines is refused by name.
std::optional<TensorType> tensorTypeForDtype(std::string_view dtype) {
    if (dtype == "F32") return TensorType::F32;
    if (dtype == "F16") return TensorType::F16;
    if (dtype == "BF16") return TensorType::BF16;
    return std::nullopt;
}

uint64_t elementBytes(TensorType type) {
    return type == TensorType::F32 ? 4 : 2;
}

std::string shapeText(const std::vector<uint64_t>& shape) {
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

std::string offsetsText(uint64_t begin, uint64_t end) {
    return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

}  // namespace

// Turns the header's JSON into tensors; a friend of SafetensorsFile.
class SafetensorsParser {
public:
    SafetensorsParser(std::span<const uint8_t> bytes, std::string name)
        : m_bytes(bytes), m_name(std::move(name)) {}

    Result<std::unique_ptr<SafetensorsFile>> run() {
        if (m_bytes.size() < kHeaderLengthBytes)
            return error("the file is " + std::to_string(m_bytes.size()) +
                         " bytes long, too short for a safetensors header length");
        uint64_t headerBytes = 0;
        for (size_t i = 0; i < kHeaderLengthBytes; ++i)
            headerBytes |= uint64_t{m_bytes[i]} << (8 * i);
        if (headerBytes > kSafetensorsMaxHeaderBytes)
            return error("the header length " + std::to_string(headerBytes) +
                         " is above the 100 MB limit (is this a safetensors file?)");
        if (headerBytes > m_bytes.size() - kHeaderLengthBytes)
            return error("the header length " + std::to_string(headerBytes) +
                         " runs past the end of the file (" + std::to_string(m_bytes.size()) +
                         " bytes)");
        if (headerBytes == 0) return error("the header length is 0");
        m_dataStart = kHeaderLengthBytes + headerBytes;
        m_dataBytes = m_bytes.size() - m_dataStart;

        const std::string_view text(
            reinterpret_cast<const char*>(m_bytes.data()) + kHeaderLengthBytes, headerBytes);
        auto header = parseStrictJson(text, kHeaderMaxDepth);
        if (!header.ok()) return error("header: " + header.status().message());
        if (!header->is_object())
            return error("header: the JSON is " + describeJsonType(header.value()) +
                         ", not an object of tensors");

        m_file = std::unique_ptr<SafetensorsFile>(new SafetensorsFile());
        m_file->m_name = m_name;
        for (const auto& [key, value] : header->items()) {
            if (key == kMetadataKey) {
                HEARTH_RETURN_IF_ERROR(readMetadata(value));
            } else {
                HEARTH_RETURN_IF_ERROR(readTensor(key, value));
            }
        }
        HEARTH_RETURN_IF_ERROR(checkTiling());
        for (size_t i = 0; i < m_file->m_tensors.size(); ++i)
            m_file->m_index.emplace(m_file->m_tensors[i].name, i);
        return std::move(m_file);
    }

private:
    Status error(const std::string& problem) const {
        return Status::error(m_name + ": " + problem);
    }
    Status tensorError(const std::string& tensor, const std::string& problem) const {
        return error("tensor " + quoteForMessage(tensor) + ": " + problem);
    }

    Status readMetadata(const Json& value) {
        if (!value.is_object())
            return error("header: __metadata__ is " + describeJsonType(value) +
                         ", not an object of text");
        for (const auto& [key, text] : value.items()) {
            if (!text.is_string())
                return error("header: __metadata__ " + quoteForMessage(key) + " is " +
                             describeJsonType(text) + ", not a string");
            m_file->m_metadata.emplace(key, text.get<std::string>());
        }
        return Status();
    }

    Status readTensor(const std::string& name, const Json& entry) {
        auto fail = [&](const std::string& problem) { return tensorError(name, problem); };
        if (!entry.is_object())
            return fail("the entry is " + describeJsonType(entry) +
                        ", not an object with dtype, shape and data_offsets");
        const auto dtype = entry.find("dtype");
        const auto shape = entry.find("shape");
        const auto offsets = entry.find("data_offsets");
        if (dtype == entry.end()) return fail("the entry has no dtype");
        if (shape == entry.end()) return fail("the entry has no shape");
        if (offsets == entry.end()) return fail("the entry has no data_offsets");

        SafetensorsTensor t;
        t.name = name;
        if (!dtype->is_string())
            return fail("dtype is " + describeJsonType(*dtype) + ", not a string");
        const std::optional<TensorType> type = tensorTypeForDtype(dtype->get<std::string>());
        if (!type)
            return fail("dtype " + quoteForMessage(dtype->get<std::string>()) +
                        " is not supported (Hearth loads F32, F16 and BF16 tensors)");
        t.type = *type;

        if (!shape->is_array())
            return fail("shape is " + describeJsonType(*shape) + ", not an array of sizes");
        t.elements = 1;
        for (size_t i = 0; i < shape->size(); ++i) {
            const Json& dim = (*shape)[i];
            const std::optional<uint64_t> size = jsonSize(dim);
            if (!size)
                return fail("shape[" + std::to_string(i) + "] is " + jsonTextForMessage(dim) +
                            ", not a size");
            t.shape.push_back(*size);
            const std::optional<uint64_t> product = checkedMul(t.elements, *size);
            if (!product)
                return fail("shape " + jsonTextForMessage(*shape) + " has more elements than 2^64");
            t.elements = *product;
        }
        const std::optional<uint64_t> bytes = checkedMul(t.elements, elementBytes(t.type));
        if (!bytes)
            return fail("shape " + shapeText(t.shape) + " of " + dtype->get<std::string>() +
                        " takes more than 2^64 bytes");
        t.bytes = *bytes;

        if (!offsets->is_array() || offsets->size() != 2)
            return fail("data_offsets is " + describeJsonType(*offsets) +
                        (offsets->is_array() ? " of " + std::to_string(offsets->size()) : "") +
                        ", not [begin, end]");
        const std::optional<uint64_t> begin = jsonSize((*offsets)[0]);
        const std::optional<uint64_t> end = jsonSize((*offsets)[1]);
        if (!begin || !end)
            return fail("data_offsets " + jsonTextForMessage(*offsets) +
                        " are not two byte offsets");
        if (*begin > *end)
            return fail("data_offsets " + offsetsText(*begin, *end) + " end before they begin");
        if (*end > m_dataBytes)
            return fail("data_offsets " + offsetsText(*begin, *end) +
                        " run past the end of the data (" + std::to_string(m_dataBytes) +
                        " bytes after the header)");
        if (*end - *begin != t.bytes)
            return fail("shape " + shapeText(t.shape) + " of " + dtype->get<std::string>() +
                        " takes " + std::to_string(t.bytes) + " bytes but data_offsets " +
                        offsetsText(*begin, *end) + " hold " + std::to_string(*end - *begin));
        t.fileOffset = m_dataStart + *begin;
        t.data = m_bytes.data() + t.fileOffset;
        m_file->m_tensors.push_back(std::move(t));
        return Status();
    }

    // Sorted by offset, the tensors must cover the data section exactly: a gap could hide
    // anything, an overlap makes two tensors share bytes, and trailing bytes mean the header
    // and the file disagree about the size.
    Status checkTiling() {
        std::vector<SafetensorsTensor>& tensors = m_file->m_tensors;
        std::sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) {
            if (a.fileOffset != b.fileOffset) return a.fileOffset < b.fileOffset;
            return a.bytes != b.bytes ? a.bytes < b.bytes : a.name < b.name;
        });
        uint64_t covered = 0;  // data bytes tiled so far
        const SafetensorsTensor* previous = nullptr;
        for (const SafetensorsTensor& t : tensors) {
            const uint64_t begin = t.fileOffset - m_dataStart;
            if (begin > covered) {
                return error("data bytes " + std::to_string(covered) + " to " +
                             std::to_string(begin) + " belong to no tensor (a gap " +
                             (previous ? "between tensor " + quoteForMessage(previous->name) +
                                             " and tensor " + quoteForMessage(t.name)
                                       : "before tensor " + quoteForMessage(t.name)) +
                             ")");
            }
            if (begin < covered) {
                const uint64_t previousBegin = previous->fileOffset - m_dataStart;
                return error("tensor " + quoteForMessage(t.name) + " at data_offsets " +
                             offsetsText(begin, begin + t.bytes) + " overlaps tensor " +
                             quoteForMessage(previous->name) + " at " +
                             offsetsText(previousBegin, previousBegin + previous->bytes));
            }
            covered = begin + t.bytes;
            previous = &t;
        }
        if (covered != m_dataBytes)
            return error("the file has " + std::to_string(m_dataBytes - covered) +
                         " bytes after the last tensor's data (the header describes " +
                         std::to_string(m_dataStart + covered) + " bytes, the file has " +
                         std::to_string(m_bytes.size()) + ")");
        return Status();
    }

    std::span<const uint8_t> m_bytes;
    std::string m_name;
    uint64_t m_dataStart = 0;
    uint64_t m_dataBytes = 0;
    std::unique_ptr<SafetensorsFile> m_file;
};

Result<std::unique_ptr<SafetensorsFile>> SafetensorsFile::parse(std::span<const uint8_t> bytes,
                                                                const std::string& name) {
    return SafetensorsParser(bytes, name).run();
}

Result<std::unique_ptr<SafetensorsFile>> SafetensorsFile::open(const std::filesystem::path& path) {
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<MappedFile> mapping, MappedFile::open(path));
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<SafetensorsFile> file,
                            parse(mapping->bytes(), path.filename().string()));
    file->m_mapping = std::move(mapping);
    return file;
}

SafetensorsFile::~SafetensorsFile() = default;

const SafetensorsTensor* SafetensorsFile::tensor(std::string_view name) const {
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

}  // namespace hearth::formats

// GgufFile: opening single files and split sets, and the typed metadata getters. The byte-level
// parsing and validation of each file lives in gguf_reader.cpp.
#include <cstdio>
#include <optional>

#include "formats/gguf.h"
#include "formats/gguf_image.h"
#include "formats/mapped_file.h"

namespace hearth::formats {
namespace {

constexpr std::string_view kSplitNoKey = "split.no";
constexpr std::string_view kSplitCountKey = "split.count";
constexpr std::string_view kSplitTensorsKey = "split.tensors.count";

// "<prefix>-NNNNN-of-MMMMM.gguf", as llama.cpp's gguf-split names the files (1-based).
struct SplitName {
    std::string prefix;
    uint32_t number = 0;
    uint32_t count = 0;
};

std::optional<uint32_t> parseDigits(std::string_view text) {
    uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    return value;
}

std::optional<SplitName> parseSplitName(const std::string& fileName) {
    constexpr std::string_view kSuffix = ".gguf";
    constexpr size_t kTailBytes = 15 + kSuffix.size();  // "-00001-of-00003" plus ".gguf"
    if (fileName.size() <= kTailBytes || !fileName.ends_with(kSuffix)) return std::nullopt;
    const std::string_view tail = std::string_view(fileName).substr(fileName.size() - kTailBytes);
    if (tail[0] != '-' || tail.substr(6, 4) != "-of-") return std::nullopt;
    const std::optional<uint32_t> number = parseDigits(tail.substr(1, 5));
    const std::optional<uint32_t> count = parseDigits(tail.substr(10, 5));
    if (!number || !count) return std::nullopt;
    return SplitName{fileName.substr(0, fileName.size() - kTailBytes), *number, *count};
}

std::string splitFileName(const std::string& prefix, uint32_t number, uint32_t count) {
    char tail[32];
    std::snprintf(tail, sizeof(tail), "-%05u-of-%05u.gguf", number, count);
    return prefix + tail;
}

// A split metadata value, when present, must be an integer equal to `expected`.
Status checkSplitKey(const GgufImage& image, std::string_view key, uint64_t expected,
                     const std::string& fileName) {
    const auto it = image.metadata.find(key);
    if (it == image.metadata.end()) return {};
    const GgufValue& value = it->second;
    const bool isInteger = isGgufIntegerType(value.type);
    if (!isInteger || value.integer < 0 || value.unsignedInteger != expected) {
        const std::string found =
            isInteger ? std::to_string(value.integer) : describeGgufValueType(value);
        return Status::error(fileName + ": key " + quoteForMessage(key) + " is " + found +
                             " but this file of the split set expects " + std::to_string(expected));
    }
    return {};
}

}  // namespace

// Joins parsed images into a GgufFile; a friend of GgufFile.
class GgufParser {
public:
    static Result<std::unique_ptr<GgufFile>> join(
        std::vector<GgufImage> images, std::vector<std::string> names,
        std::vector<std::filesystem::path> paths,
        std::vector<std::unique_ptr<MappedFile>> mappings) {
        auto file = std::unique_ptr<GgufFile>(new GgufFile());
        file->m_version = images.front().version;
        file->m_alignment = images.front().alignment;
        file->m_name = names.front();
        file->m_paths = std::move(paths);
        file->m_mappings = std::move(mappings);
        file->m_metadata = std::move(images.front().metadata);
        for (size_t i = 0; i < images.size(); ++i) {
            for (GgufTensor& tensor : images[i].tensors) {
                const auto [it, inserted] =
                    file->m_tensorIndex.emplace(tensor.name, file->m_tensors.size());
                if (!inserted) {
                    const uint32_t other = file->m_tensors[it->second].fileIndex;
                    return Status::error(names[i] + ": tensor " + quoteForMessage(tensor.name) +
                                         " is also in " + names[other]);
                }
                file->m_tensors.push_back(std::move(tensor));
            }
        }
        return file;
    }
};

Result<std::unique_ptr<GgufFile>> GgufFile::parse(std::span<const uint8_t> bytes,
                                                  const std::string& name) {
    HEARTH_ASSIGN_OR_RETURN(GgufImage image, parseGgufImage(bytes, name, 0));
    std::vector<GgufImage> images;
    images.push_back(std::move(image));
    return GgufParser::join(std::move(images), {name}, {}, {});
}

Result<std::unique_ptr<GgufFile>> GgufFile::open(const std::filesystem::path& path) {
    const std::string fileName = path.filename().string();
    const std::optional<SplitName> split = parseSplitName(fileName);
    std::vector<std::filesystem::path> paths;
    if (split) {
        if (split->count == 0 || split->number == 0 || split->number > split->count) {
            return Status::error(fileName + ": the name says file " +
                                 std::to_string(split->number) + " of a split set of " +
                                 std::to_string(split->count));
        }
        for (uint32_t n = 1; n <= split->count; ++n) {
            paths.push_back(path.parent_path() / splitFileName(split->prefix, n, split->count));
        }
    } else {
        paths.push_back(path);
    }

    std::vector<GgufImage> images;
    std::vector<std::string> names;
    std::vector<std::unique_ptr<MappedFile>> mappings;
    uint64_t tensorCount = 0;
    for (size_t i = 0; i < paths.size(); ++i) {
        const std::string name = paths[i].filename().string();
        auto mapping = MappedFile::open(paths[i]);
        if (!mapping.ok()) {
            if (!split) return mapping.status();
            return mapping.status().withContext("split set " + quoteForMessage(fileName) + " (" +
                                                std::to_string(paths.size()) + " files)");
        }
        HEARTH_ASSIGN_OR_RETURN(
            GgufImage image, parseGgufImage((*mapping)->bytes(), name, static_cast<uint32_t>(i)));
        if (split) {
            HEARTH_RETURN_IF_ERROR(checkSplitKey(image, kSplitNoKey, i, name));
            HEARTH_RETURN_IF_ERROR(checkSplitKey(image, kSplitCountKey, paths.size(), name));
        } else if (const auto it = image.metadata.find(kSplitCountKey);
                   it != image.metadata.end() && isGgufIntegerType(it->second.type) &&
                   it->second.integer > 1) {
            // A lone file that says it is one part of several would silently lack tensors.
            return Status::error(name + ": key 'split.count' says this is one file of a split " +
                                 "set of " + std::to_string(it->second.integer) +
                                 ", but its name does not end in -NNNNN-of-NNNNN.gguf");
        }
        tensorCount += image.tensors.size();
        images.push_back(std::move(image));
        names.push_back(name);
        mappings.push_back(std::move(*mapping));
    }
    if (split) {
        HEARTH_RETURN_IF_ERROR(
            checkSplitKey(images.front(), kSplitTensorsKey, tensorCount, names.front()));
    }
    return GgufParser::join(std::move(images), std::move(names), std::move(paths),
                            std::move(mappings));
}

GgufFile::~GgufFile() = default;

const GgufValue* GgufFile::find(std::string_view key) const {
    const auto it = m_metadata.find(key);
    return it == m_metadata.end() ? nullptr : &it->second;
}

const GgufTensor* GgufFile::tensor(std::string_view name) const {
    const auto it = m_tensorIndex.find(name);
    return it == m_tensorIndex.end() ? nullptr : &m_tensors[it->second];
}

namespace {

Status missingKey(const std::string& file, std::string_view key) {
    return Status::error(file + ": key " + quoteForMessage(key) + " is missing");
}

Status wrongType(const std::string& file, std::string_view key, const GgufValue& value,
                 std::string_view wanted) {
    return Status::error(file + ": key " + quoteForMessage(key) + " is " +
                         describeGgufValueType(value) + ", not " + std::string(wanted));
}

}  // namespace

Result<std::string> GgufFile::getString(std::string_view key) const {
    const GgufValue* value = find(key);
    if (value == nullptr) return missingKey(m_name, key);
    if (value->type != GgufType::String) return wrongType(m_name, key, *value, "a string");
    return value->string;
}

Result<uint64_t> GgufFile::getUInt(std::string_view key) const {
    const GgufValue* value = find(key);
    if (value == nullptr) return missingKey(m_name, key);
    if (!isGgufIntegerType(value->type)) {
        return wrongType(m_name, key, *value, "an unsigned integer");
    }
    if (value->type != GgufType::UInt64 && value->integer < 0) {
        return Status::error(m_name + ": key " + quoteForMessage(key) + " is negative (" +
                             std::to_string(value->integer) + ")");
    }
    return value->unsignedInteger;
}

Result<double> GgufFile::getFloat(std::string_view key) const {
    const GgufValue* value = find(key);
    if (value == nullptr) return missingKey(m_name, key);
    if (value->type == GgufType::Float32 || value->type == GgufType::Float64) {
        return value->number;
    }
    if (value->type == GgufType::UInt64) return static_cast<double>(value->unsignedInteger);
    if (isGgufIntegerType(value->type)) return static_cast<double>(value->integer);
    return wrongType(m_name, key, *value, "a number");
}

Result<bool> GgufFile::getBool(std::string_view key) const {
    const GgufValue* value = find(key);
    if (value == nullptr) return missingKey(m_name, key);
    if (value->type != GgufType::Bool) return wrongType(m_name, key, *value, "a bool");
    return value->boolean;
}

Result<uint64_t> GgufFile::getUIntOr(std::string_view key, uint64_t fallback) const {
    return find(key) == nullptr ? Result<uint64_t>(fallback) : getUInt(key);
}

Result<double> GgufFile::getFloatOr(std::string_view key, double fallback) const {
    return find(key) == nullptr ? Result<double>(fallback) : getFloat(key);
}

Result<std::string> GgufFile::getStringOr(std::string_view key, std::string fallback) const {
    return find(key) == nullptr ? Result<std::string>(std::move(fallback)) : getString(key);
}

}  // namespace hearth::formats

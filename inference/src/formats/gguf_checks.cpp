// Checks across GGUF metadata values (tokenizer arrays and token ids) and the helpers that
// keep reader errors one readable line.
#include <cinttypes>
#include <cstdio>

#include "formats/gguf_image.h"

namespace hearth::formats {
namespace {

constexpr size_t kMaxQuotedBytes = 96;
constexpr std::string_view kTokenizerPrefix = "tokenizer.ggml.";
constexpr std::string_view kTokenIdSuffix = "_token_id";
constexpr std::string_view kTokensKey = "tokenizer.ggml.tokens";

enum class ElementKind { String, Number, Integer };

bool hasElementKind(const GgufValue& value, ElementKind kind) {
    if (value.type != GgufType::Array) return false;
    switch (kind) {
        case ElementKind::String:
            return value.elementType == GgufType::String;
        case ElementKind::Number:
            return value.elementType == GgufType::Float32 || value.elementType == GgufType::Float64;
        case ElementKind::Integer:
            return isGgufIntegerType(value.elementType);
    }
    return false;
}

const char* kindName(ElementKind kind) {
    switch (kind) {
        case ElementKind::String:
            return "an array of strings";
        case ElementKind::Number:
            return "an array of floats";
        case ElementKind::Integer:
            return "an array of integers";
    }
    return "an array";
}

}  // namespace

bool isGgufIntegerType(GgufType type) {
    switch (type) {
        case GgufType::UInt8:
        case GgufType::Int8:
        case GgufType::UInt16:
        case GgufType::Int16:
        case GgufType::UInt32:
        case GgufType::Int32:
        case GgufType::UInt64:
        case GgufType::Int64:
            return true;
        default:
            return false;
    }
}

std::string hexOffset(uint64_t offset) {
    char text[24];
    std::snprintf(text, sizeof(text), "0x%" PRIx64, offset);
    return text;
}

std::string quoteForMessage(std::string_view text) {
    std::string quoted = "'";
    for (size_t i = 0; i < text.size(); ++i) {
        if (quoted.size() > kMaxQuotedBytes) {
            quoted += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            quoted += static_cast<char>(c);
        } else {
            char escaped[8];
            std::snprintf(escaped, sizeof(escaped), "\\x%02x", c);
            quoted += escaped;
        }
    }
    return quoted + "'";
}

std::string ggufTypeName(GgufType type) {
    static constexpr const char* kNames[] = {"uint8",  "int8",    "uint16", "int16",  "uint32",
                                             "int32",  "float32", "bool",   "string", "array",
                                             "uint64", "int64",   "float64"};
    const auto id = static_cast<uint32_t>(type);
    if (id < std::size(kNames)) return kNames[id];
    return "type id " + std::to_string(id);
}

std::string describeGgufValueType(const GgufValue& value) {
    if (value.type == GgufType::Array) return "an array of " + ggufTypeName(value.elementType);
    const std::string name = ggufTypeName(value.type);
    const bool vowel = name.starts_with("u") || name.starts_with("i") || name.starts_with("a");
    return (vowel ? "an " : "a ") + name;
}

Status ggufError(std::string_view file, std::string_view where, uint64_t at,
                 std::string_view problem) {
    std::string message(file);
    message += ": ";
    message += where;
    message += " at offset ";
    message += hexOffset(at);
    message += ": ";
    message += problem;
    return Status::error(std::move(message));
}

Status checkTokenizerMetadata(const std::map<std::string, GgufValue, std::less<>>& metadata,
                              const std::map<std::string, uint64_t, std::less<>>& keyOffsets,
                              std::string_view file) {
    auto error = [&](const std::string& key, std::string_view problem) {
        return ggufError(file, "key " + quoteForMessage(key), keyOffsets.at(key), problem);
    };

    // The vocabulary arrays are indexed by token id together, so their lengths must agree.
    struct VocabArray {
        std::string_view key;
        ElementKind kind;
    };
    static constexpr VocabArray kVocabArrays[] = {
        {kTokensKey, ElementKind::String},
        {"tokenizer.ggml.scores", ElementKind::Number},
        {"tokenizer.ggml.token_type", ElementKind::Integer},
    };
    const GgufValue* first = nullptr;
    std::string_view firstKey;
    for (const VocabArray& array : kVocabArrays) {
        const auto it = metadata.find(array.key);
        if (it == metadata.end()) continue;
        if (!hasElementKind(it->second, array.kind)) {
            return error(it->first, std::string("must be ") + kindName(array.kind) + ", not " +
                                        describeGgufValueType(it->second));
        }
        if (first == nullptr) {
            first = &it->second;
            firstKey = array.key;
        } else if (it->second.arrayLength != first->arrayLength) {
            return error(it->first, "has " + std::to_string(it->second.arrayLength) +
                                        " entries but " + quoteForMessage(firstKey) + " has " +
                                        std::to_string(first->arrayLength));
        }
    }

    // Special token ids (bos, eos, unknown, padding, ...) must name a token of the vocabulary.
    const auto tokens = metadata.find(kTokensKey);
    for (auto it = metadata.lower_bound(kTokenizerPrefix);
         it != metadata.end() && it->first.starts_with(kTokenizerPrefix); ++it) {
        const std::string& key = it->first;
        if (!key.ends_with(kTokenIdSuffix)) continue;
        const GgufValue& value = it->second;
        if (!isGgufIntegerType(value.type)) {
            return error(key, "a token id must be an integer, not " + describeGgufValueType(value));
        }
        if (tokens == metadata.end()) continue;  // nothing to check against
        const uint64_t vocabSize = tokens->second.arrayLength;
        const bool negative = value.type != GgufType::UInt64 && value.integer < 0;
        if (negative || value.unsignedInteger >= vocabSize) {
            const std::string id =
                negative ? std::to_string(value.integer) : std::to_string(value.unsignedInteger);
            return error(key, "token id " + id + " is outside the vocabulary of " +
                                  std::to_string(vocabSize) + " tokens");
        }
    }
    return {};
}

}  // namespace hearth::formats

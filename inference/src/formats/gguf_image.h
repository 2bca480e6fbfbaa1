// Internal to the GGUF reader: one parsed and validated file image, before the files of a
// split set are joined into a GgufFile.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "formats/gguf.h"

namespace hearth::formats {

struct GgufImage {
    uint32_t version = 0;
    uint64_t alignment = 32;
    std::map<std::string, GgufValue, std::less<>> metadata;
    std::vector<GgufTensor> tensors;  // data points into the parsed bytes
};

// Parses and validates one GGUF image; errors start with `name` (the file name).
// `fileIndex` is recorded in every tensor.
Result<GgufImage> parseGgufImage(std::span<const uint8_t> bytes, const std::string& name,
                                 uint32_t fileIndex);

// "<file>: <where> at offset 0x1a0: <problem>", the shape of every reader error.
Status ggufError(std::string_view file, std::string_view where, uint64_t at,
                 std::string_view problem);

// Tokenizer metadata that would let a crafted file index out of bounds later: the
// tokenizer.ggml.tokens / scores / token_type arrays must have equal lengths and every
// tokenizer.ggml.*_token_id must be an integer inside the vocabulary. `keyOffsets` says where
// each key starts, for the messages.
Status checkTokenizerMetadata(const std::map<std::string, GgufValue, std::less<>>& metadata,
                              const std::map<std::string, uint64_t, std::less<>>& keyOffsets,
                              std::string_view file);

// A key or tensor name quoted for an error message: non-printable bytes escaped as \xNN and
// long names shortened, so the message stays one readable line.
std::string quoteForMessage(std::string_view text);

// "0x1a0".
std::string hexOffset(uint64_t offset);

// The eight integer value types (not bool).
bool isGgufIntegerType(GgufType type);

// GGUF's spelling of a value type ("uint32", "array"); "type id N" for unknown ids.
std::string ggufTypeName(GgufType type);

// A value's type for a message: "a uint32", "an array of int32".
std::string describeGgufValueType(const GgufValue& value);

}  // namespace hearth::formats

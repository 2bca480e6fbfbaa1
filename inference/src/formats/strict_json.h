// JSON from untrusted files (safetensors headers, Hugging Face config and tokenizer files),
// parsed strictly: a key that appears twice in one object is an error rather than silently
// resolved (nlohmann::json keeps one of them, and another reader might keep the other), and
// nesting deeper than a file of that kind needs is refused before it costs anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "hearth/status.h"

namespace hearth::formats {

// The whole of `text` must be one JSON value (surrounding whitespace allowed). Errors are one
// line: "invalid JSON at byte 17: ...", "key 'dtype' appears twice in 'a.weight'", "the JSON
// nests deeper than 8 levels".
Result<nlohmann::json> parseStrictJson(std::string_view text, size_t maxDepth);

// A JSON value's kind for a message: "a string", "an array", "null".
std::string describeJsonType(const nlohmann::json& value);

// A value as JSON text for a message, on one line and shortened: "-3", "1e+30", "[1, 2]".
std::string jsonTextForMessage(const nlohmann::json& value);

// A non-negative integer that fits 64 bits; nullopt for anything else (negative numbers,
// fractions, numbers too large for an integer, other types).
std::optional<uint64_t> jsonSize(const nlohmann::json& value);

}  // namespace hearth::formats

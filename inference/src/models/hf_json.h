// Internal to the Hugging Face checkpoint reader: its small JSON files (config.json,
// tokenizer_config.json, generation_config.json), read strictly, and typed reads of their keys
// with messages that name the file and the key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hearth/status.h"
#include "models/hf_checkpoint.h"

namespace hearth::models {

constexpr uint64_t kHfMaxSmallJsonBytes = 16ull << 20;       // config.json and friends
constexpr uint64_t kHfMaxTokenizerJsonBytes = 256ull << 20;  // tokenizer.json (~10 MB usually)

// The file's top-level object; a repeated key, bad JSON or another top-level type is an error.
Result<nlohmann::json> readHfJsonFile(const std::filesystem::path& path,
                                      uint64_t maxBytes = kHfMaxSmallJsonBytes);
// An empty object when the file does not exist.
Result<nlohmann::json> readOptionalHfJsonFile(const std::filesystem::path& path);

// Typed reads of one object's keys. A key that is missing or null takes the fallback.
class HfFields {
public:
    HfFields(const nlohmann::json& object, std::string file)
        : m_object(object), m_file(std::move(file)) {}

    const nlohmann::json* find(const char* key) const;
    // "<file>: <key> <problem>".
    Status error(const char* key, const std::string& problem) const;

    // A positive size that fits 32 bits; required when there is no fallback.
    Result<uint32_t> count(const char* key, std::optional<uint32_t> fallback = {}) const;
    Result<double> number(const char* key, double fallback) const;  // finite
    Result<bool> boolean(const char* key, bool fallback) const;
    // Token ids: one integer or a list of them (eos_token_id often is a list); empty if none.
    Result<std::vector<int32_t>> tokenIds(const char* key) const;

private:
    const nlohmann::json& m_object;
    std::string m_file;
};

// Special tokens, chat template and sampling advice from the tokenizer and generation files;
// every token id must lie below `vocab`.
Result<HfTokenizerFiles> readHfTokenizerFiles(const std::filesystem::path& directory,
                                              const nlohmann::json& config, uint32_t vocab);

}  // namespace hearth::models

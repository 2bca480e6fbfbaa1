#include "models/hf_json.h"

#include <cmath>
#include <system_error>

#include "formats/mapped_file.h"
#include "formats/strict_json.h"

namespace hearth::models {

namespace {

using Json = nlohmann::json;

// Deep enough for tokenizer.json's nested normalizers and post-processors.
constexpr size_t kMaxJsonDepth = 32;

}  // namespace

Result<Json> readHfJsonFile(const std::filesystem::path& path, uint64_t maxBytes) {
    const std::string name = path.filename().string();
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<formats::MappedFile> file,
                            formats::MappedFile::open(path));
    if (file->size() > maxBytes)
        return Status::error(name + " is " + std::to_string(file->size()) +
                             " bytes, more than such a file ever needs");
    const std::string_view text(reinterpret_cast<const char*>(file->data()), file->size());
    auto json = formats::parseStrictJson(text, kMaxJsonDepth);
    if (!json.ok()) return json.status().withContext(name);
    if (!json->is_object())
        return Status::error(name + ": the JSON is " + formats::describeJsonType(json.value()) +
                             ", not an object");
    return json;
}

Result<Json> readOptionalHfJsonFile(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return Json::object();
    return readHfJsonFile(path);
}

const Json* HfFields::find(const char* key) const {
    const auto it = m_object.find(key);
    return it == m_object.end() || it->is_null() ? nullptr : &*it;
}

Status HfFields::error(const char* key, const std::string& problem) const {
    return Status::error(m_file + ": " + key + " " + problem);
}

Result<uint32_t> HfFields::count(const char* key, std::optional<uint32_t> fallback) const {
    const Json* value = find(key);
    if (value == nullptr) {
        if (fallback) return *fallback;
        return Status::error(m_file + " has no " + key);
    }
    const std::optional<uint64_t> size = formats::jsonSize(*value);
    if (!size || *size == 0 || *size > UINT32_MAX)
        return error(key,
                     "is " + formats::jsonTextForMessage(*value) + ", which is not a usable size");
    return static_cast<uint32_t>(*size);
}

Result<double> HfFields::number(const char* key, double fallback) const {
    const Json* value = find(key);
    if (value == nullptr) return fallback;
    if (!value->is_number() || !std::isfinite(value->get<double>()))
        return error(key, "is " + formats::jsonTextForMessage(*value) + ", not a number");
    return value->get<double>();
}

Result<bool> HfFields::boolean(const char* key, bool fallback) const {
    const Json* value = find(key);
    if (value == nullptr) return fallback;
    if (!value->is_boolean())
        return error(key, "is " + formats::describeJsonType(*value) + ", not true or false");
    return value->get<bool>();
}

Result<std::vector<int32_t>> HfFields::tokenIds(const char* key) const {
    const Json* value = find(key);
    std::vector<int32_t> ids;
    if (value == nullptr) return ids;
    const Json list = value->is_array() ? *value : Json::array({*value});
    for (const Json& id : list) {
        const std::optional<uint64_t> n = formats::jsonSize(id);
        if (!n || *n > INT32_MAX)
            return error(key, "holds " + formats::jsonTextForMessage(id) + ", not a token id");
        ids.push_back(static_cast<int32_t>(*n));
    }
    return ids;
}

}  // namespace hearth::models

// JSON text to template values, the way JSON.parse and Object.entries present it to
// @huggingface/jinja: keys that are array indices ("0", "7") come first in ascending order,
// then the others in the order written; integral numbers are integers.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "template/value.h"

namespace hearth::tmpl {
namespace {

// A canonical array index: "0" or no leading zero, below 2^32 - 1.
bool isArrayIndex(const std::string& key, uint64_t* index) {
    if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return false;
    uint64_t value = 0;
    for (const char c : key) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    *index = value;
    return value < 0xffffffffull;
}

Result<Value> convert(const nlohmann::ordered_json& json, Heap& heap) {
    switch (json.type()) {
        case nlohmann::ordered_json::value_t::null:
            return Value::null();
        case nlohmann::ordered_json::value_t::boolean:
            return Value::fromBool(json.get<bool>());
        case nlohmann::ordered_json::value_t::number_integer:
            return Value::integer(static_cast<double>(json.get<int64_t>()));
        case nlohmann::ordered_json::value_t::number_unsigned:
            return Value::integer(static_cast<double>(json.get<uint64_t>()));
        case nlohmann::ordered_json::value_t::number_float: {
            const double n = json.get<double>();
            return std::isfinite(n) && n == std::floor(n) ? Value::integer(n) : Value::floating(n);
        }
        case nlohmann::ordered_json::value_t::string:
            return heap.string(json.get<std::string>());
        case nlohmann::ordered_json::value_t::array: {
            std::vector<Value> items;
            items.reserve(json.size());
            for (const auto& item : json) {
                HEARTH_ASSIGN_OR_RETURN(Value v, convert(item, heap));
                items.push_back(std::move(v));
            }
            return heap.array(std::move(items));
        }
        case nlohmann::ordered_json::value_t::object: {
            std::vector<std::pair<uint64_t, const std::string*>> indices;
            for (const auto& [key, item] : json.items()) {
                uint64_t index = 0;
                if (isArrayIndex(key, &index)) indices.emplace_back(index, &key);
            }
            std::sort(indices.begin(), indices.end());
            Object object;
            for (const auto& [index, key] : indices) {
                HEARTH_ASSIGN_OR_RETURN(Value v, convert(json.at(*key), heap));
                object.set(*key, std::move(v));
            }
            for (const auto& [key, item] : json.items()) {
                uint64_t index = 0;
                if (isArrayIndex(key, &index)) continue;
                HEARTH_ASSIGN_OR_RETURN(Value v, convert(item, heap));
                object.set(key, std::move(v));
            }
            return heap.object(std::move(object));
        }
        default:
            return Status::error("unsupported JSON value");
    }
}

}  // namespace

Result<Value> valueFromJson(std::string_view text, Heap& heap, const Limits& limits) {
    bool tooDeep = false;
    const auto depthGuard = [&](int depth, nlohmann::ordered_json::parse_event_t,
                                nlohmann::ordered_json&) {
        if (depth > limits.maxValueDepth) tooDeep = true;
        return !tooDeep;
    };
    const auto json = nlohmann::ordered_json::parse(text.begin(), text.end(), depthGuard,
                                                    /*allow_exceptions=*/false);
    if (tooDeep)
        return Status::error("JSON nested more than " + std::to_string(limits.maxValueDepth) +
                             " levels deep");
    if (json.is_discarded()) return Status::error("not valid JSON");
    return convert(json, heap);
}

}  // namespace hearth::tmpl

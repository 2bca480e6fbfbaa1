#include "formats/strict_json.h"

#include <vector>

#include "formats/gguf_image.h"  // quoteForMessage

namespace hearth::formats {
namespace {

using Json = nlohmann::json;

// Builds the document from nlohmann's SAX events, the way its own DOM parser does, but stops
// at the first repeated key or at a nesting too deep, with a message saying where.
class StrictBuilder {
public:
    StrictBuilder(Json& root, size_t maxDepth) : m_root(root), m_maxDepth(maxDepth) {}

    bool null() { return put(Json(nullptr)); }
    bool boolean(bool value) { return put(Json(value)); }
    bool number_integer(Json::number_integer_t value) { return put(Json(value)); }
    bool number_unsigned(Json::number_unsigned_t value) { return put(Json(value)); }
    bool number_float(Json::number_float_t value, const std::string& /*text*/) {
        return put(Json(value));
    }
    bool string(Json::string_t& value) { return put(Json(std::move(value))); }
    bool binary(Json::binary_t& /*value*/) { return fail("binary values are not JSON"); }

    bool start_object(std::size_t /*elements*/) { return open(Json::object()); }
    bool start_array(std::size_t /*elements*/) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Json::string_t& name) {
        // One lookup: vocabularies put 150k keys in one object.
        auto& object = m_stack.back().value->get_ref<Json::object_t&>();
        const auto [slot, added] = object.emplace(name, nullptr);
        if (!added) {
            return fail("key " + quoteForMessage(name) + " appears twice in " +
                        (m_stack.size() == 1          ? std::string("the top-level object")
                         : m_stack.back().key.empty() ? std::string("an object in an array")
                                                      : quoteForMessage(m_stack.back().key)));
        }
        m_slot = &slot->second;
        m_stack.back().pendingKey = std::move(name);
        return true;
    }

    bool parse_error(std::size_t position, const std::string& /*lastToken*/,
                     const nlohmann::detail::exception& error) {
        // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...";
        // the byte position says the same more usefully for a binary file.
        std::string reason = error.what();
        if (const size_t colon = reason.find(": "); colon != std::string::npos)
            reason.erase(0, colon + 2);
        const std::string quoted = quoteForMessage(reason);
        return fail("invalid JSON at byte " + std::to_string(position > 0 ? position - 1 : 0) +
                    ": " + quoted.substr(1, quoted.size() - 2));
    }

    const std::string& error() const { return m_error; }

private:
    struct Open {
        Json* value;
        std::string key;         // the key this container sits under, for messages
        std::string pendingKey;  // an object's latest key
    };

    Json* place(Json value) {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return &m_root;
        }
        Json& parent = *m_stack.back().value;
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        *m_slot = std::move(value);
        return m_slot;
    }
    bool put(Json value) {
        place(std::move(value));
        return true;
    }
    bool open(Json container) {
        if (m_stack.size() >= m_maxDepth)
            return fail("the JSON nests deeper than " + std::to_string(m_maxDepth) + " levels");
        std::string key = m_stack.empty() || m_stack.back().value->is_array()
                              ? std::string()
                              : m_stack.back().pendingKey;
        Json* value = place(std::move(container));
        m_stack.push_back({value, std::move(key), {}});
        return true;
    }
    bool close() {
        m_stack.pop_back();
        return true;
    }
    bool fail(std::string message) {
        if (m_error.empty()) m_error = std::move(message);
        return false;
    }

    Json& m_root;
    size_t m_maxDepth;
    std::vector<Open> m_stack;
    Json* m_slot = nullptr;  // where an object's next value goes
    std::string m_error;
};

}  // namespace

Result<nlohmann::json> parseStrictJson(std::string_view text, size_t maxDepth) {
    Json root;
    StrictBuilder builder(root, maxDepth);
    const bool parsed = Json::sax_parse(text.begin(), text.end(), &builder);
    if (!parsed || !builder.error().empty())
        return Status::error(builder.error().empty() ? "invalid JSON" : builder.error());
    return root;
}

std::string describeJsonType(const nlohmann::json& value) {
    switch (value.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::object:
            return "an object";
        case Json::value_t::array:
            return "an array";
        case Json::value_t::string:
            return "a string";
        case Json::value_t::boolean:
            return "a boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
            return "an integer";
        case Json::value_t::number_float:
            return "a number";
        default:
            return "a binary value";
    }
}

std::string jsonTextForMessage(const nlohmann::json& value) {
    const std::string quoted = quoteForMessage(value.dump());
    return quoted.substr(1, quoted.size() - 2);
}

std::optional<uint64_t> jsonSize(const nlohmann::json& value) {
    if (value.is_number_unsigned()) return value.get<uint64_t>();
    if (value.is_number_integer() && value.get<int64_t>() >= 0)
        return static_cast<uint64_t>(value.get<int64_t>());
    return std::nullopt;
}

}  // namespace hearth::formats

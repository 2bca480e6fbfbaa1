// Runtime values of the template language, modelled on @huggingface/jinja's: numbers are
// JavaScript doubles tagged integer or float, strings are immutable and shared, and containers
// (lists, dicts, namespaces) live in a Heap owned by one render. Containers point at each other
// with plain pointers, so a namespace that holds itself is no leak and tearing down a deeply
// nested value is no recursion; the Heap counts what a template allocates so a render stays
// inside its budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hearth/status.h"

namespace hearth::tmpl {

struct Node;
struct Environment;
struct Array;
struct Object;
struct Callable;

enum class Kind : uint8_t {
    Undefined,
    Null,
    Bool,
    Int,
    Float,
    String,
    Array,
    Tuple,      // an Array made by a tuple literal (some tests tell them apart)
    Object,     // a dict
    KwArgs,     // the keyword arguments of a call, passed as a trailing dict
    Namespace,  // namespace(): assignable attributes, no dict methods
    Function,
};

struct Value {
    Kind kind = Kind::Undefined;
    bool boolean = false;
    double number = 0;
    std::shared_ptr<const std::string> text;
    Array* array = nullptr;        // Array, Tuple
    Object* object = nullptr;      // Object, KwArgs, Namespace
    Callable* callable = nullptr;  // Function

    static Value undefined() { return {}; }
    static Value null() { return make(Kind::Null); }
    static Value fromBool(bool b) {
        Value v = make(Kind::Bool);
        v.boolean = b;
        return v;
    }
    static Value integer(double n) {
        Value v = make(Kind::Int);
        v.number = n;
        return v;
    }
    static Value floating(double n) {
        Value v = make(Kind::Float);
        v.number = n;
        return v;
    }
    static Value string(std::string s) {
        Value v = make(Kind::String);
        v.text = std::make_shared<const std::string>(std::move(s));
        return v;
    }

    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
    bool isArray() const { return kind == Kind::Array || kind == Kind::Tuple; }
    bool isDict() const { return kind == Kind::Object || kind == Kind::KwArgs; }
    // Has attributes looked up by name: dicts and namespaces.
    bool isAttributeContainer() const { return isDict() || kind == Kind::Namespace; }
    bool isNullish() const { return kind == Kind::Null || kind == Kind::Undefined; }
    const std::string& str() const { return *text; }

private:
    static Value make(Kind k) {
        Value v;
        v.kind = k;
        return v;
    }
};

struct Array {
    std::vector<Value> items;
};

// Insertion-ordered, like a JavaScript Map.
struct Object {
    std::vector<std::pair<std::string, Value>> entries;
    std::unordered_map<std::string, size_t> index;

    const Value* find(const std::string& key) const {
        const auto it = index.find(key);
        return it == index.end() ? nullptr : &entries[it->second].second;
    }
    void set(const std::string& key, Value value) {
        const auto [it, inserted] = index.emplace(key, entries.size());
        if (inserted)
            entries.emplace_back(key, std::move(value));
        else
            entries[it->second].second = std::move(value);
    }
};

// Something a template can call: a global (range, namespace, raise_exception, strftime_now),
// a method bound to its receiver ("a".upper), a macro, or the `caller` of a call block.
struct Callable {
    enum class Type { Global, Method, Macro, Caller };
    Type type = Type::Global;
    std::string name;
    Value self;                    // Method: the receiver
    const Node* node = nullptr;    // Macro: the macro; Caller: the call block
    Environment* scope = nullptr;  // Caller: where the call block stands
    bool alive = true;             // Caller: false once its call block has finished
};

// The budgets of one render (see ChatTemplate in hearth/chat_template.h for the figures).
struct Limits {
    size_t maxLoopIterations = 1'000'000;
    int maxCallDepth = 64;
    int maxEvaluationDepth = 1000;
    size_t maxStringBytes = 4u << 20;      // any one string, the output included
    size_t maxTotalBytes = 64u << 20;      // all strings a render makes, together
    size_t maxContainerItems = 2'000'000;  // all list and dict entries a render makes
    // Bytes scanned and items visited by searches, comparisons and filters: bounds the time a
    // render takes when a loop keeps searching a large string.
    size_t maxWork = 1'000'000'000;
    int maxValueDepth = 256;  // nesting of values printed or serialized
};

class Heap {
public:
    explicit Heap(const Limits& limits) : m_limits(limits) {}

    Result<Value> array(std::vector<Value> items, Kind kind = Kind::Array);
    Result<Value> object(Object contents, Kind kind = Kind::Object);
    Value callable(Callable contents);
    // Charges `count` container entries (or `bytes` of string) against the render's budget.
    Status chargeItems(size_t count);
    Status chargeBytes(size_t bytes);
    Status chargeWork(size_t units);
    Result<Value> string(std::string text);

private:
    const Limits& m_limits;
    std::deque<std::unique_ptr<Array>> m_arrays;
    std::deque<std::unique_ptr<Object>> m_objects;
    std::deque<std::unique_ptr<Callable>> m_callables;
    size_t m_items = 0;
    size_t m_bytes = 0;
    size_t m_work = 0;
};

// Truthiness: empty strings, lists and dicts are false, as in Python (JavaScript for the rest).
bool truthy(const Value& v);
// The value as the output prints it (RuntimeValue.toString): true/false, 1.0 for floats,
// JSON for containers; null and undefined print as "null"/"undefined" (blocks skip them).
Result<std::string> printValue(const Value& v, const Limits& limits);
// JavaScript's String(value) of the underlying value, used by `+` and `~` with a string:
// floats lose their ".0", lists join their items with ",", dicts are "[object Map]".
Result<std::string> jsString(const Value& v, const Limits& limits);
// The `tojson` filter.
struct JsonOptions {
    int indent = -1;  // < 0: none
    bool ensureAscii = false;
    bool sortKeys = false;
    bool customSeparators = false;
    std::string itemSeparator, keySeparator;
    bool undefinedAsNull = true;
};
Result<std::string> toJson(const Value& v, const JsonOptions& options, const Limits& limits);
// JavaScript's `a == b` on the underlying values, and `===` (list membership, unique).
bool looseEquals(const Value& a, const Value& b, const Limits& limits);
bool strictEquals(const Value& a, const Value& b);
const char* kindName(Kind kind);

// Parses JSON into values the way JSON.parse does (keys that are array indices come first).
Result<Value> valueFromJson(std::string_view json, Heap& heap, const Limits& limits);

}  // namespace hearth::tmpl

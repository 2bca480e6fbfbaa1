#include "template/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "template/text.h"

namespace hearth::tmpl {

Status Heap::chargeItems(size_t count) {
    m_items += count;
    if (m_items > m_limits.maxContainerItems)
        return Status::error("the template made more than " +
                             std::to_string(m_limits.maxContainerItems) + " list or dict entries");
    return {};
}

Status Heap::chargeBytes(size_t bytes) {
    if (bytes > m_limits.maxStringBytes)
        return Status::error("the template made a string longer than " +
                             std::to_string(m_limits.maxStringBytes >> 20) + " MiB");
    m_bytes += bytes;
    if (m_bytes > m_limits.maxTotalBytes)
        return Status::error("the template made more than " +
                             std::to_string(m_limits.maxTotalBytes >> 20) + " MiB of text");
    return {};
}

Status Heap::chargeWork(size_t units) {
    m_work += units;
    if (m_work > m_limits.maxWork)
        return Status::error("the template did more than " + std::to_string(m_limits.maxWork) +
                             " steps of string and list work");
    return {};
}

Result<Value> Heap::string(std::string text) {
    HEARTH_RETURN_IF_ERROR(chargeBytes(text.size()));
    return Value::string(std::move(text));
}

Result<Value> Heap::array(std::vector<Value> items, Kind kind) {
    HEARTH_RETURN_IF_ERROR(chargeItems(items.size() + 1));
    m_arrays.push_back(std::make_unique<Array>());
    m_arrays.back()->items = std::move(items);
    Value v;
    v.kind = kind;
    v.array = m_arrays.back().get();
    return v;
}

Result<Value> Heap::object(Object contents, Kind kind) {
    HEARTH_RETURN_IF_ERROR(chargeItems(contents.entries.size() + 1));
    m_objects.push_back(std::make_unique<Object>(std::move(contents)));
    Value v;
    v.kind = kind;
    v.object = m_objects.back().get();
    return v;
}

Value Heap::callable(Callable contents) {
    m_callables.push_back(std::make_unique<Callable>(std::move(contents)));
    Value v;
    v.kind = Kind::Function;
    v.callable = m_callables.back().get();
    return v;
}

const char* kindName(Kind kind) {
    switch (kind) {
        case Kind::Undefined:
            return "UndefinedValue";
        case Kind::Null:
            return "NullValue";
        case Kind::Bool:
            return "BooleanValue";
        case Kind::Int:
            return "IntegerValue";
        case Kind::Float:
            return "FloatValue";
        case Kind::String:
            return "StringValue";
        case Kind::Array:
            return "ArrayValue";
        case Kind::Tuple:
            return "TupleValue";
        case Kind::Object:
            return "ObjectValue";
        case Kind::KwArgs:
            return "KeywordArgumentsValue";
        case Kind::Namespace:
            return "NamespaceValue";
        case Kind::Function:
            return "FunctionValue";
    }
    return "?";
}

bool truthy(const Value& v) {
    switch (v.kind) {
        case Kind::Undefined:
        case Kind::Null:
            return false;
        case Kind::Bool:
            return v.boolean;
        case Kind::Int:
        case Kind::Float:
            return v.number != 0 && !std::isnan(v.number);
        case Kind::String:
            return !v.str().empty();
        case Kind::Array:
        case Kind::Tuple:
            return !v.array->items.empty();
        case Kind::Object:
        case Kind::KwArgs:
            return !v.object->entries.empty();
        case Kind::Namespace:
        case Kind::Function:
            return true;
    }
    return false;
}

namespace {

std::string floatToString(double n) {
    if (n == 0 && std::signbit(n)) return "-0.0";
    if (std::isfinite(n) && n == std::floor(n) && std::fabs(n) < 1e21) {
        // Number.prototype.toFixed(1): the exact decimal expansion of the double.
        char buffer[400];
        std::snprintf(buffer, sizeof buffer, "%.1f", n);
        return buffer;
    }
    return jsNumberToString(n);
}

Status tooDeep(const Limits& limits) {
    return Status::error("a value is nested more than " + std::to_string(limits.maxValueDepth) +
                         " levels deep");
}

Status appendJson(std::string& out, const Value& v, const JsonOptions& options, int depth,
                  const Limits& limits) {
    if (depth > limits.maxValueDepth) return tooDeep(limits);
    if (out.size() > limits.maxStringBytes)
        return Status::error("tojson made a string longer than " +
                             std::to_string(limits.maxStringBytes >> 20) + " MiB");
    std::string itemSeparator = ", ";
    std::string keySeparator = ": ";
    if (options.customSeparators) {
        itemSeparator = options.itemSeparator;
        keySeparator = options.keySeparator;
    } else if (options.indent > 0) {
        itemSeparator = ",";
    }
    switch (v.kind) {
        case Kind::Null:
            out += "null";
            return {};
        case Kind::Undefined:
            out += options.undefinedAsNull ? "null" : "undefined";
            return {};
        case Kind::Int:
        case Kind::Float:
            out += std::isfinite(v.number) ? jsNumberToString(v.number) : "null";
            return {};
        case Kind::Bool:
            out += v.boolean ? "true" : "false";
            return {};
        case Kind::String:
            appendJsonString(out, v.str(), options.ensureAscii);
            return {};
        case Kind::Function:
            return Status::error("Cannot convert to JSON: FunctionValue");
        default:
            break;
    }
    const std::string indentUnit = options.indent > 0 ? std::string(options.indent, ' ') : "";
    std::string basePadding = "\n";
    for (int i = 0; i < depth && !indentUnit.empty(); ++i) basePadding += indentUnit;
    const std::string childPadding = basePadding + indentUnit;
    const bool pretty = options.indent > 0;
    if (v.isArray()) {
        const auto& items = v.array->items;
        out += '[';
        for (size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += itemSeparator;
            if (pretty) out += childPadding;
            HEARTH_RETURN_IF_ERROR(appendJson(out, items[i], options, depth + 1, limits));
        }
        if (pretty && !items.empty()) out += basePadding;
        out += ']';
        return {};
    }
    std::vector<const std::pair<std::string, Value>*> entries;
    for (const auto& entry : v.object->entries) entries.push_back(&entry);
    if (options.sortKeys) {
        // localeCompare, approximated: case-insensitive first, then by code point.
        std::stable_sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) {
            const std::string la = toLowerAscii(a->first), lb = toLowerAscii(b->first);
            return la != lb ? la < lb : a->first > b->first;
        });
    }
    out += '{';
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out += itemSeparator;
        if (pretty) out += childPadding;
        appendJsonString(out, entries[i]->first, options.ensureAscii);
        out += keySeparator;
        HEARTH_RETURN_IF_ERROR(appendJson(out, entries[i]->second, options, depth + 1, limits));
    }
    if (pretty && !entries.empty()) out += basePadding;
    out += '}';
    return {};
}

Result<std::string> printAt(const Value& v, int depth, const Limits& limits) {
    switch (v.kind) {
        case Kind::Undefined:
            return std::string("undefined");
        case Kind::Null:
            return std::string("null");
        case Kind::Bool:
            return std::string(v.boolean ? "true" : "false");
        case Kind::Int:
            return jsNumberToString(v.number);
        case Kind::Float:
            return floatToString(v.number);
        case Kind::String:
            return v.str();
        case Kind::Function:
            return "function " + v.callable->name + "() { [code] }";
        default:
            break;
    }
    JsonOptions options;
    options.undefinedAsNull = false;
    std::string out;
    HEARTH_RETURN_IF_ERROR(appendJson(out, v, options, depth, limits));
    return out;
}

}  // namespace

Result<std::string> printValue(const Value& v, const Limits& limits) {
    return printAt(v, 0, limits);
}

Result<std::string> jsString(const Value& v, const Limits& limits) {
    switch (v.kind) {
        case Kind::Int:
        case Kind::Float:
            return jsNumberToString(v.number);
        case Kind::Array:
        case Kind::Tuple: {
            // Array.prototype.toString joins the items' own toString with ",".
            std::string out;
            for (size_t i = 0; i < v.array->items.size(); ++i) {
                if (i > 0) out += ',';
                HEARTH_ASSIGN_OR_RETURN(const std::string item,
                                        printAt(v.array->items[i], 1, limits));
                out += item;
                if (out.size() > limits.maxStringBytes)
                    return Status::error("a list printed longer than the string limit");
            }
            return out;
        }
        case Kind::Object:
        case Kind::KwArgs:
        case Kind::Namespace:
            return std::string("[object Map]");
        default:
            return printValue(v, limits);
    }
}

Result<std::string> toJson(const Value& v, const JsonOptions& options, const Limits& limits) {
    std::string out;
    HEARTH_RETURN_IF_ERROR(appendJson(out, v, options, 0, limits));
    return out;
}

bool strictEquals(const Value& a, const Value& b) {
    if (a.isNumber() && b.isNumber()) return a.number == b.number;
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case Kind::Undefined:
        case Kind::Null:
            return true;
        case Kind::Bool:
            return a.boolean == b.boolean;
        case Kind::String:
            return a.str() == b.str();
        case Kind::Array:
        case Kind::Tuple:
            return a.array == b.array;
        case Kind::Object:
        case Kind::KwArgs:
        case Kind::Namespace:
            return a.object == b.object;
        case Kind::Function:
            return a.callable == b.callable;
        default:
            return false;
    }
}

bool looseEquals(const Value& a, const Value& b, const Limits& limits) {
    if (a.isNullish() || b.isNullish()) return a.isNullish() && b.isNullish();
    const bool aPrimitive = a.kind == Kind::Bool || a.isNumber() || a.kind == Kind::String;
    const bool bPrimitive = b.kind == Kind::Bool || b.isNumber() || b.kind == Kind::String;
    if (!aPrimitive && !bPrimitive) return strictEquals(a, b);
    if (!aPrimitive || !bPrimitive) {
        // An object against a primitive: the object becomes its string first.
        const Value& object = aPrimitive ? b : a;
        if (object.kind == Kind::Function) return false;
        const auto text = jsString(object, limits);
        if (!text.ok()) return false;
        return looseEquals(aPrimitive ? a : Value::string(text.value()),
                           aPrimitive ? Value::string(text.value()) : b, limits);
    }
    if (a.kind == Kind::String && b.kind == Kind::String) return a.str() == b.str();
    const auto toNumber = [](const Value& v) {
        if (v.kind == Kind::Bool) return v.boolean ? 1.0 : 0.0;
        if (v.kind == Kind::String) return jsStringToNumber(v.str());
        return v.number;
    };
    return toNumber(a) == toNumber(b);
}

}  // namespace hearth::tmpl

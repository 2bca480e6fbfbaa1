// Filters, tests, methods and globals, each with @huggingface/jinja's behaviour (which is
// narrower than Python Jinja2's: e.g. `strip` takes no characters, `map` needs `attribute`).
#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <optional>

#include "template/interpreter.h"
#include "template/text.h"

namespace hearth::tmpl {
namespace {

Status cannotApply(const std::string& filter, const Value& operand) {
    return Status::error("cannot apply filter \"" + filter + "\" to " + kindName(operand.kind));
}

// The i-th positional argument, else the keyword `name`, else nothing.
std::optional<Value> argument(const Arguments& args, size_t i, const std::string& name) {
    if (i < args.positional.size()) return args.positional[i];
    if (const Value* v = args.keywords.find(name)) return *v;
    return std::nullopt;
}

// Splits a trailing KwArgs value off positional arguments.
Arguments splitKeywords(std::vector<Value> values) {
    Arguments args;
    if (!values.empty() && values.back().kind == Kind::KwArgs) {
        args.keywords = *values.back().object;
        values.pop_back();
    }
    args.positional = std::move(values);
    return args;
}

// compareRuntimeValues: numbers (and booleans) with each other, strings with strings.
Result<int> compareValues(const Value& a, const Value& b, bool caseSensitive) {
    if (a.kind == Kind::Null && b.kind == Kind::Null) return 0;
    if (a.kind == Kind::Undefined && b.kind == Kind::Undefined) return 0;
    if (a.isNullish() || b.isNullish())
        return Status::error(std::string("cannot compare ") + kindName(a.kind) + " with " +
                             kindName(b.kind));
    const bool aNumeric = a.isNumber() || a.kind == Kind::Bool;
    const bool bNumeric = b.isNumber() || b.kind == Kind::Bool;
    if (aNumeric && bNumeric) {
        const double x = a.kind == Kind::Bool ? a.boolean : a.number;
        const double y = b.kind == Kind::Bool ? b.boolean : b.number;
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.kind != b.kind || a.kind != Kind::String)
        return Status::error(std::string("cannot compare ") + kindName(a.kind) + " with " +
                             kindName(b.kind));
    const std::string x = caseSensitive ? a.str() : toLowerAscii(a.str());
    const std::string y = caseSensitive ? b.str() : toLowerAscii(b.str());
    return x < y ? -1 : x > y ? 1 : 0;
}

// Sorts stably with a comparator that can fail; the first failure is the result.
Status sortValues(std::vector<Value>& items,
                  const std::function<Result<int>(const Value&, const Value&)>& compare) {
    Status failure;
    std::stable_sort(items.begin(), items.end(), [&](const Value& a, const Value& b) {
        if (!failure.ok()) return false;
        const auto order = compare(a, b);
        if (!order.ok()) {
            failure = order.status();
            return false;
        }
        return order.value() < 0;
    });
    return failure;
}

// "a.b.0": dict keys and list indices.
Value attributePath(const Value& item, const std::string& path) {
    Value value = item;
    size_t start = 0;
    while (true) {
        const size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? dot : dot - start);
        if (value.isAttributeContainer()) {
            const Value* found = value.object->find(part);
            value = found != nullptr ? *found : Value::undefined();
        } else if (value.isArray()) {
            const double index = jsParseInt(part);
            if (!(index >= 0 && index < static_cast<double>(value.array->items.size())))
                return Value::undefined();
            value = value.array->items[static_cast<size_t>(index)];
        } else {
            return Value::undefined();
        }
        if (dot == std::string::npos) return value;
        start = dot + 1;
    }
}

std::string titleCase(const std::string& text) {
    std::string out = text;
    const auto word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    };
    for (size_t i = 0; i < out.size(); ++i)
        if (word(out[i]) && (i == 0 || !word(out[i - 1])) && out[i] >= 'a' && out[i] <= 'z')
            out[i] = static_cast<char>(out[i] - 'a' + 'A');
    return out;
}

std::string indentLines(const std::string& text, const std::string& indent, bool first,
                        bool blank) {
    std::string out;
    size_t start = 0;
    for (size_t line = 0;; ++line) {
        const size_t end = text.find('\n', start);
        const std::string part = text.substr(start, end == std::string::npos ? end : end - start);
        if (line > 0) out += '\n';
        if (!((!first && line == 0) || (!blank && part.empty()))) out += indent;
        out += part;
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

Result<Value> toJsonFilter(Interpreter& in, const Value& operand, const Arguments& args) {
    JsonOptions options;
    if (const Value* indent = args.keywords.find("indent")) {
        if (indent->kind == Kind::Int) {
            if (indent->number < 0 || indent->number > 1024)
                return Status::error("tojson indent must be between 0 and 1024");
            options.indent = static_cast<int>(indent->number);
        } else if (indent->kind != Kind::Null) {
            return Status::error("tojson indent must be a number");
        }
    }
    if (const Value* ascii = args.keywords.find("ensure_ascii")) {
        if (ascii->kind != Kind::Bool) return Status::error("ensure_ascii must be a boolean");
        options.ensureAscii = ascii->boolean;
    }
    if (const Value* sort = args.keywords.find("sort_keys")) {
        if (sort->kind != Kind::Bool) return Status::error("sort_keys must be a boolean");
        options.sortKeys = sort->boolean;
    }
    if (const Value* separators = args.keywords.find("separators")) {
        if (separators->isArray()) {
            const auto& items = separators->array->items;
            if (items.size() != 2 || items[0].kind != Kind::String || items[1].kind != Kind::String)
                return Status::error("separators must be a tuple of two strings");
            options.customSeparators = true;
            options.itemSeparator = items[0].str();
            options.keySeparator = items[1].str();
        } else if (separators->kind != Kind::Null) {
            return Status::error("separators must be a tuple of two strings");
        }
    }
    HEARTH_ASSIGN_OR_RETURN(std::string text, toJson(operand, options, in.limits()));
    return in.makeString(std::move(text));
}

Result<Value> joinValues(Interpreter& in, const Value& operand, const std::string& separator) {
    std::string out;
    if (operand.kind == Kind::String) {
        const auto points = codePoints(operand.str());
        for (size_t i = 0; i < points.size(); ++i) {
            if (i > 0) out += separator;
            appendUtf8(out, points[i]);
            if (out.size() > in.limits().maxStringBytes) break;
        }
    } else {
        const auto& items = operand.array->items;
        for (size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += separator;
            if (!items[i].isNullish()) {
                HEARTH_ASSIGN_OR_RETURN(const std::string part, jsString(items[i], in.limits()));
                out += part;
            }
            if (out.size() > in.limits().maxStringBytes) break;
        }
    }
    return in.makeString(std::move(out));
}

Result<Value> identifierFilter(Interpreter& in, const Value& operand, const std::string& name) {
    if (name == "safe") return operand;
    if (name == "tojson") return toJsonFilter(in, operand, {});
    if (operand.isArray()) {
        const auto& items = operand.array->items;
        if (name == "list") return operand;
        if (name == "first" || name == "last") {
            if (items.empty()) return Status::error("\"" + name + "\" of an empty list");
            return name == "first" ? items.front() : items.back();
        }
        if (name == "length") return Value::integer(static_cast<double>(items.size()));
        if (name == "reverse")
            return in.heap().array(std::vector<Value>(items.rbegin(), items.rend()));
        if (name == "sort") {
            std::vector<Value> sorted = items;
            HEARTH_RETURN_IF_ERROR(sortValues(
                sorted, [](const Value& a, const Value& b) { return compareValues(a, b, false); }));
            return in.heap().array(std::move(sorted));
        }
        if (name == "join") return joinValues(in, operand, "");
        if (name == "string") {
            JsonOptions options;
            options.undefinedAsNull = false;
            HEARTH_ASSIGN_OR_RETURN(std::string text, toJson(operand, options, in.limits()));
            return in.makeString(std::move(text));
        }
        if (name == "unique") {
            std::vector<Value> out;
            for (const Value& item : items) {
                bool seen = false;
                for (const Value& kept : out) seen = seen || strictEquals(kept, item);
                if (!seen) out.push_back(item);
            }
            return in.heap().array(std::move(out));
        }
        return Status::error("unknown list filter \"" + name + "\"");
    }
    if (operand.kind == Kind::String) {
        const std::string& s = operand.str();
        if (name == "length" || name == "upper" || name == "lower" || name == "title" ||
            name == "capitalize") {
            if (name == "length") return memberBuiltin(in, operand, name);
            return callMethod(in, operand, name, {});
        }
        if (name == "trim") return in.makeString(std::string(trimJs(s, true, true)));
        if (name == "indent") return in.makeString(indentLines(s, "    ", false, false));
        if (name == "join" || name == "string") return operand;
        if (name == "int") {
            const double n = jsParseInt(s);
            return Value::integer(std::isnan(n) ? 0 : n);
        }
        if (name == "float") {
            const double n = jsParseFloat(s);
            return Value::floating(std::isnan(n) ? 0 : n);
        }
        return Status::error("unknown string filter \"" + name + "\"");
    }
    if (operand.isNumber()) {
        if (name == "abs")
            return operand.kind == Kind::Int ? Value::integer(std::fabs(operand.number))
                                             : Value::floating(std::fabs(operand.number));
        if (name == "int") return Value::integer(std::floor(operand.number));
        if (name == "float") return Value::floating(operand.number);
        if (name == "string") {
            HEARTH_ASSIGN_OR_RETURN(std::string text, printValue(operand, in.limits()));
            return in.makeString(std::move(text));
        }
        return Status::error("unknown number filter \"" + name + "\"");
    }
    if (operand.isDict()) {
        if (name == "items") return callMethod(in, operand, "items", {});
        if (name == "length")
            return Value::integer(static_cast<double>(operand.object->entries.size()));
        if (hasMethod(operand, name)) return callMethod(in, operand, name, {});
        return Status::error("unknown dict filter \"" + name + "\"");
    }
    if (operand.kind == Kind::Bool) {
        if (name == "bool") return operand;
        if (name == "int") return Value::integer(operand.boolean ? 1 : 0);
        if (name == "float") return Value::floating(operand.boolean ? 1 : 0);
        if (name == "string") return Value::string(operand.boolean ? "true" : "false");
        return Status::error("unknown boolean filter \"" + name + "\"");
    }
    return cannotApply(name, operand);
}

Result<Value> selectAttributes(Interpreter& in, const Value& operand, const Node* filter,
                               Environment& env, bool select) {
    const std::string& name = filter->a->name;
    for (const Value& item : operand.array->items)
        if (!item.isAttributeContainer())
            return Status::error(name + " can only be applied to a list of dicts");
    for (const Node* arg : filter->args)
        if (arg->kind != NodeKind::String)
            return Status::error("the arguments of " + name + " must be strings");
    if (filter->args.empty()) return Status::error(name + " needs an attribute name");
    std::vector<Value> args;
    for (const Node* arg : filter->args) {
        HEARTH_ASSIGN_OR_RETURN(Value v, in.evaluate(arg, env));
        args.push_back(std::move(v));
    }
    std::vector<Value> kept;
    for (const Value& item : operand.array->items) {
        const Value* attribute = item.object->find(args[0].str());
        bool passes = false;
        if (attribute != nullptr) {
            if (args.size() < 2) {
                passes = truthy(*attribute);
            } else if (args[1].str() == "equalto" || args[1].str() == "eq") {
                if (args.size() < 3) return Status::error("equalto needs a value");
                passes = strictEquals(*attribute, args[2]);
            } else {
                HEARTH_ASSIGN_OR_RETURN(passes, applyTest(in, args[1].str(), *attribute));
            }
        }
        if (passes == select) kept.push_back(item);
    }
    return in.heap().array(std::move(kept));
}

Result<Value> callFilter(Interpreter& in, const Value& operand, const Node* filter,
                         Environment& env) {
    if (filter->a->kind != NodeKind::Identifier) return Status::error("unknown filter");
    const std::string& name = filter->a->name;
    if (operand.isArray() && (name == "selectattr" || name == "rejectattr"))
        return selectAttributes(in, operand, filter, env, name == "selectattr");
    HEARTH_ASSIGN_OR_RETURN(const Arguments args, in.evaluateArguments(filter->args, env));
    if (name == "tojson") return toJsonFilter(in, operand, args);
    if (name == "join") {
        if (operand.kind != Kind::String && !operand.isArray()) return cannotApply(name, operand);
        const auto separator = argument(args, 0, "separator");
        if (separator && separator->kind != Kind::String)
            return Status::error("the separator of join must be a string");
        return joinValues(in, operand, separator ? separator->str() : "");
    }
    if (name == "int" || name == "float") {
        const bool isInt = name == "int";
        const Value fallback =
            argument(args, 0, "default").value_or(isInt ? Value::integer(0) : Value::floating(0));
        if (operand.kind == Kind::String) {
            const double n = isInt ? jsParseInt(operand.str()) : jsParseFloat(operand.str());
            if (std::isnan(n)) return fallback;
            return isInt ? Value::integer(n) : Value::floating(n);
        }
        if (operand.isNumber()) return operand;
        if (operand.kind == Kind::Bool)
            return isInt ? Value::integer(operand.boolean) : Value::floating(operand.boolean);
        return cannotApply(name, operand);
    }
    if (name == "default") {
        const Value fallback = args.positional.empty() ? Value::string("") : args.positional[0];
        const Value flag = argument(args, 1, "boolean").value_or(Value::fromBool(false));
        if (flag.kind != Kind::Bool) return Status::error("the flag of default must be a boolean");
        if (operand.kind == Kind::Undefined || (flag.boolean && !truthy(operand))) return fallback;
        return operand;
    }
    if (operand.isArray()) {
        if (name == "sort") {
            const Value reverse = argument(args, 0, "reverse").value_or(Value::fromBool(false));
            const Value caseSensitive =
                argument(args, 1, "case_sensitive").value_or(Value::fromBool(false));
            const Value attribute = argument(args, 2, "attribute").value_or(Value::null());
            if (reverse.kind != Kind::Bool || caseSensitive.kind != Kind::Bool)
                return Status::error("reverse and case_sensitive must be booleans");
            if (attribute.kind != Kind::String && attribute.kind != Kind::Int &&
                attribute.kind != Kind::Null)
                return Status::error("attribute must be a string, an integer or none");
            const auto key = [&](const Value& item) {
                if (attribute.kind == Kind::Null) return item;
                return attributePath(item, attribute.kind == Kind::Int
                                               ? jsNumberToString(attribute.number)
                                               : attribute.str());
            };
            std::vector<Value> sorted = operand.array->items;
            HEARTH_RETURN_IF_ERROR(sortValues(sorted, [&](const Value& a, const Value& b) {
                auto order = compareValues(key(a), key(b), caseSensitive.boolean);
                if (order.ok() && reverse.boolean) order = -order.value();
                return order;
            }));
            return in.heap().array(std::move(sorted));
        }
        if (name == "map") {
            const Value* attribute = args.keywords.find("attribute");
            if (attribute == nullptr)
                return Status::error("map without attribute= is not supported");
            if (attribute->kind != Kind::String)
                return Status::error("the attribute of map must be a string");
            const Value* fallback = args.keywords.find("default");
            std::vector<Value> mapped;
            for (const Value& item : operand.array->items) {
                if (!item.isAttributeContainer()) return Status::error("map needs a list of dicts");
                const Value v = attributePath(item, attribute->str());
                mapped.push_back(v.kind == Kind::Undefined && fallback != nullptr ? *fallback : v);
            }
            return in.heap().array(std::move(mapped));
        }
        return Status::error("unknown list filter \"" + name + "\"");
    }
    if (operand.kind == Kind::String) {
        if (name == "indent") {
            const Value width = argument(args, 0, "width").value_or(Value::integer(4));
            if (width.kind != Kind::Int)
                return Status::error("the width of indent must be a number");
            if (width.number < 0 || width.number > 1024)
                return Status::error("the width of indent must be between 0 and 1024");
            const Value first = argument(args, 1, "first").value_or(Value::fromBool(false));
            const Value blank = argument(args, 2, "blank").value_or(Value::fromBool(false));
            const std::string text =
                indentLines(operand.str(), std::string(static_cast<size_t>(width.number), ' '),
                            truthy(first), truthy(blank));
            return in.makeString(text);
        }
        if (name == "replace") {
            std::vector<Value> values = args.positional;
            HEARTH_ASSIGN_OR_RETURN(Value kwargs, in.heap().object(args.keywords, Kind::KwArgs));
            values.push_back(std::move(kwargs));
            return callMethod(in, operand, "replace", std::move(values));
        }
        return Status::error("unknown string filter \"" + name + "\"");
    }
    if (operand.isDict() && hasMethod(operand, name)) {
        std::vector<Value> values = args.positional;
        if (!args.keywords.entries.empty()) {
            HEARTH_ASSIGN_OR_RETURN(Value kwargs, in.heap().object(args.keywords, Kind::KwArgs));
            values.push_back(std::move(kwargs));
        }
        return callMethod(in, operand, name, std::move(values));
    }
    return cannotApply(name, operand);
}

Result<Value> replaceMethod(Interpreter& in, const std::string& s, const Arguments& args) {
    if (args.positional.size() < 2) return Status::error("replace() needs two arguments");
    const Value& from = args.positional[0];
    const Value& to = args.positional[1];
    if (from.kind != Kind::String || to.kind != Kind::String)
        return Status::error("the arguments of replace() must be strings");
    const Value count = argument(args, 2, "count").value_or(Value::null());
    if (count.kind != Kind::Int && count.kind != Kind::Null)
        return Status::error("the count of replace() must be a number or none");
    if (count.kind == Kind::Int && count.number == 0) return Value::string(s);
    double remaining = count.kind == Kind::Null || count.number < 0 ? HUGE_VAL : count.number;
    std::string out;
    const std::string& needle = from.str();
    if (needle.empty()) {
        // An empty pattern matches before every character and at the end.
        for (size_t i = 0, length = 0; i <= s.size(); i += length) {
            if (remaining > 0) {
                out += to.str();
                --remaining;
            }
            if (i == s.size()) break;
            decodeUtf8(s, i, &length);
            out.append(s, i, length);
            if (out.size() > in.limits().maxStringBytes) break;
        }
        return in.makeString(std::move(out));
    }
    size_t start = 0;
    while (remaining > 0) {
        const size_t at = s.find(needle, start);
        if (at == std::string::npos) break;
        out.append(s, start, at - start);
        out += to.str();
        start = at + needle.size();
        --remaining;
        if (out.size() > in.limits().maxStringBytes) break;
    }
    out.append(s, start, std::string::npos);
    return in.makeString(std::move(out));
}

Result<Value> splitMethod(Interpreter& in, const std::string& s, const std::vector<Value>& args) {
    const Value separator = args.empty() ? Value::null() : args[0];
    if (separator.kind != Kind::String && separator.kind != Kind::Null)
        return Status::error("the separator of split() must be a string or none");
    const Value maxSplit = args.size() > 1 ? args[1] : Value::integer(-1);
    if (maxSplit.kind != Kind::Int) return Status::error("maxsplit must be a number");
    std::vector<std::string> parts;
    if (separator.kind == Kind::Null) {
        // Runs of whitespace separate; no empty strings at either end.
        const std::string_view text = trimJs(s, true, false);
        size_t i = 0;
        while (i < text.size()) {
            const size_t start = i;
            while (i < text.size()) {
                size_t length = 0;
                if (isJsWhitespace(decodeUtf8(text, i, &length))) break;
                i += length;
            }
            if (maxSplit.number != -1 && static_cast<double>(parts.size()) >= maxSplit.number) {
                parts.emplace_back(text.substr(start));
                break;
            }
            parts.emplace_back(text.substr(start, i - start));
            i += whitespacePrefix(text, i);
        }
    } else {
        const std::string& sep = separator.str();
        if (sep.empty()) return Status::error("empty separator");
        size_t start = 0;
        while (true) {
            const size_t at = s.find(sep, start);
            if (at == std::string::npos) break;
            parts.push_back(s.substr(start, at - start));
            start = at + sep.size();
        }
        parts.push_back(s.substr(start));
        if (maxSplit.number != -1 && static_cast<double>(parts.size()) > maxSplit.number) {
            const auto keep = static_cast<size_t>(std::max(0.0, maxSplit.number));
            std::string rest;
            for (size_t i = keep; i < parts.size(); ++i) rest += (i > keep ? sep : "") + parts[i];
            parts.resize(keep);
            parts.push_back(std::move(rest));
        }
    }
    std::vector<Value> items;
    for (auto& part : parts) {
        HEARTH_ASSIGN_OR_RETURN(Value v, in.makeString(std::move(part)));
        items.push_back(std::move(v));
    }
    return in.heap().array(std::move(items));
}

Result<Value> affixMethod(const std::string& s, const std::vector<Value>& args, bool prefix) {
    const char* name = prefix ? "startswith()" : "endswith()";
    if (args.empty()) return Status::error(std::string(name) + " needs an argument");
    const auto matches = [&](const std::string& affix) {
        return affix.size() <= s.size() &&
               (prefix ? s.compare(0, affix.size(), affix) == 0
                       : s.compare(s.size() - affix.size(), affix.size(), affix) == 0);
    };
    if (args[0].kind == Kind::String) return Value::fromBool(matches(args[0].str()));
    if (!args[0].isArray())
        return Status::error(std::string("the argument of ") + name +
                             " must be a string or a tuple of strings");
    for (const Value& item : args[0].array->items) {
        if (item.kind != Kind::String)
            return Status::error(std::string("the tuple of ") + name + " must hold strings");
        if (matches(item.str())) return Value::fromBool(true);
    }
    return Value::fromBool(false);
}

const char* const kStringMethods[] = {"upper",      "lower",  "strip",  "title",
                                      "capitalize", "rstrip", "lstrip", "startswith",
                                      "endswith",   "split",  "replace"};
const char* const kDictMethods[] = {"get", "items", "keys", "values", "dictsort"};

}  // namespace

bool hasMethod(const Value& object, const std::string& name) {
    if (object.kind == Kind::String)
        return std::find(std::begin(kStringMethods), std::end(kStringMethods), name) !=
               std::end(kStringMethods);
    if (object.isDict())
        return std::find(std::begin(kDictMethods), std::end(kDictMethods), name) !=
               std::end(kDictMethods);
    return false;
}

Result<Value> memberBuiltin(Interpreter& in, const Value& object, const std::string& name) {
    if (name == "length" && object.kind == Kind::String) {
        HEARTH_RETURN_IF_ERROR(in.heap().chargeWork(object.str().size()));
        return Value::integer(static_cast<double>(utf16Length(object.str())));
    }
    if (name == "length" && object.isArray())
        return Value::integer(static_cast<double>(object.array->items.size()));
    if (!hasMethod(object, name)) return Value::undefined();
    HEARTH_RETURN_IF_ERROR(in.heap().chargeItems(1));
    Callable method;
    method.type = Callable::Type::Method;
    method.name = name;
    method.self = object;
    return in.heap().callable(std::move(method));
}

Result<Value> callMethod(Interpreter& in, const Value& self, const std::string& name,
                         std::vector<Value> args) {
    if (self.kind == Kind::String) {
        const std::string& s = self.str();
        HEARTH_RETURN_IF_ERROR(in.heap().chargeWork(s.size() + 1));
        if (name == "upper") return in.makeString(toUpperAscii(s));
        if (name == "lower") return in.makeString(toLowerAscii(s));
        // As in the reference, strip/lstrip/rstrip ignore an argument and strip whitespace.
        if (name == "strip") return in.makeString(std::string(trimJs(s, true, true)));
        if (name == "lstrip") return in.makeString(std::string(trimJs(s, true, false)));
        if (name == "rstrip") return in.makeString(std::string(trimJs(s, false, true)));
        if (name == "title") return in.makeString(titleCase(s));
        if (name == "capitalize") {
            std::string out = s;
            if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
                out[0] = static_cast<char>(out[0] - 'a' + 'A');
            return in.makeString(std::move(out));
        }
        if (name == "startswith" || name == "endswith")
            return affixMethod(s, args, name == "startswith");
        if (name == "split") return splitMethod(in, s, args);
        if (name == "replace") return replaceMethod(in, s, splitKeywords(std::move(args)));
    }
    if (self.isDict()) {
        const Object& object = *self.object;
        HEARTH_RETURN_IF_ERROR(in.heap().chargeWork(object.entries.size() * 20 + 1));
        if (name == "get") {
            if (args.empty() || args[0].kind != Kind::String)
                return Status::error("the key of get() must be a string");
            if (const Value* found = object.find(args[0].str())) return *found;
            return args.size() > 1 ? args[1] : Value::null();
        }
        if (name == "keys" || name == "values" || name == "items") {
            std::vector<Value> items;
            for (const auto& [key, value] : object.entries) {
                if (name == "values") {
                    items.push_back(value);
                    continue;
                }
                HEARTH_ASSIGN_OR_RETURN(Value k, in.makeString(key));
                if (name == "keys") {
                    items.push_back(std::move(k));
                } else {
                    HEARTH_ASSIGN_OR_RETURN(Value pair, in.heap().array({std::move(k), value}));
                    items.push_back(std::move(pair));
                }
            }
            return in.heap().array(std::move(items));
        }
        if (name == "dictsort") {
            const Arguments a = splitKeywords(std::move(args));
            const Value caseSensitive =
                argument(a, 0, "case_sensitive").value_or(Value::fromBool(false));
            const Value by = argument(a, 1, "by").value_or(Value::string("key"));
            const Value reverse = argument(a, 2, "reverse").value_or(Value::fromBool(false));
            if (caseSensitive.kind != Kind::Bool || reverse.kind != Kind::Bool)
                return Status::error("case_sensitive and reverse must be booleans");
            if (by.kind != Kind::String || (by.str() != "key" && by.str() != "value"))
                return Status::error("by must be 'key' or 'value'");
            HEARTH_ASSIGN_OR_RETURN(const Value items, callMethod(in, self, "items", {}));
            std::vector<Value> sorted = items.array->items;
            const size_t index = by.str() == "key" ? 0 : 1;
            HEARTH_RETURN_IF_ERROR(sortValues(sorted, [&](const Value& x, const Value& y) {
                auto order = compareValues(x.array->items[index], y.array->items[index],
                                           caseSensitive.boolean);
                if (order.ok() && reverse.boolean) order = -order.value();
                return order;
            }));
            return in.heap().array(std::move(sorted));
        }
    }
    return Status::error(std::string(kindName(self.kind)) + " has no method " + name + "()");
}

Result<Value> applyFilter(Interpreter& in, const Value& operand, const Node* filter,
                          Environment& env) {
    // Filters cost the size of their operand (sorting and unique a little more).
    size_t work = 1;
    if (operand.kind == Kind::String) work += operand.str().size();
    if (operand.isArray()) {
        const size_t n = operand.array->items.size();
        work += n * 20;
        if (filter->kind == NodeKind::Identifier && filter->name == "unique") work += n * n;
    }
    if (operand.isDict()) work += operand.object->entries.size() * 20;
    HEARTH_RETURN_IF_ERROR(in.heap().chargeWork(work));
    if (filter->kind == NodeKind::Identifier) return identifierFilter(in, operand, filter->name);
    return callFilter(in, operand, filter, env);
}

Result<bool> applyTest(Interpreter&, const std::string& name, const Value& v) {
    if (name == "boolean") return v.kind == Kind::Bool;
    if (name == "callable") return v.kind == Kind::Function;
    if (name == "odd" || name == "even") {
        if (v.kind != Kind::Int)
            return Status::error("cannot test " + name + " on " + kindName(v.kind));
        const bool odd = std::fmod(v.number, 2) != 0;
        return name == "odd" ? odd : !odd;
    }
    if (name == "false") return v.kind == Kind::Bool && !v.boolean;
    if (name == "true") return v.kind == Kind::Bool && v.boolean;
    if (name == "none") return v.kind == Kind::Null;
    if (name == "string") return v.kind == Kind::String;
    if (name == "number") return v.isNumber();
    if (name == "integer") return v.kind == Kind::Int;
    if (name == "iterable") return v.kind == Kind::Array || v.kind == Kind::String;
    if (name == "mapping") return v.isDict();
    if (name == "sequence") return v.isArray() || v.isDict() || v.kind == Kind::String;
    if (name == "lower" || name == "upper") {
        if (v.kind != Kind::String)
            return Status::error("cannot test " + name + " on " + kindName(v.kind));
        return v.str() == (name == "lower" ? toLowerAscii(v.str()) : toUpperAscii(v.str()));
    }
    if (name == "defined") return v.kind != Kind::Undefined;
    if (name == "undefined") return v.kind == Kind::Undefined;
    if (name == "equalto" || name == "eq") return Status::error(name + " needs a value to compare");
    return Status::error("unknown test \"" + name + "\"");
}

Result<Value> sliceValue(Interpreter& in, const Value& object, const Value& startValue,
                         const Value& stopValue, const Value& stepValue) {
    if (!object.isArray() && object.kind != Kind::String)
        return Status::error("only lists and strings can be sliced");
    HEARTH_RETURN_IF_ERROR(in.heap().chargeWork(
        object.kind == Kind::String ? object.str().size() : object.array->items.size()));
    for (const Value* v : {&startValue, &stopValue, &stepValue})
        if (v->kind != Kind::Int && v->kind != Kind::Undefined)
            return Status::error("slice bounds must be integers");
    const std::vector<char32_t> points =
        object.kind == Kind::String ? codePoints(object.str()) : std::vector<char32_t>();
    const double length = object.kind == Kind::String
                              ? static_cast<double>(points.size())
                              : static_cast<double>(object.array->items.size());
    const double step = stepValue.kind == Kind::Int ? stepValue.number : 1;
    const double direction = step > 0 ? 1 : step < 0 ? -1 : 0;
    double start = 0, stop = 0;
    const bool hasStart = startValue.kind == Kind::Int, hasStop = stopValue.kind == Kind::Int;
    if (direction >= 0) {
        start = hasStart ? startValue.number : 0;
        start = start < 0 ? std::max(length + start, 0.0) : std::min(start, length);
        stop = hasStop ? stopValue.number : length;
        stop = stop < 0 ? std::max(length + stop, 0.0) : std::min(stop, length);
    } else {
        start = hasStart ? startValue.number : length - 1;
        start = start < 0 ? std::max(length + start, -1.0) : std::min(start, length - 1);
        stop = hasStop ? stopValue.number : -1;
        stop = stop < -1 ? std::max(length + stop, -1.0) : std::min(stop, length - 1);
    }
    std::vector<size_t> picked;
    for (double i = start; direction * i < direction * stop; i += step)
        picked.push_back(static_cast<size_t>(i));
    if (object.kind == Kind::String) {
        std::string out;
        for (const size_t i : picked) appendUtf8(out, points[i]);
        return in.makeString(std::move(out));
    }
    std::vector<Value> items;
    for (const size_t i : picked) items.push_back(object.array->items[i]);
    return in.heap().array(std::move(items));
}

Result<Value> callGlobal(Interpreter& in, const std::string& name, std::vector<Value> values) {
    if (name == "namespace") {
        const Arguments args = splitKeywords(std::move(values));
        if (args.positional.size() > 1)
            return Status::error("namespace() takes at most 1 positional argument");
        Object entries;
        if (args.positional.size() == 1) {
            const Value& source = args.positional[0];
            if (source.isDict()) {
                for (const auto& [key, value] : source.object->entries) entries.set(key, value);
            } else if (source.isArray()) {
                for (const Value& pair : source.array->items) {
                    if (!pair.isArray() || pair.array->items.size() != 2 ||
                        pair.array->items[0].kind != Kind::String)
                        return Status::error("namespace() needs [key, value] pairs");
                    entries.set(pair.array->items[0].str(), pair.array->items[1]);
                }
            } else {
                return Status::error(std::string("namespace() cannot take a ") +
                                     kindName(source.kind));
            }
        }
        for (const auto& [key, value] : args.keywords.entries) entries.set(key, value);
        return in.heap().object(std::move(entries), Kind::Namespace);
    }
    if (name == "raise_exception") {
        std::string message = "raise_exception()";
        if (!values.empty()) {
            HEARTH_ASSIGN_OR_RETURN(message, jsString(values[0], in.limits()));
        }
        return Status::error("the template raised an error: " + message);
    }
    if (name == "range") {
        for (const Value& v : values)
            if (!v.isNumber()) return Status::error("range() needs numbers");
        double start = 0, stop = 0, step = 1;
        if (values.size() == 1) {
            stop = values[0].number;
        } else if (values.size() >= 2) {
            start = values[0].number;
            stop = values[1].number;
            if (values.size() >= 3) step = values[2].number;
        }
        if (step == 0) return Status::error("range() step must not be zero");
        const double count = std::ceil((stop - start) / step);
        if (count > static_cast<double>(in.limits().maxLoopIterations))
            return Status::error("range() of more than " +
                                 std::to_string(in.limits().maxLoopIterations) + " numbers");
        std::vector<Value> items;
        for (double i = start; step > 0 ? i < stop : i > stop; i += step)
            items.push_back(i == std::floor(i) ? Value::integer(i) : Value::floating(i));
        return in.heap().array(std::move(items));
    }
    if (name == "strftime_now") {
        if (values.empty() || values[0].kind != Kind::String)
            return Status::error("strftime_now() needs a format string");
        static const char* months[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        const auto pad = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
        const std::string& format = values[0].str();
        std::string out;
        for (size_t i = 0; i < format.size(); ++i) {
            if (format[i] != '%' || i + 1 >= format.size()) {
                out += format[i];
                continue;
            }
            const char c = format[++i];
            if (c == 'Y')
                out += std::to_string(local.tm_year + 1900);
            else if (c == 'm')
                out += pad(local.tm_mon + 1);
            else if (c == 'd')
                out += pad(local.tm_mday);
            else if (c == 'b')
                out += std::string(months[local.tm_mon]).substr(0, 3);
            else if (c == 'B')
                out += months[local.tm_mon];
            else if (c == 'H')
                out += pad(local.tm_hour);
            else if (c == 'M')
                out += pad(local.tm_min);
            else if (c == '%')
                out += '%';
            else
                out += std::string("%") + c;
        }
        return in.makeString(std::move(out));
    }
    return Status::error("unknown function " + name + "()");
}

}  // namespace hearth::tmpl

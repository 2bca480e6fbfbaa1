#include "template/interpreter.h"

#include <cmath>

#include "template/lexer.h"
#include "template/text.h"

namespace hearth::tmpl {
namespace {

bool numericLike(const Value& v) {
    return v.isNumber() || v.kind == Kind::Bool;
}
double numericValue(const Value& v) {
    return v.kind == Kind::Bool ? (v.boolean ? 1 : 0) : v.number;
}

Status unknownOperator(const std::string& op, const Value& a, const Value& b) {
    return Status::error("unknown operator \"" + op + "\" between " + kindName(a.kind) + " and " +
                         kindName(b.kind));
}

// Whether a macro body reads `kwargs` / `varargs` (then extra arguments are collected into
// them rather than refused).
void findSpecialNames(const Node* node, bool* kwargs, bool* varargs) {
    if (node == nullptr) return;
    if (node->kind == NodeKind::Identifier) {
        *kwargs |= node->name == "kwargs";
        *varargs |= node->name == "varargs";
    }
    for (const Node* child : {node->a, node->b, node->c}) findSpecialNames(child, kwargs, varargs);
    for (const auto* list : {&node->args, &node->body, &node->alternate})
        for (const Node* child : *list) findSpecialNames(child, kwargs, varargs);
}

}  // namespace

Status Interpreter::located(Status status, const Node* node) {
    if (!status.ok() && !m_errorLocated && node != nullptr) {
        m_errorLocated = true;
        m_errorOffset = node->offset;
    }
    return status;
}

Status Interpreter::chargeIterations(size_t count) {
    m_iterations += count;
    if (m_iterations > m_limits.maxLoopIterations)
        return Status::error("the template ran more than " +
                             std::to_string(m_limits.maxLoopIterations) + " loop iterations");
    return {};
}

Result<std::string> Interpreter::run(Environment& globals) {
    std::string out;
    const auto flow = executeBlock(m_program.body, globals, out);
    if (!flow.ok()) {
        const std::string where =
            m_errorLocated ? " at " + sourcePosition(m_program.source, m_errorOffset) : "";
        return Status::error("template error" + where + ": " + flow.status().message());
    }
    if (flow.value() != Flow::Normal)
        return Status::error("template error: {% break %} or {% continue %} outside a loop");
    return out;
}

Status Interpreter::append(std::string& out, const Value& value) {
    if (value.isNullish()) return {};
    if (value.kind == Kind::String) {
        out += value.str();
    } else {
        HEARTH_ASSIGN_OR_RETURN(const std::string text, printValue(value, m_limits));
        out += text;
    }
    if (out.size() > m_limits.maxStringBytes)
        return Status::error("the output is longer than " +
                             std::to_string(m_limits.maxStringBytes >> 20) + " MiB");
    return {};
}

Result<Interpreter::Flow> Interpreter::executeBlock(const std::vector<const Node*>& body,
                                                    Environment& env, std::string& out) {
    for (const Node* node : body) {
        HEARTH_ASSIGN_OR_RETURN(const Flow flow, execute(node, env, out));
        if (flow != Flow::Normal) return flow;
    }
    return Flow::Normal;
}

Result<Interpreter::Flow> Interpreter::execute(const Node* node, Environment& env,
                                               std::string& out) {
    Depth depth(*this);
    if (depth.tooDeep())
        return located(Status::error("the template nests calls and blocks more than " +
                                     std::to_string(m_limits.maxEvaluationDepth) + " levels deep"),
                       node);
    switch (node->kind) {
        case NodeKind::Text:
            out += node->name;
            if (out.size() > m_limits.maxStringBytes)
                return located(
                    Status::error("the output is longer than " +
                                  std::to_string(m_limits.maxStringBytes >> 20) + " MiB"),
                    node);
            return Flow::Normal;
        case NodeKind::Comment:
        case NodeKind::Macro:
            if (node->kind == NodeKind::Macro) {
                Callable macro;
                macro.type = Callable::Type::Macro;
                macro.name = node->name;
                macro.node = node;
                env.set(node->name, m_heap.callable(std::move(macro)));
            }
            return Flow::Normal;
        case NodeKind::Break:
            return Flow::Break;
        case NodeKind::Continue:
            return Flow::Continue;
        case NodeKind::If: {
            HEARTH_ASSIGN_OR_RETURN(const Value test, evaluate(node->a, env));
            return executeBlock(truthy(test) ? node->body : node->alternate, env, out);
        }
        case NodeKind::For:
            return executeFor(node, env, out);
        case NodeKind::Set:
            HEARTH_RETURN_IF_ERROR(located(executeSet(node, env), node));
            return Flow::Normal;
        case NodeKind::CallBlock: {
            Callable caller;
            caller.type = Callable::Type::Caller;
            caller.name = "caller";
            caller.node = node;
            caller.scope = &env;
            const Value callerValue = m_heap.callable(std::move(caller));
            HEARTH_ASSIGN_OR_RETURN(Arguments args, evaluateArguments(node->a->args, env));
            HEARTH_ASSIGN_OR_RETURN(Value kwargs,
                                    m_heap.object(std::move(args.keywords), Kind::KwArgs));
            args.positional.push_back(std::move(kwargs));
            HEARTH_ASSIGN_OR_RETURN(const Value macro, evaluate(node->a->a, env));
            Environment callEnv{&env, {}};
            callEnv.set("caller", callerValue);
            auto result = call(macro, std::move(args.positional), callEnv);
            callerValue.callable->alive = false;  // `caller` must not outlive its block
            HEARTH_RETURN_IF_ERROR(located(result.status(), node));
            HEARTH_RETURN_IF_ERROR(located(append(out, result.value()), node));
            return Flow::Normal;
        }
        case NodeKind::FilterBlock: {
            std::string text;
            HEARTH_ASSIGN_OR_RETURN(const Flow flow, executeBlock(node->body, env, text));
            HEARTH_ASSIGN_OR_RETURN(const Value rendered, makeString(std::move(text)));
            HEARTH_ASSIGN_OR_RETURN(const Value filtered,
                                    applyFilter(*this, rendered, node->a, env));
            HEARTH_RETURN_IF_ERROR(located(append(out, filtered), node));
            return flow;
        }
        default: {
            HEARTH_ASSIGN_OR_RETURN(const Value value, evaluate(node, env));
            HEARTH_RETURN_IF_ERROR(located(append(out, value), node));
            return Flow::Normal;
        }
    }
}

Result<Interpreter::Flow> Interpreter::executeFor(const Node* node, Environment& env,
                                                  std::string& out) {
    Environment scope{&env, {}};
    HEARTH_ASSIGN_OR_RETURN(Value iterable, evaluate(node->b, scope));
    if (iterable.isDict()) {
        HEARTH_ASSIGN_OR_RETURN(iterable, callMethod(*this, iterable, "keys", {}));
    }
    if (!iterable.isArray())
        return located(Status::error(std::string("cannot loop over a ") + kindName(iterable.kind)),
                       node->b);
    const std::vector<Value> all = iterable.array->items;  // the body may not change it
    HEARTH_RETURN_IF_ERROR(located(chargeIterations(all.size()), node));

    const Node* target = node->a;
    const auto bind = [&](Environment& where, const Value& item) -> Status {
        if (target->kind == NodeKind::Identifier) {
            where.set(target->name, item);
            return {};
        }
        if (!item.isArray())
            return Status::error(std::string("cannot unpack a ") + kindName(item.kind));
        if (item.array->items.size() != target->args.size())
            return Status::error(std::string("too ") +
                                 (target->args.size() > item.array->items.size() ? "few" : "many") +
                                 " items to unpack");
        for (size_t j = 0; j < target->args.size(); ++j) {
            if (target->args[j]->kind != NodeKind::Identifier)
                return Status::error("cannot unpack into something that is not a name");
            where.set(target->args[j]->name, item.array->items[j]);
        }
        return {};
    };

    std::vector<Value> items;
    for (const Value& item : all) {
        if (node->c != nullptr) {
            Environment test{&scope, {}};
            HEARTH_RETURN_IF_ERROR(located(bind(test, item), node));
            HEARTH_ASSIGN_OR_RETURN(const Value keep, evaluate(node->c, test));
            if (!truthy(keep)) continue;
        } else if (target->kind != NodeKind::Identifier) {
            HEARTH_RETURN_IF_ERROR(located(bind(scope, item), node));  // checks the shape early
        }
        items.push_back(item);
    }

    // One `loop` dict per loop statement and macro call depth, updated in place, so a loop
    // run a million times does not make a million dicts (a template that keeps `loop` after
    // its iteration sees it change; none of the supported templates does).
    Value& loop = m_loopObjects[{node, m_callDepth}];
    if (loop.kind != Kind::Object) {
        Object contents;
        for (const char* key : {"index", "index0", "revindex", "revindex0", "first", "last",
                                "length", "previtem", "nextitem"})
            contents.set(key, Value::undefined());
        HEARTH_ASSIGN_OR_RETURN(loop, m_heap.object(std::move(contents)));
    }
    auto& entries = loop.object->entries;

    bool noIteration = true;
    const size_t n = items.size();
    for (size_t i = 0; i < n; ++i) {
        const auto count = static_cast<double>(i);
        entries[0].second = Value::integer(count + 1);
        entries[1].second = Value::integer(count);
        entries[2].second = Value::integer(static_cast<double>(n - i));
        entries[3].second = Value::integer(static_cast<double>(n - i - 1));
        entries[4].second = Value::fromBool(i == 0);
        entries[5].second = Value::fromBool(i == n - 1);
        entries[6].second = Value::integer(static_cast<double>(n));
        entries[7].second = i > 0 ? items[i - 1] : Value::undefined();
        entries[8].second = i + 1 < n ? items[i + 1] : Value::undefined();
        scope.set("loop", loop);
        HEARTH_RETURN_IF_ERROR(located(bind(scope, items[i]), node));
        // As in the reference, `break` and `continue` drop what the iteration printed so far.
        const size_t mark = out.size();
        HEARTH_ASSIGN_OR_RETURN(const Flow flow, executeBlock(node->body, scope, out));
        if (flow != Flow::Normal) {
            out.resize(mark);
            if (flow == Flow::Break) break;
            continue;
        }
        noIteration = false;
    }
    if (noIteration) {
        HEARTH_ASSIGN_OR_RETURN(const Flow flow, executeBlock(node->alternate, scope, out));
        return flow;
    }
    return Flow::Normal;
}

Status Interpreter::executeSet(const Node* node, Environment& env) {
    Value value;
    if (node->b != nullptr) {
        HEARTH_ASSIGN_OR_RETURN(value, evaluate(node->b, env));
    } else {
        std::string text;
        HEARTH_ASSIGN_OR_RETURN(const Flow flow, executeBlock(node->body, env, text));
        if (flow != Flow::Normal)
            return Status::error("{% break %} or {% continue %} in a set block");
        HEARTH_ASSIGN_OR_RETURN(value, makeString(std::move(text)));
    }
    const Node* target = node->a;
    if (target->kind == NodeKind::Identifier) {
        env.set(target->name, std::move(value));
        return {};
    }
    if (target->kind == NodeKind::TupleLiteral) {
        if (!value.isArray())
            return Status::error(std::string("cannot unpack a ") + kindName(value.kind));
        const auto& items = value.array->items;
        if (items.size() != target->args.size())
            return Status::error(std::string("too ") +
                                 (target->args.size() > items.size() ? "few" : "many") +
                                 " items to unpack in set");
        for (size_t i = 0; i < items.size(); ++i) {
            if (target->args[i]->kind != NodeKind::Identifier)
                return Status::error("cannot unpack into something that is not a name");
            env.set(target->args[i]->name, items[i]);
        }
        return {};
    }
    if (target->kind == NodeKind::Member) {
        HEARTH_ASSIGN_OR_RETURN(const Value object, evaluate(target->a, env));
        if (object.kind != Kind::Namespace)
            return Status::error("cannot assign an attribute of something that is not a namespace");
        if (target->b->kind != NodeKind::Identifier || target->flag)
            return Status::error("cannot assign to a member that is not a name");
        object.object->set(target->b->name, std::move(value));
        return {};
    }
    return Status::error("cannot assign to this expression");
}

Result<Value> Interpreter::evaluate(const Node* node, Environment& env) {
    if (node == nullptr) return Value::undefined();
    Depth depth(*this);
    if (depth.tooDeep())
        return located(Status::error("the template nests calls and expressions more than " +
                                     std::to_string(m_limits.maxEvaluationDepth) + " levels deep"),
                       node);
    auto result = evaluateInner(node, env);
    if (!result.ok()) return located(result.status(), node);
    return result;
}

Result<Value> Interpreter::evaluateInner(const Node* node, Environment& env) {
    switch (node->kind) {
        case NodeKind::Integer:
            return Value::integer(node->number);
        case NodeKind::Float:
            return Value::floating(node->number);
        case NodeKind::String:
            return Value::string(node->name);
        case NodeKind::Identifier:
            return env.lookup(node->name);
        case NodeKind::ArrayLiteral:
        case NodeKind::TupleLiteral: {
            std::vector<Value> items;
            for (const Node* item : node->args) {
                HEARTH_ASSIGN_OR_RETURN(Value v, evaluate(item, env));
                items.push_back(std::move(v));
            }
            return m_heap.array(std::move(items),
                                node->kind == NodeKind::TupleLiteral ? Kind::Tuple : Kind::Array);
        }
        case NodeKind::ObjectLiteral: {
            Object object;
            for (size_t i = 0; i < node->args.size(); ++i) {
                HEARTH_ASSIGN_OR_RETURN(const Value key, evaluate(node->args[i], env));
                if (key.kind != Kind::String)
                    return Status::error(std::string("dict keys must be strings, not ") +
                                         kindName(key.kind));
                HEARTH_ASSIGN_OR_RETURN(Value v, evaluate(node->body[i], env));
                object.set(key.str(), std::move(v));
            }
            return m_heap.object(std::move(object));
        }
        case NodeKind::Member:
            return evaluateMember(node, env);
        case NodeKind::Call:
            return evaluateCall(node, env);
        case NodeKind::Binary:
            return evaluateBinary(node, env);
        case NodeKind::Unary: {
            HEARTH_ASSIGN_OR_RETURN(const Value v, evaluate(node->a, env));
            if (node->name == "not") return Value::fromBool(!truthy(v));
            if (!numericLike(v))
                return Status::error("unary " + node->name + " needs a number, not " +
                                     kindName(v.kind));
            const double result = (node->name == "-" ? -1 : 1) * numericValue(v);
            return v.kind == Kind::Float ? Value::floating(result) : Value::integer(result);
        }
        case NodeKind::Filter: {
            HEARTH_ASSIGN_OR_RETURN(const Value operand, evaluate(node->a, env));
            return applyFilter(*this, operand, node->b, env);
        }
        case NodeKind::Test: {
            HEARTH_ASSIGN_OR_RETURN(const Value operand, evaluate(node->a, env));
            HEARTH_ASSIGN_OR_RETURN(const bool result, applyTest(*this, node->name, operand));
            return Value::fromBool(node->flag ? !result : result);
        }
        case NodeKind::Select: {
            HEARTH_ASSIGN_OR_RETURN(const Value test, evaluate(node->b, env));
            if (!truthy(test)) return Value::undefined();
            return evaluate(node->a, env);
        }
        case NodeKind::Ternary: {
            HEARTH_ASSIGN_OR_RETURN(const Value test, evaluate(node->a, env));
            return evaluate(truthy(test) ? node->b : node->c, env);
        }
        case NodeKind::Text:
            return Value::string(node->name);
        case NodeKind::KeywordArgument:
        case NodeKind::Spread:
        case NodeKind::KeywordSpread:
        case NodeKind::Slice:
            return Status::error("this expression is only allowed in a call");
        default:
            return Status::error("a statement where an expression was expected");
    }
}

Result<Value> Interpreter::evaluateBinary(const Node* node, Environment& env) {
    const std::string& op = node->name;
    HEARTH_ASSIGN_OR_RETURN(const Value left, evaluate(node->a, env));
    if (op == "and") return truthy(left) ? evaluate(node->b, env) : Result<Value>(left);
    if (op == "or") return truthy(left) ? Result<Value>(left) : evaluate(node->b, env);
    HEARTH_ASSIGN_OR_RETURN(const Value right, evaluate(node->b, env));
    // Comparisons and searches cost the length of what they scan.
    size_t work = 1;
    if (left.kind == Kind::String) work += left.str().size();
    if (right.kind == Kind::String) work += right.str().size();
    if (right.isArray()) work += right.array->items.size();
    HEARTH_RETURN_IF_ERROR(m_heap.chargeWork(work));
    if (op == "==") return Value::fromBool(looseEquals(left, right, m_limits));
    if (op == "!=") return Value::fromBool(!looseEquals(left, right, m_limits));
    const bool membership = op == "in" || op == "not in";

    if (left.kind == Kind::Undefined || right.kind == Kind::Undefined) {
        if (right.kind == Kind::Undefined && membership) return Value::fromBool(op == "not in");
        return Status::error("cannot apply " + op + " to an undefined value");
    }
    if (left.kind == Kind::Null || right.kind == Kind::Null)
        return Status::error("cannot apply " + op + " to none");
    if (op == "~") {
        HEARTH_ASSIGN_OR_RETURN(std::string a, jsString(left, m_limits));
        HEARTH_ASSIGN_OR_RETURN(const std::string b, jsString(right, m_limits));
        return makeString(a + b);
    }
    if (op == "**" && numericLike(left) && numericLike(right)) {
        const double a = numericValue(left), b = numericValue(right);
        if (a == 0 && b < 0) return Status::error("0.0 cannot be raised to a negative power");
        const double result = std::pow(a, b);
        if (!std::isfinite(result))
            return Status::error("exponentiation result is not a finite real number");
        const bool isFloat = left.kind == Kind::Float || right.kind == Kind::Float || b < 0;
        return isFloat ? Value::floating(result) : Value::integer(result);
    }
    if (left.isNumber() && right.isNumber()) {
        const double a = left.number, b = right.number;
        const bool isFloat = left.kind == Kind::Float || right.kind == Kind::Float;
        const auto number = [&](double r) {
            return isFloat ? Value::floating(r) : Value::integer(r);
        };
        if (op == "+") return number(a + b);
        if (op == "-") return number(a - b);
        if (op == "*") return number(a * b);
        if (op == "/") return Value::floating(a / b);
        if (op == "//") return number(std::floor(a / b));
        if (op == "%") return number(std::fmod(a, b));
        if (op == "<") return Value::fromBool(a < b);
        if (op == ">") return Value::fromBool(a > b);
        if (op == ">=") return Value::fromBool(a >= b);
        if (op == "<=") return Value::fromBool(a <= b);
    } else if (left.isArray() && right.isArray()) {
        if (op == "+") {
            std::vector<Value> items = left.array->items;
            items.insert(items.end(), right.array->items.begin(), right.array->items.end());
            return m_heap.array(std::move(items));
        }
    } else if (right.isArray() && membership) {
        bool found = false;
        for (const Value& item : right.array->items) found = found || strictEquals(item, left);
        return Value::fromBool(op == "in" ? found : !found);
    }
    if ((left.kind == Kind::String || right.kind == Kind::String) && op == "+") {
        HEARTH_ASSIGN_OR_RETURN(std::string a, jsString(left, m_limits));
        HEARTH_ASSIGN_OR_RETURN(const std::string b, jsString(right, m_limits));
        return makeString(a + b);
    }
    if (left.kind == Kind::String && right.kind == Kind::String && membership) {
        const bool found = right.str().find(left.str()) != std::string::npos;
        return Value::fromBool(op == "in" ? found : !found);
    }
    if (left.kind == Kind::String && right.isDict() && membership) {
        const bool found = right.object->find(left.str()) != nullptr;
        return Value::fromBool(op == "in" ? found : !found);
    }
    return unknownOperator(op, left, right);
}

Result<Value> Interpreter::evaluateMember(const Node* node, Environment& env) {
    HEARTH_ASSIGN_OR_RETURN(const Value object, evaluate(node->a, env));
    Value property;
    if (node->flag) {
        if (node->b->kind == NodeKind::Slice) {
            HEARTH_ASSIGN_OR_RETURN(const Value start, evaluate(node->b->a, env));
            HEARTH_ASSIGN_OR_RETURN(const Value stop, evaluate(node->b->b, env));
            HEARTH_ASSIGN_OR_RETURN(const Value step, evaluate(node->b->c, env));
            return sliceValue(*this, object, start, stop, step);
        }
        HEARTH_ASSIGN_OR_RETURN(property, evaluate(node->b, env));
    } else if (node->b->kind == NodeKind::Integer) {
        property = Value::integer(node->b->number);
    } else {
        property = Value::string(node->b->name);
    }

    if (object.isAttributeContainer()) {
        if (property.kind != Kind::String)
            return Status::error(std::string("cannot look up a dict or namespace by ") +
                                 kindName(property.kind));
        if (const Value* found = object.object->find(property.str())) return *found;
        if (object.isDict()) return memberBuiltin(*this, object, property.str());
        return Value::undefined();
    }
    if (object.isArray() || object.kind == Kind::String) {
        if (property.kind == Kind::Int) {
            double index = std::trunc(property.number);
            if (object.kind == Kind::String) {
                HEARTH_RETURN_IF_ERROR(m_heap.chargeWork(object.str().size()));
                std::string unit;
                if (!utf16UnitAt(object.str(), index, &unit)) return Value::undefined();
                return makeString(std::move(unit));
            }
            const auto& items = object.array->items;
            if (index < 0) index += static_cast<double>(items.size());
            if (!(index >= 0 && index < static_cast<double>(items.size())))
                return Value::undefined();
            return items[static_cast<size_t>(index)];
        }
        if (property.kind == Kind::String) return memberBuiltin(*this, object, property.str());
        return Status::error(std::string("cannot index a list or string by ") +
                             kindName(property.kind));
    }
    if (property.kind != Kind::String)
        return Status::error(std::string("cannot look up a ") + kindName(object.kind) + " by " +
                             kindName(property.kind));
    return memberBuiltin(*this, object, property.str());
}

Result<Arguments> Interpreter::evaluateArguments(const std::vector<const Node*>& args,
                                                 Environment& env) {
    // As in Python, every positional argument is evaluated before any keyword argument.
    Arguments result;
    for (const Node* arg : args) {
        if (arg->kind == NodeKind::Spread) {
            HEARTH_ASSIGN_OR_RETURN(const Value list, evaluate(arg->a, env));
            if (!list.isArray())
                return Status::error(std::string("cannot unpack a ") + kindName(list.kind));
            for (const Value& item : list.array->items) result.positional.push_back(item);
        } else if (arg->kind != NodeKind::KeywordArgument && arg->kind != NodeKind::KeywordSpread) {
            HEARTH_ASSIGN_OR_RETURN(Value v, evaluate(arg, env));
            result.positional.push_back(std::move(v));
        }
    }
    const auto add = [&](const std::string& key, Value value) -> Status {
        if (result.keywords.find(key) != nullptr)
            return Status::error("got multiple values for keyword argument '" + key + "'");
        result.keywords.set(key, std::move(value));
        return {};
    };
    for (const Node* arg : args) {
        if (arg->kind == NodeKind::KeywordArgument) {
            HEARTH_ASSIGN_OR_RETURN(Value v, evaluate(arg->a, env));
            HEARTH_RETURN_IF_ERROR(add(arg->name, std::move(v)));
        } else if (arg->kind == NodeKind::KeywordSpread) {
            HEARTH_ASSIGN_OR_RETURN(const Value dict, evaluate(arg->a, env));
            if (!dict.isDict())
                return Status::error(std::string("the argument after ** must be a dict, not ") +
                                     kindName(dict.kind));
            for (const auto& [key, value] : dict.object->entries)
                HEARTH_RETURN_IF_ERROR(add(key, value));
        }
    }
    return result;
}

Result<Value> Interpreter::evaluateCall(const Node* node, Environment& env) {
    HEARTH_ASSIGN_OR_RETURN(Arguments args, evaluateArguments(node->args, env));
    if (!args.keywords.entries.empty()) {
        HEARTH_ASSIGN_OR_RETURN(Value kwargs,
                                m_heap.object(std::move(args.keywords), Kind::KwArgs));
        args.positional.push_back(std::move(kwargs));
    }
    // `x.method(...)`: call the method directly rather than materialize it.
    const Node* callee = node->a;
    if (callee->kind == NodeKind::Member && !callee->flag &&
        callee->b->kind == NodeKind::Identifier) {
        HEARTH_ASSIGN_OR_RETURN(const Value object, evaluate(callee->a, env));
        const bool own =
            object.isAttributeContainer() && object.object->find(callee->b->name) != nullptr;
        if (!own && hasMethod(object, callee->b->name))
            return callMethod(*this, object, callee->b->name, std::move(args.positional));
    }
    HEARTH_ASSIGN_OR_RETURN(const Value function, evaluate(callee, env));
    return call(function, std::move(args.positional), env);
}

Result<Value> Interpreter::call(const Value& function, std::vector<Value> args, Environment& env) {
    if (function.kind != Kind::Function)
        return Status::error(std::string("cannot call a ") + kindName(function.kind));
    const Callable& callable = *function.callable;
    switch (callable.type) {
        case Callable::Type::Global:
            return callGlobal(*this, callable.name, std::move(args));
        case Callable::Type::Method:
            return callMethod(*this, callable.self, callable.name, std::move(args));
        case Callable::Type::Macro:
        case Callable::Type::Caller:
            return callMacro(callable, std::move(args), env);
    }
    return Status::error("cannot call this value");
}

Result<Value> Interpreter::callMacro(const Callable& macro, std::vector<Value> args,
                                     Environment& env) {
    if (macro.type == Callable::Type::Caller && !macro.alive)
        return Status::error("caller() used after its call block ended");
    if (m_callDepth >= m_limits.maxCallDepth)
        return Status::error("macros call each other more than " +
                             std::to_string(m_limits.maxCallDepth) + " levels deep");
    ++m_callDepth;
    // A macro runs in a scope under its caller's (so it sees the caller's variables); a call
    // block's `caller` under the scope where the block stands.
    Environment scope{macro.type == Callable::Type::Caller ? macro.scope : &env, {}};
    const Node* node = macro.node;
    std::string out;
    Status status = bindArguments(node, node->args, std::move(args), scope);
    if (status.ok()) {
        auto flow = executeBlock(node->body, scope, out);
        status = flow.status();
        if (status.ok() && flow.value() != Flow::Normal)
            status = Status::error("{% break %} or {% continue %} outside a loop in a macro");
    }
    --m_callDepth;
    HEARTH_RETURN_IF_ERROR(status);
    return makeString(std::move(out));
}

Status Interpreter::bindArguments(const Node* owner, const std::vector<const Node*>& parameters,
                                  std::vector<Value> args, Environment& scope) {
    auto special = m_specialArguments.find(owner);
    if (special == m_specialArguments.end()) {
        bool kwargs = false, varargs = false;
        for (const Node* statement : owner->body) findSpecialNames(statement, &kwargs, &varargs);
        special = m_specialArguments.emplace(owner, std::make_pair(kwargs, varargs)).first;
    }
    Object keywords;
    if (!args.empty() && args.back().kind == Kind::KwArgs) {
        keywords = *args.back().object;
        args.pop_back();
    }
    const std::string name = owner->kind == NodeKind::Macro ? "'" + owner->name + "'" : "None";
    std::vector<const Node*> pendingDefaults;
    for (size_t i = 0; i < parameters.size(); ++i) {
        const Node* parameter = parameters[i];
        Value value;
        bool given = i < args.size();
        if (given) {
            value = args[i];
        } else if (const Value* keyword = keywords.find(parameter->name)) {
            value = *keyword;
            given = true;
            Object rest;
            for (const auto& [key, v] : keywords.entries)
                if (key != parameter->name) rest.set(key, v);
            keywords = std::move(rest);
        }
        if (!given && parameter->kind == NodeKind::KeywordArgument)
            pendingDefaults.push_back(parameter);
        scope.set(parameter->name, value);
    }
    if (special->second.first) {
        HEARTH_ASSIGN_OR_RETURN(Value kwargs, m_heap.object(std::move(keywords)));
        scope.set("kwargs", std::move(kwargs));
    } else if (!keywords.entries.empty()) {
        return Status::error("macro " + name + " takes no keyword argument '" +
                             keywords.entries.front().first + "'");
    }
    if (special->second.second) {
        std::vector<Value> extra;
        for (size_t i = parameters.size(); i < args.size(); ++i) extra.push_back(args[i]);
        HEARTH_ASSIGN_OR_RETURN(Value varargs, m_heap.array(std::move(extra)));
        scope.set("varargs", std::move(varargs));
    } else if (args.size() > parameters.size()) {
        return Status::error("macro " + name + " takes not more than " +
                             std::to_string(parameters.size()) + " argument(s)");
    }
    for (const Node* parameter : pendingDefaults) {
        HEARTH_ASSIGN_OR_RETURN(Value value, evaluate(parameter->a, scope));
        scope.set(parameter->name, std::move(value));
    }
    return {};
}

}  // namespace hearth::tmpl

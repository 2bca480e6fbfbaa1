// Renders a parsed template. Semantics follow @huggingface/jinja 0.5 (the library Hugging Face
// uses to render chat templates in JavaScript), including its JavaScript flavour: `true` prints
// as "true", integers and floats are doubles, a `for` loop has its own scope while `if` does
// not, macros see the variables of their caller. The sandbox: templates reach nothing but the
// values they are given and a few pure globals (range, namespace, raise_exception,
// strftime_now); every render runs within Limits, and breaking one is an error, never a crash.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "template/ast.h"
#include "template/value.h"

namespace hearth::tmpl {

struct Environment {
    Environment* parent = nullptr;
    std::unordered_map<std::string, Value> variables;

    Value lookup(const std::string& name) const {
        for (const Environment* env = this; env != nullptr; env = env->parent) {
            const auto it = env->variables.find(name);
            if (it != env->variables.end()) return it->second;
        }
        return Value::undefined();
    }
    void set(const std::string& name, Value value) { variables[name] = std::move(value); }
};

struct Arguments {
    std::vector<Value> positional;
    Object keywords;
};

class Interpreter {
public:
    Interpreter(const Program& program, Heap& heap, const Limits& limits)
        : m_program(program), m_heap(heap), m_limits(limits) {}

    // Renders the program with `globals` as the outermost scope.
    Result<std::string> run(Environment& globals);

    Heap& heap() { return m_heap; }
    const Limits& limits() const { return m_limits; }
    Result<Value> makeString(std::string text) { return m_heap.string(std::move(text)); }
    Result<Value> evaluate(const Node* node, Environment& env);
    Result<Arguments> evaluateArguments(const std::vector<const Node*>& args, Environment& env);
    // Calls a function value with positional arguments and keyword arguments (a trailing
    // KwArgs value when there are any).
    Result<Value> call(const Value& function, std::vector<Value> args, Environment& env);
    Status chargeIterations(size_t count);

private:
    enum class Flow { Normal, Break, Continue };

    // Counts one level of evaluation for the lifetime of an evaluate or execute call.
    class Depth {
    public:
        explicit Depth(Interpreter& interpreter) : m_interpreter(interpreter) {
            ++m_interpreter.m_depth;
        }
        ~Depth() { --m_interpreter.m_depth; }
        Depth(const Depth&) = delete;
        Depth& operator=(const Depth&) = delete;
        bool tooDeep() const {
            return m_interpreter.m_depth > m_interpreter.m_limits.maxEvaluationDepth;
        }

    private:
        Interpreter& m_interpreter;
    };

    Result<Flow> executeBlock(const std::vector<const Node*>& body, Environment& env,
                              std::string& out);
    Result<Flow> execute(const Node* node, Environment& env, std::string& out);
    Result<Flow> executeFor(const Node* node, Environment& env, std::string& out);
    Status executeSet(const Node* node, Environment& env);
    Status append(std::string& out, const Value& value);
    Result<Value> evaluateInner(const Node* node, Environment& env);
    Result<Value> evaluateBinary(const Node* node, Environment& env);
    Result<Value> evaluateMember(const Node* node, Environment& env);
    Result<Value> evaluateCall(const Node* node, Environment& env);
    Result<Value> callMacro(const Callable& macro, std::vector<Value> args, Environment& env);
    Status bindArguments(const Node* owner, const std::vector<const Node*>& parameters,
                         std::vector<Value> args, Environment& scope);
    Status located(Status status, const Node* node);

    const Program& m_program;
    Heap& m_heap;
    const Limits& m_limits;
    int m_depth = 0;
    int m_callDepth = 0;
    size_t m_iterations = 0;
    bool m_errorLocated = false;
    uint32_t m_errorOffset = 0;
    std::unordered_map<const Node*, std::pair<bool, bool>> m_specialArguments;
    std::map<std::pair<const Node*, int>, Value> m_loopObjects;
};

// Builtins (builtins.cpp): filters, tests, methods of strings, lists and dicts.
Result<Value> applyFilter(Interpreter& in, const Value& operand, const Node* filter,
                          Environment& env);
Result<bool> applyTest(Interpreter& in, const std::string& name, const Value& operand);
// A method of a value (`"a".upper`), bound to it; undefined when it has none. Strings and lists
// have `length` as a plain value.
Result<Value> memberBuiltin(Interpreter& in, const Value& object, const std::string& name);
Result<Value> callMethod(Interpreter& in, const Value& self, const std::string& name,
                         std::vector<Value> args);
bool hasMethod(const Value& object, const std::string& name);
Result<Value> callGlobal(Interpreter& in, const std::string& name, std::vector<Value> args);
Result<Value> sliceValue(Interpreter& in, const Value& object, const Value& start,
                         const Value& stop, const Value& step);

}  // namespace hearth::tmpl

// The syntax tree of a template. One node type with a kind keeps the tree a flat arena (the
// Program owns every node; nodes point at each other), so freeing a tree never recurses, and
// every node records its depth so the parser can refuse trees too deep to walk.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hearth::tmpl {

enum class NodeKind : uint8_t {
    // Statements. `body` and `alternate` are statement lists.
    Text,         // name: the text
    If,           // a: test; body; alternate (an elif is a nested If in alternate)
    For,          // a: loop target (Identifier or Tuple); b: iterable; c: filter test or null;
                  // body; alternate: the else block
    Set,          // a: target; b: value, or null for a block set (body)
    Macro,        // name; args: parameters (Identifier or KeywordArgument); body
    CallBlock,    // a: the Call expression; args: caller parameters; body
    FilterBlock,  // a: filter (Identifier or Call); body
    Break,
    Continue,
    Comment,
    // Expressions.
    Integer,          // number
    Float,            // number
    String,           // name: the value
    ArrayLiteral,     // args: items
    TupleLiteral,     // args: items
    ObjectLiteral,    // args: keys; body: values (same length)
    Identifier,       // name
    Member,           // a: object; b: property; flag: computed (a[b]) rather than a.b
    Slice,            // a, b, c: start, stop, step (each may be null)
    Call,             // a: callee; args
    Binary,           // name: operator; a, b
    Unary,            // name: "not", "-", "+"; a
    Filter,           // a: operand; b: filter (Identifier or Call)
    Test,             // a: operand; name: test; flag: negated
    Select,           // a: value; b: condition (`x if c` without else)
    Ternary,          // a: condition; b: if true; c: if false
    KeywordArgument,  // name; a: value
    Spread,           // a: the list (*args)
    KeywordSpread,    // a: the dict (**kwargs)
};

struct Node {
    NodeKind kind;
    uint32_t offset = 0;  // in the source
    int depth = 1;        // 1 + the deepest child
    bool flag = false;
    double number = 0;
    std::string name;
    const Node* a = nullptr;
    const Node* b = nullptr;
    const Node* c = nullptr;
    std::vector<const Node*> args;
    std::vector<const Node*> body;
    std::vector<const Node*> alternate;

    bool isStatement() const { return kind <= NodeKind::Comment; }
};

struct Program {
    std::string source;
    std::vector<std::unique_ptr<Node>> nodes;  // owns every node of the tree
    std::vector<const Node*> body;
};

}  // namespace hearth::tmpl

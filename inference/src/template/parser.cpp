#include "template/parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <set>
#include <utility>

#include "template/lexer.h"

namespace hearth::tmpl {
namespace {

// Parsing recursion (parentheses, `not`, signs, nested blocks) stops well before the tree
// limit so the parser's own stack stays small.
constexpr int kMaxParseRecursion = 128;

class Parser {
public:
    Parser(Program& program, std::vector<Token> tokens)
        : m_program(program), m_tokens(std::move(tokens)) {}

    Status run() {
        while (m_current < m_tokens.size()) {
            HEARTH_ASSIGN_OR_RETURN(const Node* node, parseAny());
            m_program.body.push_back(node);
        }
        return {};
    }

private:
    using NodeResult = Result<const Node*>;

    // Counts one level of parser recursion for the lifetime of a parse function.
    class Recursion {
    public:
        explicit Recursion(Parser& parser) : m_parser(parser) { ++m_parser.m_recursion; }
        ~Recursion() { --m_parser.m_recursion; }
        Recursion(const Recursion&) = delete;
        Recursion& operator=(const Recursion&) = delete;
        bool tooDeep() const { return m_parser.m_recursion > kMaxParseRecursion; }

    private:
        Parser& m_parser;
    };

    uint32_t offsetHere() const {
        return m_current < m_tokens.size() ? m_tokens[m_current].offset
                                           : static_cast<uint32_t>(m_program.source.size());
    }
    Status error(const std::string& what) const { return errorAt(what, offsetHere()); }
    Status errorAt(const std::string& what, uint32_t offset) const {
        return Status::error("syntax error at " + sourcePosition(m_program.source, offset) + ": " +
                             what);
    }
    Status tooDeep() const {
        return error("the template nests more than " + std::to_string(kMaxParseRecursion) +
                     " levels deep");
    }

    Node* make(NodeKind kind, uint32_t offset) {
        m_program.nodes.push_back(std::make_unique<Node>());
        Node* node = m_program.nodes.back().get();
        node->kind = kind;
        node->offset = offset;
        return node;
    }
    // Computes the node's depth from its children; a tree too deep is an error.
    NodeResult finish(Node* node) {
        int deepest = 0;
        for (const Node* child : {node->a, node->b, node->c})
            if (child != nullptr) deepest = std::max(deepest, child->depth);
        for (const auto* list : {&node->args, &node->body, &node->alternate})
            for (const Node* child : *list) deepest = std::max(deepest, child->depth);
        node->depth = deepest + 1;
        if (node->depth > kMaxSyntaxDepth)
            return errorAt("an expression or block nests more than " +
                               std::to_string(kMaxSyntaxDepth) + " levels deep",
                           node->offset);
        return static_cast<const Node*>(node);
    }

    bool is(TokenType type, size_t ahead = 0) const {
        return m_current + ahead < m_tokens.size() && m_tokens[m_current + ahead].type == type;
    }
    bool isIdentifier(std::string_view name, size_t ahead = 0) const {
        return is(TokenType::Identifier, ahead) && m_tokens[m_current + ahead].value == name;
    }
    bool isStatement(std::initializer_list<std::string_view> names) const {
        if (!is(TokenType::OpenStatement) || !is(TokenType::Identifier, 1)) return false;
        const std::string& name = m_tokens[m_current + 1].value;
        return std::find(names.begin(), names.end(), name) != names.end();
    }
    Result<Token> expect(TokenType type, const std::string& what) {
        if (!is(type))
            return error("expected " + what +
                         (m_current < m_tokens.size() ? ", found '" + describe() + "'"
                                                      : " before the end of the template"));
        return m_tokens[m_current++];
    }
    std::string describe() const {
        const Token& t = m_tokens[m_current];
        if (t.type == TokenType::Text) return "text";
        if (t.type == TokenType::String) return "'" + t.value + "'";
        return t.value;
    }
    Status expectIdentifier(const std::string& name) {
        if (!isIdentifier(name)) return error("expected '" + name + "'");
        ++m_current;
        return {};
    }
    // `{% name %}` that closes a block opened at `opened`.
    Status expectEnd(const std::string& name, uint32_t opened) {
        if (m_current >= m_tokens.size())
            return error("missing {% " + name + " %} for the block opened at " +
                         sourcePosition(m_program.source, opened));
        HEARTH_RETURN_IF_ERROR(expect(TokenType::OpenStatement, "{%").status());
        HEARTH_RETURN_IF_ERROR(expectIdentifier(name));
        return expect(TokenType::CloseStatement, "%}").status();
    }
    // Statements up to one of `ends` (not consumed).
    Status parseBody(std::vector<const Node*>& body, std::initializer_list<std::string_view> ends,
                     const std::string& block, uint32_t opened) {
        while (!isStatement(ends)) {
            if (m_current >= m_tokens.size())
                return error("unclosed {% " + block + " %} opened at " +
                             sourcePosition(m_program.source, opened));
            HEARTH_ASSIGN_OR_RETURN(const Node* node, parseAny());
            body.push_back(node);
        }
        return {};
    }

    NodeResult parseAny();
    NodeResult parseStatement();
    NodeResult parseSet(uint32_t offset);
    NodeResult parseIf(uint32_t offset);
    NodeResult parseMacro(uint32_t offset);
    NodeResult parseFor(uint32_t offset);
    Status parseArgs(std::vector<const Node*>& args, bool parameters);
    NodeResult parseExpressionSequence(bool primary);
    NodeResult parseExpression();
    NodeResult parseOr();
    NodeResult parseAnd();
    NodeResult parseNot();
    NodeResult parseComparison();
    NodeResult parseAdditive();
    NodeResult parseMultiplicative();
    NodeResult parsePower();
    NodeResult parseTest();
    NodeResult parseFilter();
    NodeResult parseUnarySign();
    NodeResult parseCallMember();
    NodeResult parseCall(const Node* callee);
    NodeResult parseMember(const Node* object);
    NodeResult parseSubscript(uint32_t offset);
    NodeResult parsePrimary();
    NodeResult binary(const Token& op, const Node* left, const Node* right) {
        Node* node = make(NodeKind::Binary, op.offset);
        node->name = op.value;
        node->a = left;
        node->b = right;
        return finish(node);
    }

    Program& m_program;
    std::vector<Token> m_tokens;
    size_t m_current = 0;
    int m_recursion = 0;
};

Parser::NodeResult Parser::parseAny() {
    Recursion recursion(*this);
    if (recursion.tooDeep()) return tooDeep();
    const Token& token = m_tokens[m_current];
    switch (token.type) {
        case TokenType::Comment: {
            Node* node = make(NodeKind::Comment, token.offset);
            ++m_current;
            return finish(node);
        }
        case TokenType::Text: {
            Node* node = make(NodeKind::Text, token.offset);
            node->name = token.value;
            ++m_current;
            return finish(node);
        }
        case TokenType::OpenStatement:
            return parseStatement();
        case TokenType::OpenExpression: {
            ++m_current;
            HEARTH_ASSIGN_OR_RETURN(const Node* expression, parseExpression());
            HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseExpression, "}}").status());
            return expression;
        }
        default:
            return error("unexpected '" + describe() + "'");
    }
}

Parser::NodeResult Parser::parseStatement() {
    const uint32_t offset = m_tokens[m_current++].offset;  // {%
    if (!is(TokenType::Identifier))
        return error(m_current < m_tokens.size()
                         ? "expected a statement name, found '" + describe() + "'"
                         : "unclosed {%");
    const std::string name = m_tokens[m_current++].value;
    if (name == "set") return parseSet(offset);
    if (name == "if") {
        HEARTH_ASSIGN_OR_RETURN(const Node* node, parseIf(offset));
        HEARTH_RETURN_IF_ERROR(expectEnd("endif", offset));
        return node;
    }
    if (name == "macro") {
        HEARTH_ASSIGN_OR_RETURN(const Node* node, parseMacro(offset));
        HEARTH_RETURN_IF_ERROR(expectEnd("endmacro", offset));
        return node;
    }
    if (name == "for") {
        HEARTH_ASSIGN_OR_RETURN(const Node* node, parseFor(offset));
        HEARTH_RETURN_IF_ERROR(expectEnd("endfor", offset));
        return node;
    }
    if (name == "call") {
        Node* node = make(NodeKind::CallBlock, offset);
        if (is(TokenType::OpenParen)) HEARTH_RETURN_IF_ERROR(parseArgs(node->args, true));
        HEARTH_ASSIGN_OR_RETURN(const Node* callee, parsePrimary());
        if (callee->kind != NodeKind::Identifier)
            return error("expected a macro name after 'call'");
        Node* call = make(NodeKind::Call, callee->offset);
        call->a = callee;
        HEARTH_RETURN_IF_ERROR(parseArgs(call->args, false));
        HEARTH_ASSIGN_OR_RETURN(node->a, finish(call));
        HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
        HEARTH_RETURN_IF_ERROR(parseBody(node->body, {"endcall"}, "call", offset));
        HEARTH_RETURN_IF_ERROR(expectEnd("endcall", offset));
        return finish(node);
    }
    if (name == "break" || name == "continue") {
        HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
        return finish(make(name == "break" ? NodeKind::Break : NodeKind::Continue, offset));
    }
    if (name == "filter") {
        Node* node = make(NodeKind::FilterBlock, offset);
        HEARTH_ASSIGN_OR_RETURN(const Node* filter, parsePrimary());
        if (filter->kind == NodeKind::Identifier && is(TokenType::OpenParen)) {
            HEARTH_ASSIGN_OR_RETURN(filter, parseCall(filter));
        }
        if (filter->kind != NodeKind::Identifier && filter->kind != NodeKind::Call)
            return error("expected a filter name");
        node->a = filter;
        HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
        HEARTH_RETURN_IF_ERROR(parseBody(node->body, {"endfilter"}, "filter", offset));
        HEARTH_RETURN_IF_ERROR(expectEnd("endfilter", offset));
        return finish(node);
    }
    return errorAt("unknown statement '" + name + "'", offset);
}

Parser::NodeResult Parser::parseSet(uint32_t offset) {
    Node* node = make(NodeKind::Set, offset);
    HEARTH_ASSIGN_OR_RETURN(node->a, parseExpressionSequence(false));
    if (is(TokenType::Equals)) {
        ++m_current;
        HEARTH_ASSIGN_OR_RETURN(node->b, parseExpressionSequence(false));
    } else {
        HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "'=' or %}").status());
        HEARTH_RETURN_IF_ERROR(parseBody(node->body, {"endset"}, "set", offset));
        HEARTH_RETURN_IF_ERROR(expect(TokenType::OpenStatement, "{%").status());
        HEARTH_RETURN_IF_ERROR(expectIdentifier("endset"));
    }
    HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
    return finish(node);
}

Parser::NodeResult Parser::parseIf(uint32_t offset) {
    Recursion recursion(*this);
    if (recursion.tooDeep()) return tooDeep();
    Node* node = make(NodeKind::If, offset);
    HEARTH_ASSIGN_OR_RETURN(node->a, parseExpression());
    HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
    HEARTH_RETURN_IF_ERROR(parseBody(node->body, {"elif", "else", "endif"}, "if", offset));
    if (isStatement({"elif"})) {
        const uint32_t elif = m_tokens[m_current].offset;
        m_current += 2;
        HEARTH_ASSIGN_OR_RETURN(const Node* nested, parseIf(elif));
        node->alternate.push_back(nested);
    } else if (isStatement({"else"})) {
        m_current += 2;
        HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
        HEARTH_RETURN_IF_ERROR(parseBody(node->alternate, {"endif"}, "if", offset));
    }
    return finish(node);
}

Parser::NodeResult Parser::parseMacro(uint32_t offset) {
    Node* node = make(NodeKind::Macro, offset);
    HEARTH_ASSIGN_OR_RETURN(const Node* name, parsePrimary());
    if (name->kind != NodeKind::Identifier) return error("expected a macro name");
    node->name = name->name;
    HEARTH_RETURN_IF_ERROR(parseArgs(node->args, true));
    HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
    HEARTH_RETURN_IF_ERROR(parseBody(node->body, {"endmacro"}, "macro", offset));
    return finish(node);
}

Parser::NodeResult Parser::parseFor(uint32_t offset) {
    Node* node = make(NodeKind::For, offset);
    HEARTH_ASSIGN_OR_RETURN(node->a, parseExpressionSequence(true));
    if (node->a->kind != NodeKind::Identifier && node->a->kind != NodeKind::TupleLiteral)
        return error("expected a loop variable");
    if (!isIdentifier("in")) return error("expected 'in' after the loop variable");
    ++m_current;
    HEARTH_ASSIGN_OR_RETURN(const Node* iterable, parseExpression());
    if (iterable->kind == NodeKind::Select) {
        // `for x in xs if test`: the test filters the items.
        node->b = iterable->a;
        node->c = iterable->b;
    } else {
        node->b = iterable;
    }
    HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
    HEARTH_RETURN_IF_ERROR(parseBody(node->body, {"endfor", "else"}, "for", offset));
    if (isStatement({"else"})) {
        m_current += 2;
        HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseStatement, "%}").status());
        HEARTH_RETURN_IF_ERROR(parseBody(node->alternate, {"endfor"}, "for", offset));
    }
    return finish(node);
}

Status Parser::parseArgs(std::vector<const Node*>& args, bool parameters) {
    HEARTH_RETURN_IF_ERROR(expect(TokenType::OpenParen, "'('").status());
    std::set<std::string> names;
    bool sawKeyword = false, sawSpread = false;
    while (!is(TokenType::CloseParen)) {
        if (m_current >= m_tokens.size()) return error("expected ')'");
        const uint32_t offset = offsetHere();
        const bool keywordSpread = is(TokenType::Power);
        const bool spread = is(TokenType::Multiplicative) && m_tokens[m_current].value == "*";
        if (parameters && (keywordSpread || spread))
            return error("argument unpacking is not allowed in parameters");
        if (keywordSpread) {
            ++m_current;
            Node* node = make(NodeKind::KeywordSpread, offset);
            HEARTH_ASSIGN_OR_RETURN(node->a, parseExpression());
            HEARTH_ASSIGN_OR_RETURN(const Node* done, finish(node));
            args.push_back(done);
            if (is(TokenType::Comma)) ++m_current;
            if (!is(TokenType::CloseParen)) return error("'**' must be the last argument");
            break;
        }
        const Node* argument = nullptr;
        if (spread) {
            if (sawSpread) return error("only one '*' unpacking is allowed");
            sawSpread = true;
            ++m_current;
            Node* node = make(NodeKind::Spread, offset);
            HEARTH_ASSIGN_OR_RETURN(node->a, parseExpression());
            HEARTH_ASSIGN_OR_RETURN(argument, finish(node));
        } else {
            HEARTH_ASSIGN_OR_RETURN(argument, parseExpression());
            if (is(TokenType::Equals)) {
                ++m_current;
                if (argument->kind != NodeKind::Identifier)
                    return errorAt("expected a name before '='", offset);
                Node* node = make(NodeKind::KeywordArgument, offset);
                node->name = argument->name;
                HEARTH_ASSIGN_OR_RETURN(node->a, parseExpression());
                HEARTH_ASSIGN_OR_RETURN(argument, finish(node));
            }
            if (parameters) {
                if (argument->kind != NodeKind::Identifier &&
                    argument->kind != NodeKind::KeywordArgument)
                    return errorAt("expected a parameter name", offset);
                if (!names.insert(argument->name).second)
                    return errorAt("duplicate parameter '" + argument->name + "'", offset);
            }
            if (argument->kind == NodeKind::KeywordArgument) {
                sawKeyword = true;
            } else if (sawKeyword) {
                return errorAt(parameters ? "a parameter without a default follows one with"
                                          : "a positional argument follows a keyword argument",
                               offset);
            } else if (sawSpread) {
                return errorAt("a positional argument follows '*' unpacking", offset);
            }
        }
        args.push_back(argument);
        if (is(TokenType::Comma)) ++m_current;
    }
    ++m_current;  // )
    return {};
}

Parser::NodeResult Parser::parseExpressionSequence(bool primary) {
    const uint32_t offset = offsetHere();
    HEARTH_ASSIGN_OR_RETURN(const Node* first, primary ? parsePrimary() : parseExpression());
    if (!is(TokenType::Comma)) return first;
    Node* tuple = make(NodeKind::TupleLiteral, offset);
    tuple->args.push_back(first);
    while (is(TokenType::Comma)) {
        ++m_current;
        HEARTH_ASSIGN_OR_RETURN(const Node* item, primary ? parsePrimary() : parseExpression());
        tuple->args.push_back(item);
    }
    return finish(tuple);
}

Parser::NodeResult Parser::parseExpression() {
    Recursion recursion(*this);
    if (recursion.tooDeep()) return tooDeep();
    const uint32_t offset = offsetHere();
    HEARTH_ASSIGN_OR_RETURN(const Node* value, parseOr());
    if (!isIdentifier("if")) return value;
    ++m_current;
    HEARTH_ASSIGN_OR_RETURN(const Node* test, parseOr());
    if (isIdentifier("else")) {
        ++m_current;
        Node* node = make(NodeKind::Ternary, offset);
        node->a = test;
        node->b = value;
        HEARTH_ASSIGN_OR_RETURN(node->c, parseExpression());
        return finish(node);
    }
    Node* node = make(NodeKind::Select, offset);
    node->a = value;
    node->b = test;
    return finish(node);
}

Parser::NodeResult Parser::parseOr() {
    HEARTH_ASSIGN_OR_RETURN(const Node* left, parseAnd());
    while (isIdentifier("or")) {
        const Token op = m_tokens[m_current++];
        HEARTH_ASSIGN_OR_RETURN(const Node* right, parseAnd());
        HEARTH_ASSIGN_OR_RETURN(left, binary(op, left, right));
    }
    return left;
}

Parser::NodeResult Parser::parseAnd() {
    HEARTH_ASSIGN_OR_RETURN(const Node* left, parseNot());
    while (isIdentifier("and")) {
        const Token op = m_tokens[m_current++];
        HEARTH_ASSIGN_OR_RETURN(const Node* right, parseNot());
        HEARTH_ASSIGN_OR_RETURN(left, binary(op, left, right));
    }
    return left;
}

Parser::NodeResult Parser::parseNot() {
    Recursion recursion(*this);
    if (recursion.tooDeep()) return tooDeep();
    if (!isIdentifier("not")) return parseComparison();
    Node* node = make(NodeKind::Unary, offsetHere());
    node->name = "not";
    ++m_current;
    HEARTH_ASSIGN_OR_RETURN(node->a, parseNot());
    return finish(node);
}

Parser::NodeResult Parser::parseComparison() {
    HEARTH_ASSIGN_OR_RETURN(const Node* left, parseAdditive());
    while (true) {
        Token op;
        if (isIdentifier("not") && isIdentifier("in", 1)) {
            op = {TokenType::Identifier, "not in", m_tokens[m_current].offset};
            m_current += 2;
        } else if (isIdentifier("in") || is(TokenType::Comparison)) {
            op = m_tokens[m_current++];
        } else {
            break;
        }
        HEARTH_ASSIGN_OR_RETURN(const Node* right, parseAdditive());
        HEARTH_ASSIGN_OR_RETURN(left, binary(op, left, right));
    }
    return left;
}

Parser::NodeResult Parser::parseAdditive() {
    HEARTH_ASSIGN_OR_RETURN(const Node* left, parseMultiplicative());
    while (is(TokenType::Additive)) {
        const Token op = m_tokens[m_current++];
        HEARTH_ASSIGN_OR_RETURN(const Node* right, parseMultiplicative());
        HEARTH_ASSIGN_OR_RETURN(left, binary(op, left, right));
    }
    return left;
}

Parser::NodeResult Parser::parseMultiplicative() {
    HEARTH_ASSIGN_OR_RETURN(const Node* left, parsePower());
    while (is(TokenType::Multiplicative)) {
        const Token op = m_tokens[m_current++];
        HEARTH_ASSIGN_OR_RETURN(const Node* right, parsePower());
        HEARTH_ASSIGN_OR_RETURN(left, binary(op, left, right));
    }
    return left;
}

Parser::NodeResult Parser::parsePower() {
    // Left-associative, as in Jinja2: 2 ** 3 ** 2 == (2 ** 3) ** 2.
    HEARTH_ASSIGN_OR_RETURN(const Node* left, parseTest());
    while (is(TokenType::Power)) {
        const Token op = m_tokens[m_current++];
        HEARTH_ASSIGN_OR_RETURN(const Node* right, parseTest());
        HEARTH_ASSIGN_OR_RETURN(left, binary(op, left, right));
    }
    return left;
}

Parser::NodeResult Parser::parseTest() {
    HEARTH_ASSIGN_OR_RETURN(const Node* operand, parseFilter());
    while (isIdentifier("is")) {
        const uint32_t offset = m_tokens[m_current++].offset;
        const bool negate = isIdentifier("not");
        if (negate) ++m_current;
        HEARTH_ASSIGN_OR_RETURN(const Node* test, parsePrimary());
        if (test->kind != NodeKind::Identifier) return errorAt("expected a test name", offset);
        Node* node = make(NodeKind::Test, offset);
        node->a = operand;
        node->name = test->name;
        node->flag = negate;
        HEARTH_ASSIGN_OR_RETURN(operand, finish(node));
    }
    return operand;
}

Parser::NodeResult Parser::parseFilter() {
    HEARTH_ASSIGN_OR_RETURN(const Node* operand, parseUnarySign());
    while (is(TokenType::Pipe)) {
        const uint32_t offset = m_tokens[m_current++].offset;
        HEARTH_ASSIGN_OR_RETURN(const Node* filter, parsePrimary());
        if (filter->kind != NodeKind::Identifier) return errorAt("expected a filter name", offset);
        if (is(TokenType::OpenParen)) {
            HEARTH_ASSIGN_OR_RETURN(filter, parseCall(filter));
        }
        Node* node = make(NodeKind::Filter, offset);
        node->a = operand;
        node->b = filter;
        HEARTH_ASSIGN_OR_RETURN(operand, finish(node));
    }
    return operand;
}

Parser::NodeResult Parser::parseUnarySign() {
    Recursion recursion(*this);
    if (recursion.tooDeep()) return tooDeep();
    if ((is(TokenType::Unary) || is(TokenType::Additive)) &&
        (m_tokens[m_current].value == "-" || m_tokens[m_current].value == "+")) {
        Node* node = make(NodeKind::Unary, offsetHere());
        node->name = m_tokens[m_current++].value;
        HEARTH_ASSIGN_OR_RETURN(node->a, parseUnarySign());
        return finish(node);
    }
    return parseCallMember();
}

Parser::NodeResult Parser::parseCallMember() {
    HEARTH_ASSIGN_OR_RETURN(const Node* primary, parsePrimary());
    HEARTH_ASSIGN_OR_RETURN(const Node* member, parseMember(primary));
    if (is(TokenType::OpenParen)) return parseCall(member);
    return member;
}

Parser::NodeResult Parser::parseCall(const Node* callee) {
    // foo(a)(b).c(d): a loop rather than the reference's recursion.
    const Node* expression = callee;
    while (is(TokenType::OpenParen)) {
        Node* call = make(NodeKind::Call, expression->offset);
        call->a = expression;
        HEARTH_RETURN_IF_ERROR(parseArgs(call->args, false));
        HEARTH_ASSIGN_OR_RETURN(expression, finish(call));
        HEARTH_ASSIGN_OR_RETURN(expression, parseMember(expression));
    }
    return expression;
}

Parser::NodeResult Parser::parseSubscript(uint32_t offset) {
    // [a], [a:b], [::c], ...: up to three parts separated by colons.
    std::vector<const Node*> parts;
    bool slice = false;
    while (!is(TokenType::CloseSquare)) {
        if (m_current >= m_tokens.size()) return error("expected ']'");
        if (is(TokenType::Colon)) {
            parts.push_back(nullptr);
            ++m_current;
            slice = true;
        } else {
            HEARTH_ASSIGN_OR_RETURN(const Node* part, parseExpression());
            parts.push_back(part);
            if (is(TokenType::Colon)) {
                ++m_current;
                slice = true;
            }
        }
    }
    if (parts.empty()) return errorAt("expected an index or a slice inside []", offset);
    if (!slice) return parts[0];
    if (parts.size() > 3) return errorAt("a slice has at most three parts", offset);
    Node* node = make(NodeKind::Slice, offset);
    node->a = parts[0];
    node->b = parts.size() > 1 ? parts[1] : nullptr;
    node->c = parts.size() > 2 ? parts[2] : nullptr;
    return finish(node);
}

Parser::NodeResult Parser::parseMember(const Node* object) {
    while (is(TokenType::Dot) || is(TokenType::OpenSquare)) {
        const Token op = m_tokens[m_current++];
        Node* node = make(NodeKind::Member, op.offset);
        node->a = object;
        node->flag = op.type == TokenType::OpenSquare;
        if (node->flag) {
            HEARTH_ASSIGN_OR_RETURN(node->b, parseSubscript(op.offset));
            HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseSquare, "']'").status());
        } else {
            HEARTH_ASSIGN_OR_RETURN(node->b, parsePrimary());
            if (node->b->kind != NodeKind::Identifier && node->b->kind != NodeKind::Integer)
                return errorAt("expected a name after '.'", op.offset);
        }
        HEARTH_ASSIGN_OR_RETURN(object, finish(node));
    }
    return object;
}

Parser::NodeResult Parser::parsePrimary() {
    if (m_current >= m_tokens.size()) return error("expected an expression");
    const Token& token = m_tokens[m_current++];
    switch (token.type) {
        case TokenType::Number: {
            const bool isFloat = token.value.find('.') != std::string::npos;
            Node* node = make(isFloat ? NodeKind::Float : NodeKind::Integer, token.offset);
            // Digits only (and a sign), so from_chars cannot fail; huge values become infinite.
            std::string_view digits = token.value;
            if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
            double value = 0;
            if (std::from_chars(digits.data(), digits.data() + digits.size(), value).ec ==
                std::errc::result_out_of_range)
                value = digits[0] == '-' ? -HUGE_VAL : HUGE_VAL;
            node->number = value;
            return finish(node);
        }
        case TokenType::String: {
            Node* node = make(NodeKind::String, token.offset);
            node->name = token.value;
            while (is(TokenType::String)) node->name += m_tokens[m_current++].value;
            return finish(node);
        }
        case TokenType::Identifier: {
            Node* node = make(NodeKind::Identifier, token.offset);
            node->name = token.value;
            return finish(node);
        }
        case TokenType::OpenParen: {
            HEARTH_ASSIGN_OR_RETURN(const Node* inner, parseExpressionSequence(false));
            HEARTH_RETURN_IF_ERROR(expect(TokenType::CloseParen, "')'").status());
            return inner;
        }
        case TokenType::OpenSquare: {
            Node* node = make(NodeKind::ArrayLiteral, token.offset);
            while (!is(TokenType::CloseSquare)) {
                if (m_current >= m_tokens.size()) return error("expected ']'");
                HEARTH_ASSIGN_OR_RETURN(const Node* item, parseExpression());
                node->args.push_back(item);
                if (is(TokenType::Comma)) ++m_current;
            }
            ++m_current;
            return finish(node);
        }
        case TokenType::OpenCurly: {
            Node* node = make(NodeKind::ObjectLiteral, token.offset);
            while (!is(TokenType::CloseCurly)) {
                if (m_current >= m_tokens.size()) return error("expected '}'");
                HEARTH_ASSIGN_OR_RETURN(const Node* key, parseExpression());
                HEARTH_RETURN_IF_ERROR(expect(TokenType::Colon, "':' in a dict literal").status());
                HEARTH_ASSIGN_OR_RETURN(const Node* value, parseExpression());
                node->args.push_back(key);
                node->body.push_back(value);
                if (is(TokenType::Comma)) ++m_current;
            }
            ++m_current;
            return finish(node);
        }
        default:
            --m_current;
            return error("unexpected '" + describe() + "'");
    }
}

}  // namespace

Result<std::unique_ptr<Program>> parseTemplate(std::string_view source) {
    auto program = std::make_unique<Program>();
    program->source = std::string(source);
    HEARTH_ASSIGN_OR_RETURN(std::vector<Token> tokens, tokenize(source));
    Parser parser(*program, std::move(tokens));
    HEARTH_RETURN_IF_ERROR(parser.run());
    return program;
}

}  // namespace hearth::tmpl

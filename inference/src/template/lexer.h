// The template lexer. Whitespace control follows @huggingface/jinja exactly, since chat
// templates are written against it (and Python Jinja2) with trim_blocks and lstrip_blocks on:
//  - one trailing newline of the template is dropped;
//  - lstrip_blocks: spaces and tabs before `{%`, `{#` (and `{-`) at the start of a line go;
//  - trim_blocks: the newline right after `%}`, `#}` (and `-}`) goes;
//  - `{%-`, `{{-`, `{#-` strip all whitespace before the tag, `-%}`, `-}}`, `-#}` after it;
//  - the transformers-only `{% generation %}` / `{% endgeneration %}` tags vanish.
// Every token keeps the byte offset of its origin in the source, for error messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/status.h"

namespace hearth::tmpl {

enum class TokenType : uint8_t {
    Text,
    Number,
    String,
    Identifier,
    Equals,
    OpenParen,
    CloseParen,
    OpenStatement,
    CloseStatement,
    OpenExpression,
    CloseExpression,
    OpenSquare,
    CloseSquare,
    OpenCurly,
    CloseCurly,
    Comma,
    Dot,
    Colon,
    Pipe,
    Additive,        // + - ~
    Multiplicative,  // * / // %
    Power,           // **
    Comparison,      // < > <= >= == !=
    Unary,           // a sign before something that is not a number
    Comment,
};

struct Token {
    TokenType type;
    std::string value;
    uint32_t offset;  // in the original source
};

Result<std::vector<Token>> tokenize(std::string_view source);

// "line L, column C" (1-based; columns count bytes) of a byte offset in the source.
std::string sourcePosition(std::string_view source, uint32_t offset);

}  // namespace hearth::tmpl

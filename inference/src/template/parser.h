// The template parser: tokens to a Program, with @huggingface/jinja's grammar and operator
// precedence (which differs from Python Jinja2 in places: `is` tests and filters bind tighter
// than `*`, membership shares the comparison level). Refuses trees nested deeper than
// kMaxSyntaxDepth, so neither parsing nor rendering can exhaust the stack.
#pragma once

#include <memory>
#include <string_view>

#include "hearth/status.h"
#include "template/ast.h"

namespace hearth::tmpl {

inline constexpr int kMaxSyntaxDepth = 256;

Result<std::unique_ptr<Program>> parseTemplate(std::string_view source);

}  // namespace hearth::tmpl

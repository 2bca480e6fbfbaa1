// Text helpers that reproduce JavaScript string semantics on UTF-8, because @huggingface/jinja
// (the reference the chat templates are held to) runs on JavaScript strings: its whitespace is
// JavaScript's `\s`, its lengths and indices count UTF-16 code units, and its numbers print
// the way `String(number)` prints them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tmpl {

// The code point at `at` and its byte length; a malformed sequence reads as U+FFFD, one byte.
char32_t decodeUtf8(std::string_view text, size_t at, size_t* length);
void appendUtf8(std::string& out, char32_t codePoint);
std::vector<char32_t> codePoints(std::string_view text);
std::string fromCodePoints(const std::vector<char32_t>& points, size_t begin, size_t end);

// JavaScript's `\s` (and String.prototype.trim's set): ASCII and Unicode spaces, line breaks.
bool isJsWhitespace(char32_t c);
// Byte length of the JavaScript whitespace at the start (or the end) of `text`, 0 if none.
size_t whitespacePrefix(std::string_view text, size_t at);
size_t whitespaceSuffix(std::string_view text, size_t end);
std::string_view trimJs(std::string_view text, bool start, bool end);

// The length in UTF-16 code units (JavaScript's String.length).
size_t utf16Length(std::string_view text);
// The UTF-16 code unit at `index` (negative counts from the end) as UTF-8; half of a surrogate
// pair prints as U+FFFD, the way Node writes a lone surrogate. False when out of range.
bool utf16UnitAt(std::string_view text, double index, std::string* out);

// ASCII case mapping (the templates apply it to role names and keywords, never to prose).
std::string toLowerAscii(std::string_view text);
std::string toUpperAscii(std::string_view text);

// String(number) in JavaScript: shortest round-trip digits, exponent form past 1e21.
std::string jsNumberToString(double value);
// JavaScript's parseInt(text, 10) and parseFloat(text); NaN when nothing parses.
double jsParseInt(std::string_view text);
double jsParseFloat(std::string_view text);
// JavaScript's Number(text) (loose equality between a string and a number uses it).
double jsStringToNumber(std::string_view text);

// JSON.stringify(text): quotes, backslashes and control characters escaped, the rest verbatim.
void appendJsonString(std::string& out, std::string_view text, bool ensureAscii);

}  // namespace hearth::tmpl

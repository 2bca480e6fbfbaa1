#include "template/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace hearth::tmpl {

char32_t decodeUtf8(std::string_view text, size_t at, size_t* length) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    *length = 1;
    if (lead < 0x80) return lead;
    size_t count = 0;
    char32_t point = 0;
    char32_t minimum = 0;
    if ((lead & 0xe0) == 0xc0) {
        count = 1, point = lead & 0x1f, minimum = 0x80;
    } else if ((lead & 0xf0) == 0xe0) {
        count = 2, point = lead & 0x0f, minimum = 0x800;
    } else if ((lead & 0xf8) == 0xf0) {
        count = 3, point = lead & 0x07, minimum = 0x10000;
    } else {
        return 0xfffd;
    }
    for (size_t i = 1; i <= count; ++i) {
        if (at + i >= text.size() || (byte(at + i) & 0xc0) != 0x80) return 0xfffd;
        point = (point << 6) | (byte(at + i) & 0x3f);
    }
    if (point < minimum || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) return 0xfffd;
    *length = count + 1;
    return point;
}

void appendUtf8(std::string& out, char32_t c) {
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

std::vector<char32_t> codePoints(std::string_view text) {
    std::vector<char32_t> points;
    points.reserve(text.size());
    for (size_t i = 0, length = 0; i < text.size(); i += length)
        points.push_back(decodeUtf8(text, i, &length));
    return points;
}

std::string fromCodePoints(const std::vector<char32_t>& points, size_t begin, size_t end) {
    std::string out;
    for (size_t i = begin; i < end && i < points.size(); ++i) appendUtf8(out, points[i]);
    return out;
}

bool isJsWhitespace(char32_t c) {
    switch (c) {
        case 0x09:
        case 0x0a:
        case 0x0b:
        case 0x0c:
        case 0x0d:
        case 0x20:
        case 0xa0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202f:
        case 0x205f:
        case 0x3000:
        case 0xfeff:
            return true;
        default:
            return c >= 0x2000 && c <= 0x200a;
    }
}

size_t whitespacePrefix(std::string_view text, size_t at) {
    size_t i = at;
    while (i < text.size()) {
        size_t length = 0;
        if (!isJsWhitespace(decodeUtf8(text, i, &length))) break;
        i += length;
    }
    return i - at;
}

size_t whitespaceSuffix(std::string_view text, size_t end) {
    size_t i = end;
    while (i > 0) {
        // Step back to the start of the previous character (at most 3 continuation bytes).
        size_t start = i - 1;
        while (start > 0 && i - start < 4 &&
               (static_cast<unsigned char>(text[start]) & 0xc0) == 0x80)
            --start;
        size_t length = 0;
        const char32_t c = decodeUtf8(text, start, &length);
        if (start + length != i || !isJsWhitespace(c)) break;
        i = start;
    }
    return end - i;
}

std::string_view trimJs(std::string_view text, bool start, bool end) {
    if (start) text.remove_prefix(whitespacePrefix(text, 0));
    if (end) text.remove_suffix(whitespaceSuffix(text, text.size()));
    return text;
}

size_t utf16Length(std::string_view text) {
    size_t units = 0;
    for (size_t i = 0, length = 0; i < text.size(); i += length)
        units += decodeUtf8(text, i, &length) >= 0x10000 ? 2 : 1;
    return units;
}

bool utf16UnitAt(std::string_view text, double index, std::string* out) {
    const double length = static_cast<double>(utf16Length(text));
    if (index < 0) index += length;
    if (!(index >= 0 && index < length)) return false;
    const auto target = static_cast<size_t>(index);
    size_t unit = 0;
    for (size_t i = 0, size = 0; i < text.size(); i += size) {
        const char32_t c = decodeUtf8(text, i, &size);
        const size_t width = c >= 0x10000 ? 2 : 1;
        if (target < unit + width) {
            out->clear();
            appendUtf8(*out, width == 2 ? 0xfffd : c);
            return true;
        }
        unit += width;
    }
    return false;
}

std::string toLowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string toUpperAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string jsNumberToString(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
    if (value == 0) return "0";
    // Shortest round-trip digits and the decimal exponent, then ECMAScript's layout rules.
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                      std::chars_format::scientific);
    const std::string_view scientific(buffer, static_cast<size_t>(result.ptr - buffer));
    const size_t e = scientific.find('e');
    std::string digits;
    for (const char c : scientific.substr(0, e))
        if (c != '.') digits += c;
    const int n = std::atoi(std::string(scientific.substr(e + 1)).c_str()) + 1;
    const int k = static_cast<int>(digits.size());
    std::string out = value < 0 ? "-" : "";
    if (k <= n && n <= 21) {
        out += digits + std::string(static_cast<size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out +=
            digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
    } else {
        out += digits.substr(0, 1);
        if (k > 1) out += "." + digits.substr(1);
        out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
    }
    return out;
}

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

double parseDecimal(std::string_view text) {
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc::result_out_of_range) return value;
    // Out of range: an underflow (a negative exponent, or no digit before the point but zeros)
    // is 0, an overflow is infinite, as in JavaScript.
    const bool underflow =
        text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos ||
        text.find_first_not_of("0.") == std::string_view::npos ||
        text.substr(0, text.find('.')).find_first_not_of('0') == std::string_view::npos;
    return underflow ? 0.0 : std::numeric_limits<double>::infinity();
}

// The longest prefix of `text` that is a decimal literal ("12", "1.5", ".5", "1e3"); 0 if none.
size_t decimalPrefix(std::string_view text) {
    size_t i = 0;
    size_t digits = 0;
    while (i < text.size() && isDigit(text[i])) ++i, ++digits;
    if (i < text.size() && text[i] == '.') {
        size_t j = i + 1;
        size_t fraction = 0;
        while (j < text.size() && isDigit(text[j])) ++j, ++fraction;
        if (digits + fraction > 0) i = j, digits += fraction;
    }
    if (digits == 0) return 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
        if (j < text.size() && isDigit(text[j])) {
            while (j < text.size() && isDigit(text[j])) ++j;
            i = j;
        }
    }
    return i;
}

}  // namespace

double jsParseInt(std::string_view text) {
    text = trimJs(text, true, false);
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    size_t i = 0;
    while (i < text.size() && isDigit(text[i])) ++i;
    if (i == 0) return std::numeric_limits<double>::quiet_NaN();
    const double value = parseDecimal(text.substr(0, i));
    return negative ? -value : value;
}

double jsParseFloat(std::string_view text) {
    text = trimJs(text, true, false);
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    double value = 0;
    if (text.substr(0, 8) == "Infinity") {
        value = std::numeric_limits<double>::infinity();
    } else {
        const size_t length = decimalPrefix(text);
        if (length == 0) return std::numeric_limits<double>::quiet_NaN();
        std::string literal(text.substr(0, length));
        if (literal[0] == '.') literal.insert(0, "0");
        value = parseDecimal(literal);
    }
    return negative ? -value : value;
}

double jsStringToNumber(std::string_view text) {
    text = trimJs(text, true, true);
    if (text.empty()) return 0;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        double value = 0;
        for (const char c : text.substr(2)) {
            const int digit = isDigit(c)               ? c - '0'
                              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                       : -1;
            if (digit < 0) return std::numeric_limits<double>::quiet_NaN();
            value = value * 16 + digit;
        }
        return value;
    }
    const double value = jsParseFloat(text);
    // Number() needs the whole text to be the literal, unlike parseFloat.
    std::string_view rest = text;
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) rest.remove_prefix(1);
    const size_t used = rest.substr(0, 8) == "Infinity" ? 8 : decimalPrefix(rest);
    return used == rest.size() ? value : std::numeric_limits<double>::quiet_NaN();
}

void appendJsonString(std::string& out, std::string_view text, bool ensureAscii) {
    static const char* hex = "0123456789abcdef";
    const auto escapeUnit = [&](unsigned unit) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += hex[(unit >> shift) & 0xf];
    };
    out += '"';
    for (size_t i = 0, length = 0; i < text.size(); i += length) {
        const char32_t c = decodeUtf8(text, i, &length);
        switch (c) {
            case '"':
                out += "\\\"";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            case '\b':
                out += "\\b";
                continue;
            case '\f':
                out += "\\f";
                continue;
            case '\n':
                out += "\\n";
                continue;
            case '\r':
                out += "\\r";
                continue;
            case '\t':
                out += "\\t";
                continue;
            default:
                break;
        }
        if (c < 0x20) {
            escapeUnit(c);
        } else if (ensureAscii && c >= 0x7f) {
            if (c >= 0x10000) {
                escapeUnit(0xd800 + ((c - 0x10000) >> 10));
                escapeUnit(0xdc00 + ((c - 0x10000) & 0x3ff));
            } else {
                escapeUnit(c);
            }
        } else {
            out.append(text.substr(i, length));
        }
    }
    out += '"';
}

}  // namespace hearth::tmpl

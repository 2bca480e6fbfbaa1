#include "tokenizer/utf8_stream.h"

#include <algorithm>

namespace hearth::tokenizer {

namespace {

// Length of the UTF-8 sequence a lead byte starts and the range its second byte must be in
// (which rules out overlong forms, surrogates and code points past U+10FFFF); 0 for a byte
// that cannot start one.
struct Utf8Lead {
    size_t length = 0;
    unsigned char secondLow = 0x80, secondHigh = 0xBF;
};

Utf8Lead utf8Lead(unsigned char c) {
    if (c < 0x80) return {1};
    if (c >= 0xC2 && c <= 0xDF) return {2};
    if (c == 0xE0) return {3, 0xA0, 0xBF};
    if (c == 0xED) return {3, 0x80, 0x9F};
    if (c >= 0xE1 && c <= 0xEF) return {3};
    if (c == 0xF0) return {4, 0x90, 0xBF};
    if (c >= 0xF1 && c <= 0xF3) return {4};
    if (c == 0xF4) return {4, 0x80, 0x8F};
    return {};
}

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

// Emits every complete, valid character of m_pending; an invalid byte becomes U+FFFD and the
// scan resumes at the next byte. An incomplete character at the end waits for more bytes, or
// with `final` becomes U+FFFD too.
std::string Utf8Stream::drain(bool final) {
    std::string out;
    size_t i = 0;
    while (i < m_pending.size()) {
        const Utf8Lead lead = utf8Lead(static_cast<unsigned char>(m_pending[i]));
        const size_t available = std::min(lead.length, m_pending.size() - i);
        bool valid = lead.length != 0;
        for (size_t k = 1; valid && k < available; ++k) {
            const auto c = static_cast<unsigned char>(m_pending[i + k]);
            valid = k == 1 ? c >= lead.secondLow && c <= lead.secondHigh : (c >> 6) == 2;
        }
        if (!valid || (available < lead.length && final)) {
            out += kReplacement;
            ++i;
            continue;
        }
        if (available < lead.length) break;  // wait for the rest of the character
        out.append(m_pending, i, lead.length);
        i += lead.length;
    }
    m_pending.erase(0, i);
    return out;
}

std::string Utf8Stream::push(const std::string& bytes) {
    m_pending += bytes;
    return drain(false);
}

std::string Utf8Stream::flush() {
    return drain(true);
}

}  // namespace hearth::tokenizer

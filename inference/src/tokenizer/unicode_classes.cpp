#include "tokenizer/unicode_classes.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>

namespace hearth::tokenizer {

namespace {

constexpr uint32_t kCodePoints = 0x110000;

uint8_t classify(UChar32 cp) {
    uint8_t classes = 0;
    const uint32_t category = U_MASK(u_charType(cp));
    if (category & U_GC_L_MASK) classes |= kLetter;
    if (category & U_GC_N_MASK) classes |= kNumber;
    if (category & U_GC_P_MASK) classes |= kPunctuation;
    if (category & U_GC_S_MASK) classes |= kSymbol;
    if (category & U_GC_M_MASK) classes |= kMark;
    if (u_isUWhiteSpace(cp)) classes |= kSpaceUnicode;
    // ECMAScript's WhiteSpace and LineTerminator productions.
    if ((category & U_GC_ZS_MASK) || (cp >= 0x09 && cp <= 0x0D) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0xFEFF)
        classes |= kSpaceJs;
    return classes;
}

// One byte per code point (1.1 MB), built on first use: a table read beats ICU's trie walk in
// the pre-tokenizers' inner loops.
const std::vector<uint8_t>& classTable() {
    static const std::vector<uint8_t> table = [] {
        std::vector<uint8_t> t(kCodePoints);
        for (uint32_t cp = 0; cp < kCodePoints; ++cp) t[cp] = classify(static_cast<UChar32>(cp));
        return t;
    }();
    return table;
}

}  // namespace

uint8_t charClasses(uint32_t cp) {
    return cp < kCodePoints ? classTable()[cp] : 0;
}

std::vector<uint32_t> decodeUtf8(std::string_view text) {
    std::vector<uint32_t> out;
    out.reserve(text.size());
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            out.push_back(c);
            ++i;
            continue;
        }
        const int length = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        uint32_t cp = length == 0 ? 0 : c & (0x7Fu >> length);
        bool valid = length != 0 && i + length <= n;
        for (int k = 1; valid && k < length; ++k) {
            valid = (s[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are malformed too.
        static constexpr uint32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
        valid =
            valid && cp >= kSmallest[length] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!valid) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += length;
    }
    return out;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string normalizeNfc(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return std::string(text);
    const icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    // Most text is already NFC: the quick check avoids building a second string.
    if (nfc->isNormalized(source, status) && U_SUCCESS(status)) return std::string(text);
    status = U_ZERO_ERROR;
    const icu::UnicodeString normalized = nfc->normalize(source, status);
    if (U_FAILURE(status)) return std::string(text);
    std::string out;
    normalized.toUTF8String(out);
    return out;
}

}  // namespace hearth::tokenizer

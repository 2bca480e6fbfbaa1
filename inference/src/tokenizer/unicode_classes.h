// The character classes the pre-tokenizer patterns are written in (\p{L}, \p{N}, \p{P}, \p{S},
// \p{M}, \s), for every code point, from ICU's Unicode tables.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tokenizer {

enum CharClass : uint8_t {
    kLetter = 1 << 0,       // \p{L}
    kNumber = 1 << 1,       // \p{N}
    kPunctuation = 1 << 2,  // \p{P}
    kSymbol = 1 << 3,       // \p{S}
    kMark = 1 << 4,         // \p{M}
    // \s as JavaScript's regular expressions define it (Hugging Face's JavaScript tokenizers):
    // the Zs spaces, \t \n \v \f \r, U+2028, U+2029 and U+FEFF; not U+0085.
    kSpaceJs = 1 << 5,
    // \s as llama.cpp defines it: Unicode's White_Space property (U+0085 yes, U+FEFF no).
    kSpaceUnicode = 1 << 6,
};

// The classes of `cp`; 0 for a code point outside Unicode.
uint8_t charClasses(uint32_t cp);

// UTF-8 to code points; a malformed sequence becomes U+FFFD, one per bad byte (as llama.cpp
// does), so any byte string can be encoded.
std::vector<uint32_t> decodeUtf8(std::string_view text);
void appendUtf8(std::string& out, uint32_t cp);

// Unicode normalization form C (what Qwen's tokenizer.json asks for). Input must be valid UTF-8.
std::string normalizeNfc(std::string_view text);

}  // namespace hearth::tokenizer

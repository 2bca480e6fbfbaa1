// Added tokens (role markers, <think>, control tokens) are found in the text before anything
// else and become their own ids; the text between them is tokenized normally.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizer/vocabulary.h"

namespace hearth::tokenizer {

struct TextSection {
    std::string_view text;  // plain text to tokenize, when token < 0
    int32_t token = -1;     // an added token
};

// Builds v.addedByFirstByte; the loaders call it once.
void indexAddedTokens(Vocabulary& v);

// Cuts `text` at the added tokens it contains, leftmost first and the longest where several
// start at the same place. Special (control) tokens count only when `parseSpecial`.
std::vector<TextSection> splitAtAddedTokens(const Vocabulary& v, std::string_view text,
                                            bool parseSpecial);

}  // namespace hearth::tokenizer

// Pre-tokenizers: how text is cut into words before BPE runs inside each word. Each supported
// family's split pattern (a regular expression in tokenizer.json, a name in GGUF's
// tokenizer.ggml.pre) is implemented as a scanner that follows the pattern's alternatives in
// order, as a backtracking regex engine would, over code points classified by ICU.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tokenizer {

enum class SplitPattern {
    Gpt2,        // 's|'t|...| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    Llama3,      // (?i:'s|...)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|...
    Qwen2,       // the same with single digits: \p{N}
    DeepSeekV3,  // \p{N}{1,3}, then CJK runs, then letters+marks, punctuation and symbols
};

struct PreTokenizer {
    SplitPattern pattern = SplitPattern::Gpt2;
    // Which \s the pattern means: kSpaceJs (Hugging Face's JavaScript tokenizers) or
    // kSpaceUnicode (llama.cpp). They differ only on U+0085 and U+FEFF.
    uint8_t spaceClass = 0;

    // Appends the end offset (in code points) of each word of cps[0, n) to `ends`.
    void split(const uint32_t* cps, size_t n, std::vector<size_t>& ends) const;
};

// The pattern a GGUF file's tokenizer.ggml.pre names, or nullopt for a name Hearth does not know.
std::optional<SplitPattern> splitPatternForGgufName(std::string_view name);

// The pattern a tokenizer.json pre_tokenizer describes: `regexes` are the Split patterns of its
// Sequence, in order (empty for a plain ByteLevel pre-tokenizer with use_regex, GPT-2's).
std::optional<SplitPattern> splitPatternForRegexes(const std::vector<std::string>& regexes);

}  // namespace hearth::tokenizer

#include "tokenizer/pre_tokenizer.h"

#include "tokenizer/unicode_classes.h"

namespace hearth::tokenizer {

namespace {

// The text of one word-splitting pass: code points up to `end` of an array, with the classes of
// each; positions past the end read as class 0 and code point 0.
class Cursor {
public:
    Cursor(const uint32_t* cps, size_t end, uint8_t space)
        : m_cps(cps), m_end(end), m_space(space) {}

    size_t end() const { return m_end; }
    uint32_t at(size_t i) const { return i < m_end ? m_cps[i] : 0; }
    uint8_t classes(size_t i) const { return i < m_end ? charClasses(m_cps[i]) : 0; }
    bool has(size_t i, uint8_t mask) const { return (classes(i) & mask) != 0; }
    bool isSpace(size_t i) const { return has(i, m_space); }
    bool isLetter(size_t i) const { return has(i, kLetter); }
    bool isNumber(size_t i) const { return has(i, kNumber); }
    bool isNewline(size_t i) const { return at(i) == '\r' || at(i) == '\n'; }
    // [^\s\p{L}\p{N}]: any other character in the text.
    bool isOther(size_t i) const { return i < m_end && !isSpace(i) && !has(i, kLetter | kNumber); }

    // The end of the run of characters from i for which `pred` holds.
    template <typename Pred>
    size_t runEnd(size_t i, Pred pred) const {
        while (i < m_end && pred(i)) ++i;
        return i;
    }

    // 's 't 're 've 'm 'll 'd at i (ASCII letters, either case when `anyCase`): their length.
    size_t contraction(size_t i, bool anyCase) const {
        if (at(i) != '\'') return 0;
        auto letter = [&](size_t k, char lower) {
            const uint32_t c = at(k);
            return c == static_cast<uint32_t>(lower) ||
                   (anyCase && c == static_cast<uint32_t>(lower - 'a' + 'A'));
        };
        if (letter(i + 1, 's') || letter(i + 1, 't') || letter(i + 1, 'm') || letter(i + 1, 'd'))
            return 2;
        if ((letter(i + 1, 'r') && letter(i + 2, 'e')) ||
            (letter(i + 1, 'v') && letter(i + 2, 'e')) ||
            (letter(i + 1, 'l') && letter(i + 2, 'l')))
            return 3;
        return 0;
    }

    // The three whitespace alternatives the patterns end with:
    //   \s*[\r\n]+ (when `newlineRuns`) | \s+(?!\S) | \s+
    // Their match at i (a whitespace character), as an end offset.
    size_t whitespace(size_t i, bool newlineRuns) const {
        const size_t runEnd = this->runEnd(i, [&](size_t k) { return isSpace(k); });
        if (newlineRuns) {
            // \s* backtracks to the last \r or \n of the run; [\r\n]+ ends right after it.
            for (size_t k = runEnd; k > i; --k)
                if (isNewline(k - 1)) return k;
        }
        // \s+(?!\S): the run, less its last character when a non-space follows.
        if (runEnd < m_end && runEnd - i > 1) return runEnd - 1;
        return runEnd;  // \s+
    }

private:
    const uint32_t* m_cps;
    size_t m_end;
    uint8_t m_space;
};

// Llama 3's pattern; Qwen2's differs only in taking digits one at a time.
size_t matchLlama3(const Cursor& t, size_t i, size_t maxDigits) {
    if (const size_t n = t.contraction(i, true)) return i + n;
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (t.isLetter(i)) return t.runEnd(i, [&](size_t k) { return t.isLetter(k); });
    if (!t.isNewline(i) && !t.isNumber(i) && t.isLetter(i + 1))
        return t.runEnd(i + 1, [&](size_t k) { return t.isLetter(k); });
    // \p{N}{1,maxDigits}
    if (t.isNumber(i)) {
        size_t k = i;
        while (k - i < maxDigits && t.isNumber(k)) ++k;
        return k;
    }
    //  ?[^\s\p{L}\p{N}]+[\r\n]*
    const size_t start = t.at(i) == ' ' && t.isOther(i + 1) ? i + 1 : i;
    if (t.isOther(start)) {
        const size_t k = t.runEnd(start, [&](size_t j) { return t.isOther(j); });
        return t.runEnd(k, [&](size_t j) { return t.isNewline(j); });
    }
    if (t.isSpace(i)) return t.whitespace(i, true);
    return i;  // unreachable: every character is a letter, number, space or other
}

size_t matchGpt2(const Cursor& t, size_t i) {
    if (const size_t n = t.contraction(i, false)) return i + n;
    const size_t start = t.at(i) == ' ' ? i + 1 : i;
    //  ?\p{L}+ |  ?\p{N}+ |  ?[^\s\p{L}\p{N}]+
    if (t.isLetter(start)) return t.runEnd(start, [&](size_t k) { return t.isLetter(k); });
    if (t.isNumber(start)) return t.runEnd(start, [&](size_t k) { return t.isNumber(k); });
    if (t.isOther(start)) return t.runEnd(start, [&](size_t k) { return t.isOther(k); });
    if (t.isSpace(i)) return t.whitespace(i, false);
    return i;
}

// DeepSeek-V3's last pattern:
//   [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+ | [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
//   |  ?[\p{P}\p{S}]+[\r\n]* | \s*[\r\n]+ | \s+(?!\S) | \s+
// Characters none of them matches (digits, controls, format characters) stay between matches.
size_t matchDeepSeekV3(const Cursor& t, size_t i) {
    auto asciiLetter = [&](size_t k) {
        const uint32_t c = t.at(k);
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    auto asciiPunctuation = [&](size_t k) {
        const uint32_t c = t.at(k);
        return c >= 0x21 && c <= 0x7E && !asciiLetter(k) && !(c >= '0' && c <= '9');
    };
    if (asciiPunctuation(i) && asciiLetter(i + 1)) return t.runEnd(i + 1, asciiLetter);
    auto letterOrMark = [&](size_t k) { return t.has(k, kLetter | kMark); };
    if (letterOrMark(i)) return t.runEnd(i, letterOrMark);
    if (i < t.end() && !t.isNewline(i) && !t.has(i, kLetter | kPunctuation | kSymbol) &&
        letterOrMark(i + 1))
        return t.runEnd(i + 1, letterOrMark);
    auto punctuationOrSymbol = [&](size_t k) { return t.has(k, kPunctuation | kSymbol); };
    const size_t start = t.at(i) == ' ' && punctuationOrSymbol(i + 1) ? i + 1 : i;
    if (punctuationOrSymbol(start)) {
        const size_t k = t.runEnd(start, punctuationOrSymbol);
        return t.runEnd(k, [&](size_t j) { return t.isNewline(j); });
    }
    if (t.isSpace(i)) return t.whitespace(i, true);
    return i;  // no match here
}

// Runs `match` over [begin, end) as a global regex search does, keeping the text between
// matches as words of their own (Hugging Face's "Isolated" split behaviour).
template <typename Match>
void splitIsolated(const Cursor& t, size_t begin, Match match, std::vector<size_t>& ends) {
    size_t gapStart = begin;
    for (size_t i = begin; i < t.end();) {
        const size_t matchEnd = match(t, i);
        if (matchEnd == i) {
            ++i;  // no match starts here: the character joins the gap
            continue;
        }
        if (gapStart < i) ends.push_back(i);
        ends.push_back(matchEnd);
        i = gapStart = matchEnd;
    }
    if (gapStart < t.end()) ends.push_back(t.end());
}

// DeepSeek-V3's first two passes: digits in threes, then runs of CJK ideographs and kana (the
// ranges its pattern names: U+4E00-U+9FA5, U+3040-U+309F, U+30A0-U+30FF).
size_t matchDigitTriples(const Cursor& t, size_t i) {
    size_t k = i;
    while (k - i < 3 && t.isNumber(k)) ++k;
    return k;
}

size_t matchCjkRun(const Cursor& t, size_t i) {
    return t.runEnd(i, [&](size_t k) {
        const uint32_t c = t.at(k);
        return (c >= 0x4E00 && c <= 0x9FA5) || (c >= 0x3040 && c <= 0x309F) ||
               (c >= 0x30A0 && c <= 0x30FF);
    });
}

}  // namespace

void PreTokenizer::split(const uint32_t* cps, size_t n, std::vector<size_t>& ends) const {
    switch (pattern) {
        case SplitPattern::Gpt2:
            splitIsolated(Cursor(cps, n, spaceClass), 0, matchGpt2, ends);
            return;
        case SplitPattern::Llama3:
        case SplitPattern::Qwen2: {
            const size_t digits = pattern == SplitPattern::Llama3 ? 3 : 1;
            splitIsolated(
                Cursor(cps, n, spaceClass), 0,
                [digits](const Cursor& t, size_t i) { return matchLlama3(t, i, digits); }, ends);
            return;
        }
        case SplitPattern::DeepSeekV3: {
            // Each pass splits every word of the one before.
            std::vector<size_t> first, second;
            splitIsolated(Cursor(cps, n, spaceClass), 0, matchDigitTriples, first);
            size_t begin = 0;
            for (const size_t end : first) {
                splitIsolated(Cursor(cps, end, spaceClass), begin, matchCjkRun, second);
                begin = end;
            }
            begin = 0;
            for (const size_t end : second) {
                splitIsolated(Cursor(cps, end, spaceClass), begin, matchDeepSeekV3, ends);
                begin = end;
            }
            return;
        }
    }
}

std::optional<SplitPattern> splitPatternForGgufName(std::string_view name) {
    // The names llama.cpp's converter writes for the families Hearth runs.
    if (name == "default" || name == "gpt-2" || name == "gpt2") return SplitPattern::Gpt2;
    if (name == "llama-bpe" || name == "llama3" || name == "smaug-bpe") return SplitPattern::Llama3;
    if (name == "qwen2" || name == "deepseek-r1-qwen") return SplitPattern::Qwen2;
    if (name == "deepseek-v3") return SplitPattern::DeepSeekV3;
    return std::nullopt;
}

std::optional<SplitPattern> splitPatternForRegexes(const std::vector<std::string>& regexes) {
    static const std::string kLlama3 =
        R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    static const std::string kQwen2 =
        R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
    static const std::vector<std::string> kDeepSeekV3 = {
        R"(\p{N}{1,3})",
        "[\xE4\xB8\x80-\xE9\xBE\xA5\xE3\x81\x80-\xE3\x82\x9F\xE3\x82\xA0-\xE3\x83\xBF]+",
        "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}"
        "\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
    };
    if (regexes.empty()) return SplitPattern::Gpt2;
    if (regexes.size() == 1 && regexes[0] == kLlama3) return SplitPattern::Llama3;
    if (regexes.size() == 1 && regexes[0] == kQwen2) return SplitPattern::Qwen2;
    if (regexes == kDeepSeekV3) return SplitPattern::DeepSeekV3;
    return std::nullopt;
}

}  // namespace hearth::tokenizer

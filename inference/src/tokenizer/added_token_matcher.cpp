#include "tokenizer/added_token_matcher.h"

#include <algorithm>

#include "tokenizer/unicode_classes.h"

namespace hearth::tokenizer {

namespace {

bool isSpaceAt(std::string_view text, size_t i, size_t& length) {
    // Decodes one character; whitespace as JavaScript's trim() sees it (Hugging Face's lstrip
    // and rstrip).
    const std::vector<uint32_t> cp =
        decodeUtf8(text.substr(i, std::min<size_t>(4, text.size() - i)));
    if (cp.empty()) return false;
    std::string encoded;
    appendUtf8(encoded, cp[0]);
    length = encoded.size();
    return (charClasses(cp[0]) & kSpaceJs) != 0 && text.compare(i, length, encoded) == 0;
}

std::string_view trimEnd(std::string_view text) {
    // Walk back over whole characters: find the last non-space character's end.
    size_t keep = 0;
    for (size_t i = 0; i < text.size();) {
        size_t length = 1;
        const bool space = isSpaceAt(text, i, length);
        i += length;
        if (!space) keep = i;
    }
    return text.substr(0, keep);
}

std::string_view trimStart(std::string_view text) {
    size_t i = 0;
    size_t length = 1;
    while (i < text.size() && isSpaceAt(text, i, length)) i += length;
    return text.substr(i);
}

}  // namespace

void indexAddedTokens(Vocabulary& v) {
    for (auto& list : v.addedByFirstByte) list.clear();
    for (uint32_t i = 0; i < v.added.size(); ++i)
        if (!v.added[i].text.empty())
            v.addedByFirstByte[static_cast<unsigned char>(v.added[i].text[0])].push_back(i);
    for (auto& list : v.addedByFirstByte)
        std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
            return v.added[a].text.size() > v.added[b].text.size();
        });
}

std::vector<TextSection> splitAtAddedTokens(const Vocabulary& v, std::string_view text,
                                            bool parseSpecial) {
    std::vector<TextSection> sections;
    std::vector<const AddedToken*> matched;  // per section; null for text
    size_t textStart = 0;
    for (size_t i = 0; i < text.size();) {
        const AddedToken* found = nullptr;
        for (const uint32_t index : v.addedByFirstByte[static_cast<unsigned char>(text[i])]) {
            const AddedToken& token = v.added[index];
            if (token.special && !parseSpecial) continue;
            if (text.compare(i, token.text.size(), token.text) == 0) {
                found = &token;
                break;
            }
        }
        if (found == nullptr) {
            ++i;
            continue;
        }
        if (textStart < i) {
            sections.push_back({text.substr(textStart, i - textStart), -1});
            matched.push_back(nullptr);
        }
        sections.push_back({{}, found->id});
        matched.push_back(found);
        i += found->text.size();
        textStart = i;
    }
    if (textStart < text.size()) {
        sections.push_back({text.substr(textStart), -1});
        matched.push_back(nullptr);
    }
    // lstrip/rstrip tokens swallow the whitespace beside them.
    for (size_t k = 0; k < sections.size(); ++k) {
        if (matched[k] == nullptr) continue;
        if (matched[k]->lstrip && k > 0 && matched[k - 1] == nullptr)
            sections[k - 1].text = trimEnd(sections[k - 1].text);
        if (matched[k]->rstrip && k + 1 < sections.size() && matched[k + 1] == nullptr)
            sections[k + 1].text = trimStart(sections[k + 1].text);
    }
    return sections;
}

}  // namespace hearth::tokenizer

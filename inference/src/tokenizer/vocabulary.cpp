#include "tokenizer/vocabulary.h"

#include <cctype>

#include "tokenizer/unicode_classes.h"

namespace hearth::tokenizer {

const std::array<uint32_t, 256>& byteLevelCodePoints() {
    // Printable bytes spell themselves; the others were moved to 256 + k, in byte order.
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        uint32_t next = 256;
        for (uint32_t b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
            t[b] = printable ? b : next++;
        }
        return t;
    }();
    return table;
}

std::optional<std::string> byteLevelDecode(const std::string& piece) {
    static const std::array<int, 324> byteOf = [] {
        std::array<int, 324> t;
        t.fill(-1);
        for (int b = 0; b < 256; ++b) t[byteLevelCodePoints()[b]] = b;
        return t;
    }();
    std::string out;
    for (const uint32_t cp : decodeUtf8(piece)) {
        if (cp >= byteOf.size() || byteOf[cp] < 0) return std::nullopt;
        out += static_cast<char>(byteOf[cp]);
    }
    return out;
}

std::string sentencePieceDecode(const std::string& piece) {
    auto hex = [&](size_t i) { return std::isxdigit(static_cast<unsigned char>(piece[i])) != 0; };
    if (piece.size() == 6 && piece.compare(0, 3, "<0x") == 0 && piece[5] == '>' && hex(3) && hex(4))
        return std::string(1, static_cast<char>(std::stoi(piece.substr(3, 2), nullptr, 16)));
    std::string out;
    for (size_t i = 0; i < piece.size(); ++i) {
        if (piece.compare(i, 3, "\xE2\x96\x81") == 0) {
            out += ' ';
            i += 2;
        } else {
            out += piece[i];
        }
    }
    return out;
}

}  // namespace hearth::tokenizer

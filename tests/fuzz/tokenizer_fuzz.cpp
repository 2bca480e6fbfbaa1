// libFuzzer entry for the tokenizer. The first byte picks what the rest is:
//   even: text, encoded with a small byte-level vocabulary under one of the four pre-tokenizer
//         patterns (bits 1-2) or a SentencePiece one (bit 3), with or without special tokens
//         (bit 4); valid UTF-8 must decode back to itself.
//   odd:  a tokenizer.json; when it loads, a fixed text and the input itself are encoded.
// Errors are fine; crashes, hangs, sanitizer reports and a failed round trip are not.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "formats/strict_json.h"
#include "hearth/tokenizer.h"
#include "tokenizer/unicode_classes.h"
#include "tokenizer/vocabulary.h"

namespace {

using Json = nlohmann::json;

// Every byte, a few merges, added tokens; the Split pattern of the chosen family.
Json byteLevelJson(int pattern) {
    static const char* kPatterns[] = {
        R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
        R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
    };
    Json vocab = Json::object();
    for (int b = 0; b < 256; ++b) {
        std::string piece;
        hearth::tokenizer::appendUtf8(piece, hearth::tokenizer::byteLevelCodePoints()[b]);
        vocab[piece] = b;
    }
    vocab["th"] = 256;
    vocab["the"] = 257;
    vocab["\xC4\xA0the"] = 258;
    Json pre;
    if (pattern < 2) {
        pre = {{"type", "Sequence"},
               {"pretokenizers",
                {{{"type", "Split"},
                  {"pattern", {{"Regex", kPatterns[pattern]}}},
                  {"behavior", "Isolated"},
                  {"invert", false}},
                 {{"type", "ByteLevel"}, {"use_regex", false}}}}};
    } else if (pattern == 2) {
        pre = {{"type", "ByteLevel"}, {"use_regex", true}};  // GPT-2
    } else {
        pre = {{"type", "Sequence"},
               {"pretokenizers",
                {{{"type", "Split"},
                  {"pattern", {{"Regex", R"(\p{N}{1,3})"}}},
                  {"behavior", "Isolated"},
                  {"invert", false}},
                 {{"type", "Split"},
                  {"pattern",
                   {{"Regex",
                     "[\xE4\xB8\x80-\xE9\xBE\xA5\xE3\x81\x80-\xE3\x82\x9F\xE3\x82\xA0-"
                     "\xE3\x83\xBF]+"}}},
                  {"behavior", "Isolated"},
                  {"invert", false}},
                 {{"type", "Split"},
                  {"pattern",
                   {{"Regex",
                     "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}"
                     "\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|"
                     "\\s+(?!\\S)|\\s+"}}},
                  {"behavior", "Isolated"},
                  {"invert", false}},
                 {{"type", "ByteLevel"}, {"use_regex", false}}}}};
    }
    return {
        {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", {"t h", "th e", "\xC4\xA0 the"}}}},
        {"normalizer", pattern == 1 ? Json{{"type", "NFC"}} : Json()},
        {"pre_tokenizer", pre},
        {"decoder", {{"type", "ByteLevel"}}},
        {"added_tokens",
         {{{"id", 300}, {"content", "<|end|>"}, {"special", true}},
          {{"id", 301}, {"content", "<think>"}, {"special", false}},
          {{"id", 302},
           {"content", "[S]"},
           {"special", true},
           {"lstrip", true},
           {"rstrip", true}}}}};
}

// SentencePiece: byte tokens, a few pieces, Prepend + Replace normalizers.
Json sentencePieceJson() {
    Json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        vocab[name] = 3 + b;
    }
    vocab["\xE2\x96\x81"] = 259;
    vocab["t"] = 260;
    vocab["h"] = 261;
    vocab["\xE2\x96\x81t"] = 262;
    vocab["\xE2\x96\x81th"] = 263;
    return {
        {"model",
         {{"type", "BPE"},
          {"vocab", vocab},
          {"byte_fallback", true},
          {"unk_token", "<unk>"},
          {"merges", {"\xE2\x96\x81 t", "\xE2\x96\x81t h"}}}},
        {"normalizer",
         {{"type", "Sequence"},
          {"normalizers",
           {{{"type", "Prepend"}, {"prepend", "\xE2\x96\x81"}},
            {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\xE2\x96\x81"}}}}}},
        {"decoder", {{"type", "Sequence"}, {"decoders", {{{"type", "ByteFallback"}}}}}},
        {"added_tokens",
         {{{"id", 0}, {"content", "<unk>"}, {"special", true}},
          {{"id", 1}, {"content", "<s>"}, {"special", true}},
          {{"id", 2}, {"content", "</s>"}, {"special", true}}}}};
}

std::unique_ptr<hearth::Tokenizer> tokenizerFor(const Json& json) {
    auto v = hearth::tokenizer::vocabularyFromTokenizerJson(json, nullptr, "fuzz");
    if (!v.ok()) return nullptr;
    return std::make_unique<hearth::Tokenizer>(
        std::make_shared<const hearth::tokenizer::Vocabulary>(std::move(v).value()));
}

const hearth::Tokenizer& fixedTokenizer(int which) {
    static const std::unique_ptr<hearth::Tokenizer> tokenizers[] = {
        tokenizerFor(byteLevelJson(0)), tokenizerFor(byteLevelJson(1)),
        tokenizerFor(byteLevelJson(2)), tokenizerFor(byteLevelJson(3)),
        tokenizerFor(sentencePieceJson())};
    if (!tokenizers[which]) __builtin_trap();  // the fixed vocabularies must load
    return *tokenizers[which];
}

bool validUtf8(std::string_view text) {
    std::string again;
    for (const uint32_t cp : hearth::tokenizer::decodeUtf8(text))
        hearth::tokenizer::appendUtf8(again, cp);
    return again == text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t flags = data[0];
    const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    if ((flags & 1) == 0) {
        const bool sentencePiece = (flags & 8) != 0;
        const hearth::Tokenizer& t = fixedTokenizer(sentencePiece ? 4 : (flags >> 1) & 3);
        const bool special = (flags & 16) != 0;
        auto ids = t.encode(input, {.addSpecial = special, .parseSpecial = special});
        if (!ids.ok()) return 0;
        const std::string decoded = t.decode(ids.value(), true);
        // Byte-level vocabularies give back every valid UTF-8 text (the NFC one its NFC form;
        // lstrip/rstrip tokens swallow spaces; SentencePiece turns U+2581 into spaces).
        const bool exact = !sentencePiece && ((flags >> 1) & 3) != 1 &&
                           input.find("[S]") == std::string_view::npos && validUtf8(input);
        if (exact && decoded != input) __builtin_trap();
        return 0;
    }
    auto json = hearth::formats::parseStrictJson(input, 64);
    if (!json.ok()) return 0;
    std::unique_ptr<hearth::Tokenizer> t = tokenizerFor(json.value());
    if (!t) return 0;
    (void)t->encode("Hello, world! 123 <think>x</think> \xC3\xA9\xE4\xBD\xA0");
    (void)t->encode(input);
    (void)t->decode({0, 1, 2, 3, -1, 1 << 30}, true);
    return 0;
}

// The tokenizer on small vocabularies made here (label unit): pre-tokenizer patterns, merges,
// added and special tokens, SentencePiece byte fallback, bad input and bad vocabularies. The
// real vocabularies are checked against llama.cpp and Hugging Face in
// tokenizer_reference_test.cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "formats/gguf.h"
#include "hearth/tokenizer.h"
#include "support/test_hf_checkpoint.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/unicode_classes.h"
#include "tokenizer/vocabulary.h"

namespace hearth {
namespace {

using Json = nlohmann::json;
using tokenizer::SplitPattern;

// The words a pattern cuts `text` into.
std::vector<std::string> words(SplitPattern pattern, const std::string& text,
                               uint8_t space = tokenizer::kSpaceJs) {
    const std::vector<uint32_t> cps = tokenizer::decodeUtf8(text);
    std::vector<size_t> ends;
    tokenizer::PreTokenizer{pattern, space}.split(cps.data(), cps.size(), ends);
    std::vector<std::string> out;
    size_t begin = 0;
    for (const size_t end : ends) {
        std::string word;
        for (size_t i = begin; i < end; ++i) tokenizer::appendUtf8(word, cps[i]);
        out.push_back(word);
        begin = end;
    }
    return out;
}

using Words = std::vector<std::string>;

TEST(PreTokenizerTest, Llama3CutsLettersDigitsInThreesAndContractions) {
    EXPECT_EQ(words(SplitPattern::Llama3, "I'M here, don't 1234567"),
              (Words{"I", "'M", " here", ",", " don", "'t", " ", "123", "456", "7"}));
    EXPECT_EQ(words(SplitPattern::Llama3, "a  b\n\n  c"),
              (Words{"a", " ", " b", "\n\n", " ", " c"}));
    EXPECT_EQ(words(SplitPattern::Llama3, "x!!\n\ny"), (Words{"x", "!!\n\n", "y"}));
    EXPECT_EQ(words(SplitPattern::Llama3, "end   "), (Words{"end", "   "}));
}

TEST(PreTokenizerTest, Qwen2TakesDigitsOneAtATime) {
    EXPECT_EQ(words(SplitPattern::Qwen2, "x 2024"), (Words{"x", " ", "2", "0", "2", "4"}));
}

TEST(PreTokenizerTest, Gpt2KeepsTheSpaceWithTheWord) {
    EXPECT_EQ(words(SplitPattern::Gpt2, "Hello world's 42!"),
              (Words{"Hello", " world", "'s", " 42", "!"}));
    EXPECT_EQ(words(SplitPattern::Gpt2, "I'M"), (Words{"I", "'", "M"})) << "case-sensitive";
}

TEST(PreTokenizerTest, DeepSeekV3SplitsDigitsCjkAndPunctuationRuns) {
    EXPECT_EQ(words(SplitPattern::DeepSeekV3, "abc12345你好ok .x"),
              (Words{"abc", "123", "45", "你好", "ok", " .", "x"}));
    EXPECT_EQ(words(SplitPattern::DeepSeekV3, "e\xCC\x81t\xC3\xA9"), (Words{"e\xCC\x81t\xC3\xA9"}))
        << "letters and marks stay together";
}

TEST(PreTokenizerTest, WhitespaceDialectsDifferOnNelAndBom) {
    // U+0085 is Unicode white space (llama.cpp) but not JavaScript's \s; U+FEFF the reverse.
    EXPECT_EQ(words(SplitPattern::Llama3, "a\xC2\x85\xC2\x85z", tokenizer::kSpaceUnicode),
              (Words{"a", "\xC2\x85", "\xC2\x85z"}));
    EXPECT_EQ(words(SplitPattern::Llama3, "a\xC2\x85\xC2\x85z", tokenizer::kSpaceJs),
              (Words{"a", "\xC2\x85\xC2\x85", "z"}));
}

// A byte-level tokenizer.json: every byte, a few merges, added tokens.
class ByteLevelTokenizerTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("hearth-tokenizer-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
        Json vocab = Json::object();
        for (int b = 0; b < 256; ++b) {
            std::string piece;
            tokenizer::appendUtf8(piece, tokenizer::byteLevelCodePoints()[b]);
            vocab[piece] = b;
        }
        // "he", "ll", "hell", "hello", " w" (GPT-2 spells the space as U+0120)
        vocab["he"] = 256;
        vocab["ll"] = 257;
        vocab["hell"] = 258;
        vocab["hello"] = 259;
        vocab["\xC4\xA0w"] = 260;
        m_json = {
            {"model",
             {{"type", "BPE"},
              {"vocab", vocab},
              {"merges", {"h e", "l l", "he ll", "hell o", "\xC4\xA0 w"}}}},
            {"pre_tokenizer",
             {{"type", "Sequence"},
              {"pretokenizers",
               {{{"type", "Split"},
                 {"pattern",
                  {{"Regex",
                    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"}}},
                 {"behavior", "Isolated"},
                 {"invert", false}},
                {{"type", "ByteLevel"}, {"use_regex", false}}}}}},
            {"decoder", {{"type", "ByteLevel"}}},
            {"added_tokens",
             {{{"id", 300}, {"content", "<|end|>"}, {"special", true}},
              {{"id", 301}, {"content", "<think>"}, {"special", false}},
              {{"id", 302}, {"content", "<think>x"}, {"special", false}},
              {{"id", 303},
               {"content", "[S]"},
               {"special", true},
               {"lstrip", true},
               {"rstrip", true}}}}};
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    Tokenizer load() {
        EXPECT_TRUE(testing::writeText(m_dir / "tokenizer.json", m_json.dump()).ok());
        Result<Tokenizer> t = Tokenizer::load(m_dir);
        EXPECT_TRUE(t.ok()) << t.status().message();
        return std::move(t).value();
    }
    Status loadError() {
        EXPECT_TRUE(testing::writeText(m_dir / "tokenizer.json", m_json.dump()).ok());
        return Tokenizer::load(m_dir).status();
    }
    std::vector<int32_t> encode(const Tokenizer& t, std::string_view text, bool special = true) {
        return t.encode(text, {.addSpecial = false, .parseSpecial = special}).value();
    }

    std::filesystem::path m_dir;
    Json m_json;
};

using Ids = std::vector<int32_t>;

TEST_F(ByteLevelTokenizerTest, MergesInRankOrder) {
    const Tokenizer t = load();
    EXPECT_EQ(encode(t, "hello world"), (Ids{259, 260, 'o', 'r', 'l', 'd'}));
    EXPECT_EQ(encode(t, "hellhe"), (Ids{258, 256}));
    EXPECT_EQ(t.decode(encode(t, "hello world")), "hello world");
}

TEST_F(ByteLevelTokenizerTest, AddedTokensAreMatchedWholeLongestFirst) {
    const Tokenizer t = load();
    EXPECT_EQ(encode(t, "<think>xhello<think>"), (Ids{302, 259, 301}));
    EXPECT_EQ(encode(t, "a<|end|>"), (Ids{'a', 300}));
    // Without special tokens, control tokens are text; user-defined ones still match.
    const Ids plain = encode(t, "<|end|><think>", false);
    EXPECT_EQ(plain.back(), 301);
    EXPECT_EQ(t.decode(plain), "<|end|><think>");
    EXPECT_EQ(t.decode({300, 'a'}), "a") << "control tokens print nothing";
    EXPECT_EQ(t.decode({300, 'a'}, true), "<|end|>a");
}

TEST_F(ByteLevelTokenizerTest, LstripAndRstripSwallowNeighbouringSpaces) {
    const Tokenizer t = load();
    EXPECT_EQ(encode(t, "a  [S]\t b"), (Ids{'a', 303, 'b'}));
}

TEST_F(ByteLevelTokenizerTest, MalformedUtf8BecomesReplacementCharacters) {
    const Tokenizer t = load();
    const Ids ids = encode(t, std::string("a\xFF\xC3", 3));
    EXPECT_EQ(t.decode(ids), "a\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_F(ByteLevelTokenizerTest, AMegabyteWordTakesMilliseconds) {
    // Merging is O(n log n) in the word length: a crafted prompt cannot hang the tokenizer.
    const Tokenizer t = load();
    const std::string word(1 << 20, 'l');
    const auto start = std::chrono::steady_clock::now();
    const Ids ids = encode(t, word);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(ids.size(), (1u << 20) / 2);
    EXPECT_LT(seconds, 5.0);
}

TEST_F(ByteLevelTokenizerTest, BosFollowsTheConfig) {
    ASSERT_TRUE(testing::writeText(m_dir / "tokenizer_config.json",
                                   R"({"bos_token": "<|end|>", "add_bos_token": true})")
                    .ok());
    const Tokenizer t = load();
    EXPECT_EQ(t.bos(), 300);
    EXPECT_EQ(t.encode("he").value(), (Ids{300, 256}));
    EXPECT_EQ(t.encode("he", {.addSpecial = false}).value(), (Ids{256}));
}

TEST_F(ByteLevelTokenizerTest, UnknownPatternIsAnErrorThatShowsIt) {
    m_json["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = R"(\w+|\s+)";
    const Status s = loadError();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find(R"(\w+|\s+)"), std::string::npos) << s.message();
}

TEST_F(ByteLevelTokenizerTest, BadMergesAndNormalizersAreErrors) {
    Json good = m_json;
    m_json["model"]["merges"].push_back("q zz");
    EXPECT_NE(loadError().message().find("not in the vocabulary"), std::string::npos);
    m_json = good;
    m_json["normalizer"] = {{"type", "Lowercase"}};
    EXPECT_NE(loadError().message().find("'Lowercase' is not supported"), std::string::npos)
        << loadError().message();
}

// GGUF vocabularies: the pre-tokenizer is a name, which must be one Hearth knows.
TEST(GgufTokenizerTest, UnknownPreTokenizerNameIsAnError) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("hearth-pre-" + std::to_string(::getpid()) + ".gguf");
    formats::GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setString("tokenizer.ggml.model", "gpt2");
    w.setString("tokenizer.ggml.pre", "falcon3");
    std::vector<std::string> tokens;
    for (int b = 0; b < 256; ++b) {
        std::string piece;
        tokenizer::appendUtf8(piece, tokenizer::byteLevelCodePoints()[b]);
        tokens.push_back(piece);
    }
    w.setStringArray("tokenizer.ggml.tokens", tokens);
    w.setStringArray("tokenizer.ggml.merges", {});
    ASSERT_TRUE(w.write(path).ok());
    const Result<Tokenizer> t = Tokenizer::load(path);
    std::filesystem::remove(path);
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.status().message().find("'falcon3'"), std::string::npos) << t.status().message();
}

// SentencePiece: spaces as U+2581, merges by score, unknown characters as byte tokens.
TEST(GgufTokenizerTest, SentencePieceMergesByScoreAndFallsBackToBytes) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("hearth-spm-" + std::to_string(::getpid()) + ".gguf");
    formats::GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setString("tokenizer.ggml.model", "llama");
    std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
    std::vector<int32_t> types = {2, 3, 3};
    std::vector<float> scores = {0, 0, 0};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        tokens.push_back(name);
        types.push_back(6);
        scores.push_back(0);
    }
    const std::string space = "\xE2\x96\x81";
    for (const std::string& piece : {space, std::string("h"), std::string("i"), space + "h",
                                     std::string("hi"), space + "hi"}) {
        tokens.push_back(piece);
        types.push_back(1);
        scores.push_back(-static_cast<float>(tokens.size()));
    }
    scores.back() = 0;  // "▁hi" beats "▁h" + "i"
    w.setStringArray("tokenizer.ggml.tokens", tokens);
    w.setInt32Array("tokenizer.ggml.token_type", types);
    w.setFloat32Array("tokenizer.ggml.scores", scores);
    w.setUInt32("tokenizer.ggml.bos_token_id", 1);
    ASSERT_TRUE(w.write(path).ok());
    const Result<Tokenizer> t = Tokenizer::load(path);
    std::filesystem::remove(path);
    ASSERT_TRUE(t.ok()) << t.status().message();
    const int32_t spaceHi = static_cast<int32_t>(tokens.size()) - 1;
    // BOS by default for SentencePiece; "é" has no piece: its two bytes' tokens.
    EXPECT_EQ(t->encode("hi é").value(), (Ids{1, spaceHi, 259, 3 + 0xC3, 3 + 0xA9}));
    EXPECT_EQ(t->decode(t->encode("hi é").value()), "hi é");
}

}  // namespace
}  // namespace hearth

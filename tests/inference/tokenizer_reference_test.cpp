// Token ids against the references on the tokenizer corpus (label reference), every id:
// - a GGUF file carrying the vocabulary, tokenized by Hearth and by llama.cpp (node-llama-cpp);
// - the vocabulary's tokenizer.json, tokenized by Hearth and by Hugging Face's JavaScript
//   tokenizer (@lenml/tokenizers, a fork of transformers.js).
// And decode(encode(x)) == x on every segment.
#include <gtest/gtest.h>

#include <cstdlib>

#include "hearth/tokenizer.h"
#include "support/test_model.h"
#include "support/test_vocabularies.h"
#include "support/tokenizer_corpus.h"
#include "tokenizer/unicode_classes.h"

namespace hearth {
namespace {

std::string escaped(const std::string& text, size_t limit = 160) {
    std::string out;
    for (const char c : text.substr(0, limit)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", u);
            out += hex;
        } else {
            out += c;
        }
    }
    return text.size() > limit ? out + "..." : out;
}

std::string idsText(const std::vector<int32_t>& ids, size_t from) {
    std::string out;
    for (size_t i = from; i < ids.size() && i < from + 12; ++i) out += std::to_string(ids[i]) + " ";
    return out;
}

// Counts the segments where `ours` and `theirs` differ, describing the first few.
size_t compare(const std::vector<std::string>& segments,
               const std::vector<std::vector<int32_t>>& ours,
               const std::vector<std::vector<int32_t>>& theirs, const std::string& who) {
    size_t mismatches = 0;
    for (size_t i = 0; i < segments.size(); ++i) {
        if (ours[i] == theirs[i]) continue;
        if (++mismatches <= 5) {
            size_t at = 0;
            while (at < ours[i].size() && at < theirs[i].size() && ours[i][at] == theirs[i][at])
                ++at;
            ADD_FAILURE() << who << ": segment " << i << " differs at token " << at
                          << "\n  text: " << escaped(segments[i])
                          << "\n  ours:   " << idsText(ours[i], at)
                          << "\n  theirs: " << idsText(theirs[i], at);
        }
    }
    return mismatches;
}

class TokenizerReferenceTest : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (std::string(HEARTH_NODE).empty() || testing::referenceTokenizer("qwen3").empty()) {
            if (std::getenv("CI") != nullptr)
                FAIL() << "node or the npm reference packages are missing";
            GTEST_SKIP() << "node or the npm reference packages (npm ci in tests/reference) are "
                            "missing";
        }
        m_scratch = std::filesystem::temp_directory_path() /
                    ("hearth-tokenizer-" + GetParam() + "-" + std::to_string(getpid()));
        std::filesystem::create_directories(m_scratch);
    }
    void TearDown() override {
        std::error_code ignored;
        if (!m_scratch.empty()) std::filesystem::remove_all(m_scratch, ignored);
    }
    std::filesystem::path m_scratch;
};

TEST_P(TokenizerReferenceTest, EveryIdMatchesLlamaCppAndHuggingFace) {
    const auto vocabulary = testing::referenceVocabulary(GetParam(), m_scratch);
    if (!vocabulary) GTEST_SKIP() << "the npm package with this vocabulary is not installed";
    const testing::TokenizerCorpus corpus = testing::loadTokenizerCorpus(HEARTH_TOKENIZER_CORPUS);
    ASSERT_GE(corpus.bytes, 200u * 1024);

    // A tiny model carrying the vocabulary: llama.cpp reads only its tokenizer here.
    testing::TestModelSpec spec;
    spec.architecture = vocabulary->architecture;
    spec.layers = 1;
    spec.hidden = 32;
    spec.heads = 2;
    spec.kvHeads = 1;
    spec.ffn = 32;
    spec.tokenizerJson = vocabulary->tokenizerDir / "tokenizer.json";
    spec.preTokenizer = vocabulary->ggufPreTokenizer;
    spec.controlTexts = testing::llamaCppControlTexts();
    const std::filesystem::path gguf = m_scratch / "vocabulary.gguf";
    ASSERT_TRUE(testing::writeTestModel(gguf, spec).ok());

    Result<Tokenizer> fromGguf = Tokenizer::load(gguf);
    ASSERT_TRUE(fromGguf.ok()) << fromGguf.status().message();
    Result<Tokenizer> fromJson = Tokenizer::load(vocabulary->tokenizerDir);
    ASSERT_TRUE(fromJson.ok()) << fromJson.status().message();

    const EncodeOptions plain{.addSpecial = false, .parseSpecial = true};
    std::vector<std::vector<int32_t>> oursGguf, oursJson;
    for (const std::string& segment : corpus.segments) {
        oursGguf.push_back(fromGguf->encode(segment, plain).value());
        oursJson.push_back(fromJson->encode(segment, plain).value());
    }

    std::string error;
    const auto llama =
        testing::referenceTokenize(HEARTH_NODE, HEARTH_TOKENIZE_SCRIPT, "llama", gguf,
                                   corpus.segments, m_scratch, nullptr, &error);
    ASSERT_EQ(llama.size(), corpus.segments.size()) << error;
    const auto hf = testing::referenceTokenize(HEARTH_NODE, HEARTH_TOKENIZE_SCRIPT, "hf",
                                               vocabulary->tokenizerDir, corpus.segments, m_scratch,
                                               nullptr, &error);
    ASSERT_EQ(hf.size(), corpus.segments.size()) << error;

    EXPECT_EQ(compare(corpus.segments, oursGguf, llama, "GGUF vs llama.cpp"), 0u);
    EXPECT_EQ(compare(corpus.segments, oursJson, hf, "tokenizer.json vs Hugging Face"), 0u);
    size_t tokens = 0;
    for (const auto& ids : oursGguf) tokens += ids.size();
    std::printf("%s: %zu segments, %zu bytes, %zu tokens\n", GetParam().c_str(),
                corpus.segments.size(), corpus.bytes, tokens);
}

TEST_P(TokenizerReferenceTest, DecodeGivesBackTheText) {
    const auto vocabulary = testing::referenceVocabulary(GetParam(), m_scratch);
    if (!vocabulary) GTEST_SKIP() << "the npm package with this vocabulary is not installed";
    const testing::TokenizerCorpus corpus = testing::loadTokenizerCorpus(HEARTH_TOKENIZER_CORPUS);
    Result<Tokenizer> tokenizer = Tokenizer::load(vocabulary->tokenizerDir);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().message();
    // SentencePiece puts a space before the text after each special token; text written as
    // special tokens round-trips only in byte-level vocabularies.
    const bool sentencePiece = vocabulary->ggufPreTokenizer.empty();
    const EncodeOptions options{.addSpecial = false, .parseSpecial = !sentencePiece};
    size_t failures = 0;
    for (const std::string& segment : corpus.segments) {
        const std::vector<int32_t> ids = tokenizer->encode(segment, options).value();
        const std::string decoded = tokenizer->decode(ids, !sentencePiece);
        // Qwen's tokenizer.json normalizes to NFC first; that is the text it gives back.
        std::string expected = segment;
        if (GetParam() == "qwen2" || GetParam() == "r1-distill-qwen")
            expected = tokenizer::normalizeNfc(segment);
        // SentencePiece writes spaces as U+2581, so a U+2581 in the text comes back a space.
        if (sentencePiece)
            for (size_t at; (at = expected.find("\xE2\x96\x81")) != std::string::npos;)
                expected.replace(at, 3, " ");
        if (decoded != expected && ++failures <= 3)
            ADD_FAILURE() << "decode(encode(x)) != x for " << escaped(segment);
    }
    EXPECT_EQ(failures, 0u);
}

INSTANTIATE_TEST_SUITE_P(Vocabularies, TokenizerReferenceTest,
                         ::testing::ValuesIn(testing::referenceVocabularyNames()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             std::string name = param.param;
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

}  // namespace
}  // namespace hearth

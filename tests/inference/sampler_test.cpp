// The sampler chain (penalties, top-k, temperature, min-p, top-p, seeded draw), the checks of
// SamplingOptions::validate and the StopStringMatcher. Distribution tests draw many times with a
// fixed seed, so they are deterministic; their bounds are five standard deviations wide.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "hearth/sampler.h"

namespace hearth {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

SamplingOptions greedyOptions() {
    SamplingOptions options;
    options.temperature = 0.0f;
    return options;
}

// Plain sampling: temperature 1, every filter off, so frequencies follow softmax(logits).
SamplingOptions plainOptions(uint64_t seed = 1) {
    SamplingOptions options;
    options.temperature = 1.0f;
    options.topP = 1.0f;
    options.seed = seed;
    return options;
}

int32_t greedyPick(const SamplingOptions& options, const std::vector<float>& logits,
                   const std::vector<int32_t>& history = {}) {
    Sampler sampler(options);
    return sampler.sample(logits, history);
}

// How often each token is drawn in `draws` samples.
std::vector<int> drawCounts(const SamplingOptions& options, const std::vector<float>& logits,
                            int draws) {
    Sampler sampler(options);
    std::vector<int> counts(logits.size(), 0);
    for (int i = 0; i < draws; ++i) {
        const int32_t token = sampler.sample(logits, {});
        EXPECT_GE(token, 0);
        EXPECT_LT(token, static_cast<int32_t>(logits.size()));
        if (token >= 0 && token < static_cast<int32_t>(logits.size())) ++counts[token];
    }
    return counts;
}

// Expects `count` of `draws` to match probability `p` within five binomial standard deviations.
void expectFrequency(int count, int draws, double p, const char* what) {
    const double expected = draws * p;
    const double sigma = std::sqrt(draws * p * (1.0 - p));
    EXPECT_NEAR(count, expected, 5.0 * sigma + 1.0) << what;
}

std::vector<float> logitsOf(const std::vector<double>& probabilities) {
    std::vector<float> logits(probabilities.size());
    for (size_t i = 0; i < logits.size(); ++i) {
        logits[i] = static_cast<float>(std::log(probabilities[i]));
    }
    return logits;
}

// --- Greedy -------------------------------------------------------------------------------

TEST(SamplerTest, GreedyPicksTheLargestLogit) {
    EXPECT_EQ(greedyPick(greedyOptions(), {0.5f, -1.0f, 3.25f, 3.0f, 2.0f}), 2);
}

TEST(SamplerTest, GreedyBreaksTiesTowardTheLowestId) {
    EXPECT_EQ(greedyPick(greedyOptions(), {1.0f, 4.0f, 2.0f, 4.0f, 4.0f}), 1);
}

TEST(SamplerTest, GreedyNeverPicksNaN) {
    EXPECT_EQ(greedyPick(greedyOptions(), {kNaN, 1.0f, kNaN, 3.0f, kNaN, 2.0f}), 3);
}

TEST(SamplerTest, WithoutAnyFiniteLogitTheLowestNonNaNIdIsChosen) {
    EXPECT_EQ(greedyPick(greedyOptions(), {kNaN, -kInf, -kInf}), 1);
    EXPECT_EQ(greedyPick(plainOptions(), {kNaN, -kInf, -kInf}), 1);
    EXPECT_EQ(greedyPick(plainOptions(), {kNaN, kNaN}), 0);
}

TEST(SamplerTest, SamplingNeverPicksNaNOrMinusInfinity) {
    const std::vector<float> logits = {kNaN, 0.0f, -kInf, 0.0f, kNaN};
    const std::vector<int> counts = drawCounts(plainOptions(), logits, 2000);
    EXPECT_EQ(counts[0] + counts[2] + counts[4], 0);
    EXPECT_GT(counts[1], 0);
    EXPECT_GT(counts[3], 0);
}

TEST(SamplerTest, InfiniteLogitsTakeAllTheProbability) {
    const std::vector<int> counts = drawCounts(plainOptions(), {5.0f, kInf, 9.0f, kInf}, 2000);
    EXPECT_EQ(counts[0] + counts[2], 0);
    EXPECT_GT(counts[1], 0);
    EXPECT_GT(counts[3], 0);
}

// --- Seeds --------------------------------------------------------------------------------

std::vector<int32_t> drawSequence(uint64_t seed, int length) {
    std::vector<float> logits(1000);
    for (size_t i = 0; i < logits.size(); ++i) logits[i] = std::sin(static_cast<float>(i));
    Sampler sampler(plainOptions(seed));
    std::vector<int32_t> tokens;
    tokens.reserve(static_cast<size_t>(length));
    for (int i = 0; i < length; ++i) tokens.push_back(sampler.sample(logits, tokens));
    return tokens;
}

TEST(SamplerTest, TheSameSeedGivesTheSameSequence) {
    EXPECT_EQ(drawSequence(42, 64), drawSequence(42, 64));
}

TEST(SamplerTest, DifferentSeedsGiveDifferentSequences) {
    EXPECT_NE(drawSequence(1, 64), drawSequence(2, 64));
}

// --- Top-k --------------------------------------------------------------------------------

TEST(SamplerTest, TopKOneEqualsGreedyAtAnyTemperature) {
    const std::vector<float> logits = {0.3f, 0.9f, 0.1f, 0.9f, 0.85f, -2.0f};
    for (float temperature : {0.1f, 1.0f, 5.0f, 100.0f}) {
        SamplingOptions options = plainOptions(7);
        options.topK = 1;
        options.temperature = temperature;
        Sampler sampler(options);
        for (int i = 0; i < 200; ++i) EXPECT_EQ(sampler.sample(logits, {}), 1) << temperature;
    }
}

TEST(SamplerTest, TopKKeepsOnlyTheKBestTokens) {
    SamplingOptions options = plainOptions();
    options.topK = 2;
    const std::vector<int> counts = drawCounts(options, {1.0f, 1.2f, 0.9f, 1.1f}, 4000);
    EXPECT_EQ(counts[0] + counts[2], 0);
    expectFrequency(counts[1], 4000, std::exp(1.2) / (std::exp(1.2) + std::exp(1.1)), "token 1");
}

TEST(SamplerTest, TopKAboveTheVocabularySizeIsOff) {
    SamplingOptions options = plainOptions();
    options.topK = 1000;
    const std::vector<int> counts = drawCounts(options, logitsOf({0.5, 0.3, 0.2}), 4000);
    expectFrequency(counts[2], 4000, 0.2, "token 2");
}

// --- Temperature --------------------------------------------------------------------------

double drawnShareOfToken0(float temperature) {
    SamplingOptions options = plainOptions(3);
    options.temperature = temperature;
    const std::vector<int> counts = drawCounts(options, {1.0f, 0.0f}, 20000);
    return counts[0] / 20000.0;
}

TEST(SamplerTest, LowerTemperatureSharpensAndHigherFlattens) {
    // softmax({1, 0} / T) gives token 0 the probability 1 / (1 + e^(-1/T)).
    const auto expected = [](double t) { return 1.0 / (1.0 + std::exp(-1.0 / t)); };
    const double tolerance = 5.0 * std::sqrt(0.25 / 20000.0);
    EXPECT_NEAR(drawnShareOfToken0(0.5f), expected(0.5), tolerance);  // 0.881
    EXPECT_NEAR(drawnShareOfToken0(1.0f), expected(1.0), tolerance);  // 0.731
    EXPECT_NEAR(drawnShareOfToken0(2.0f), expected(2.0), tolerance);  // 0.622
}

// --- Top-p and min-p ----------------------------------------------------------------------

TEST(SamplerTest, TopPKeepsTheSmallestSetReachingTheThreshold) {
    // 0.5 + 0.25 >= 0.7: tokens 2 and 3 are cut, the rest renormalized to 2/3 and 1/3.
    SamplingOptions options = plainOptions();
    options.topP = 0.7f;
    const std::vector<int> counts = drawCounts(options, logitsOf({0.25, 0.1, 0.5, 0.15}), 20000);
    EXPECT_EQ(counts[1] + counts[3], 0);
    expectFrequency(counts[2], 20000, 2.0 / 3.0, "token 2");
    expectFrequency(counts[0], 20000, 1.0 / 3.0, "token 0");
}

TEST(SamplerTest, TopPAlwaysKeepsTheBestToken) {
    SamplingOptions options = plainOptions();
    options.topP = 0.01f;
    const std::vector<int> counts = drawCounts(options, logitsOf({0.3, 0.4, 0.3}), 500);
    EXPECT_EQ(counts[1], 500);
}

TEST(SamplerTest, TopPOnALargeVocabularyCutsWhereAFullSortWould) {
    // 20000 tokens with slowly decaying probabilities in a shuffled order: the kept set is ~1830
    // tokens, more than the sampler's first sorted chunks.
    const size_t n = 20000;
    std::vector<int32_t> rankToId(n);
    std::iota(rankToId.begin(), rankToId.end(), 0);
    std::shuffle(rankToId.begin(), rankToId.end(), std::mt19937(5));
    std::vector<float> logits(n);
    for (size_t rank = 0; rank < n; ++rank) logits[rankToId[rank]] = -0.0005f * rank;

    std::vector<double> weights;
    for (size_t rank = 0; rank < n; ++rank) weights.push_back(std::exp(-0.0005 * rank));
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    size_t keep = 0;
    for (double mass = 0.0; mass < 0.6 * total; ++keep) mass += weights[keep];

    SamplingOptions options = plainOptions();
    options.topP = 0.6f;
    const std::vector<int> counts = drawCounts(options, logits, 2000);
    size_t deepestRank = 0;
    for (size_t rank = 0; rank < n; ++rank) {
        if (counts[rankToId[rank]] > 0) deepestRank = rank;
    }
    EXPECT_LT(deepestRank, keep + 1);  // one token of slack for rounding at the boundary
    EXPECT_GT(deepestRank, keep * 9 / 10);
}

TEST(SamplerTest, TopPAfterTopKMeasuresMassAmongTheKeptTokens) {
    // Top-k 3 leaves {0.4, 0.3, 0.2} / 0.9; their first two hold 0.78 >= 0.75. Measured against
    // all four tokens they would hold only 0.7, and token 2 would stay.
    SamplingOptions options = plainOptions();
    options.topK = 3;
    options.topP = 0.75f;
    const std::vector<int> counts = drawCounts(options, logitsOf({0.4, 0.3, 0.2, 0.1}), 20000);
    EXPECT_EQ(counts[2] + counts[3], 0);
    expectFrequency(counts[0], 20000, 4.0 / 7.0, "token 0");
}

TEST(SamplerTest, TopPAfterMinPMeasuresMassAmongTheKeptTokens) {
    // Min-p 0.3 (of 0.4: 0.12) drops 0.1 and leaves the same three tokens as above.
    SamplingOptions options = plainOptions();
    options.minP = 0.3f;
    options.topP = 0.75f;
    const std::vector<int> counts = drawCounts(options, logitsOf({0.4, 0.3, 0.2, 0.1}), 20000);
    EXPECT_EQ(counts[2] + counts[3], 0);
    expectFrequency(counts[0], 20000, 4.0 / 7.0, "token 0");
}

TEST(SamplerTest, MinPExcludesTokensBelowTheFractionOfTheBest) {
    // min-p 0.25 of the best 0.5 cuts below 0.125: token 3 (0.05) goes, token 2 (0.15) stays.
    SamplingOptions options = plainOptions();
    options.minP = 0.25f;
    const std::vector<int> counts = drawCounts(options, logitsOf({0.5, 0.3, 0.15, 0.05}), 20000);
    EXPECT_EQ(counts[3], 0);
    expectFrequency(counts[2], 20000, 0.15 / 0.95, "token 2");
}

// --- Penalties ----------------------------------------------------------------------------

// Greedy choices pin a penalized logit: token 0 (penalized) against token 1 (never seen) set
// to `value` wins the tie, and against a token 1 just above `value` it loses.
void expectPenalizedLogit(const SamplingOptions& options, float logit,
                          const std::vector<int32_t>& history, float value) {
    EXPECT_EQ(greedyPick(options, {logit, value}, history), 0) << "penalized above " << value;
    const float above = value + std::max(1e-4f, std::fabs(value) * 1e-4f);
    EXPECT_EQ(greedyPick(options, {logit, above}, history), 1) << "penalized below " << value;
}

TEST(SamplerTest, RepetitionPenaltyDividesPositiveLogits) {
    SamplingOptions options = greedyOptions();
    options.repetitionPenalty = 2.0f;
    expectPenalizedLogit(options, 3.0f, {0}, 1.5f);
}

TEST(SamplerTest, RepetitionPenaltyMultipliesNegativeLogits) {
    SamplingOptions options = greedyOptions();
    options.repetitionPenalty = 2.0f;
    expectPenalizedLogit(options, -1.5f, {0}, -3.0f);
}

TEST(SamplerTest, FrequencyPenaltyIsSubtractedPerOccurrence) {
    SamplingOptions options = greedyOptions();
    options.frequencyPenalty = 0.5f;
    expectPenalizedLogit(options, 3.0f, {0, 2, 0, 0}, 1.5f);
}

TEST(SamplerTest, PresencePenaltyIsSubtractedOnce) {
    SamplingOptions options = greedyOptions();
    options.presencePenalty = 0.5f;
    expectPenalizedLogit(options, 3.0f, {0, 2, 0, 0}, 2.5f);
}

TEST(SamplerTest, PenaltiesApplyRepetitionFirstThenSubtract) {
    // 4 / 2 - (2 * 0.5 + 0.25) = 0.75; subtracting first would give (4 - 1.25) / 2 = 1.375.
    SamplingOptions options = greedyOptions();
    options.repetitionPenalty = 2.0f;
    options.frequencyPenalty = 0.5f;
    options.presencePenalty = 0.25f;
    expectPenalizedLogit(options, 4.0f, {0, 0}, 0.75f);
}

TEST(SamplerTest, PenaltiesOnlyLookAtTheLastNTokens) {
    SamplingOptions options = greedyOptions();
    options.frequencyPenalty = 1.0f;
    options.penaltyLastN = 2;
    // Of {0, 0, 0, 2}, only the last two count: token 0 once, 3 - 1 = 2.
    expectPenalizedLogit(options, 3.0f, {0, 0, 0, 2}, 2.0f);
}

TEST(SamplerTest, PenaltyLastNZeroTurnsPenaltiesOff) {
    SamplingOptions options = greedyOptions();
    options.frequencyPenalty = 1.0f;
    options.presencePenalty = 1.0f;
    options.repetitionPenalty = 2.0f;
    options.penaltyLastN = 0;
    expectPenalizedLogit(options, 3.0f, {0, 0, 0}, 3.0f);
}

TEST(SamplerTest, HistoryTokensOutsideTheVocabularyAreIgnored) {
    SamplingOptions options = greedyOptions();
    options.presencePenalty = 1.0f;
    expectPenalizedLogit(options, 3.0f, {-1, 7, 0, 1000000}, 2.0f);
}

// --- validate() ---------------------------------------------------------------------------

TEST(SamplingOptionsTest, DefaultsAndBoundariesAreValid) {
    EXPECT_TRUE(SamplingOptions().validate().ok());
    SamplingOptions options;
    options.temperature = 0.0f;
    options.topP = 1.0f;
    options.minP = 1.0f;
    options.presencePenalty = -2.0f;
    options.frequencyPenalty = -2.0f;
    options.repetitionPenalty = 0.5f;
    options.stop = {"</s>"};
    const Status status = options.validate();
    EXPECT_TRUE(status.ok()) << status.message();
}

TEST(SamplingOptionsTest, ValidateNamesTheSettingAndValueOutOfRange) {
    const std::vector<std::pair<std::function<void(SamplingOptions&)>, std::string>> cases = {
        {[](SamplingOptions& o) { o.temperature = -1.0f; },
         "temperature must be a finite number >= 0, got -1"},
        {[](SamplingOptions& o) { o.temperature = kInf; },
         "temperature must be a finite number >= 0, got inf"},
        {[](SamplingOptions& o) { o.topP = 1.5f; }, "top-p must be in (0, 1], got 1.5"},
        {[](SamplingOptions& o) { o.topP = 0.0f; }, "top-p must be in (0, 1], got 0"},
        {[](SamplingOptions& o) { o.topP = kNaN; }, "top-p must be in (0, 1], got nan"},
        {[](SamplingOptions& o) { o.minP = -0.25f; }, "min-p must be in [0, 1], got -0.25"},
        {[](SamplingOptions& o) { o.minP = 2.0f; }, "min-p must be in [0, 1], got 2"},
        {[](SamplingOptions& o) { o.repetitionPenalty = 0.0f; },
         "repetition penalty must be a finite number > 0, got 0"},
        {[](SamplingOptions& o) { o.presencePenalty = kInf; },
         "presence penalty must be a finite number, got inf"},
        {[](SamplingOptions& o) { o.frequencyPenalty = -kInf; },
         "frequency penalty must be a finite number, got -inf"},
        {[](SamplingOptions& o) {
             o.stop = {"a", ""};
         },
         "stop strings must not be empty, but stop string 2 is"},
    };
    for (const auto& [change, message] : cases) {
        SamplingOptions options;
        change(options);
        EXPECT_EQ(options.validate().message(), message);
    }
}

// --- StopStringMatcher --------------------------------------------------------------------

TEST(StopStringMatcherTest, WithoutStopStringsTextPassesThrough) {
    StopStringMatcher matcher({});
    const auto piece = matcher.push("Hello </s>");
    EXPECT_EQ(piece.text, "Hello </s>");
    EXPECT_FALSE(piece.stopped);
    EXPECT_EQ(matcher.flush(), "");
}

TEST(StopStringMatcherTest, ReleasesTextThatCannotStartAStop) {
    StopStringMatcher matcher({"</s>"});
    const auto piece = matcher.push("Hello world");
    EXPECT_EQ(piece.text, "Hello world");
    EXPECT_FALSE(piece.stopped);
}

TEST(StopStringMatcherTest, StopsBeforeAStopStringInOnePush) {
    StopStringMatcher matcher({"<|end|>"});
    const auto piece = matcher.push("Hello<|end|>world");
    EXPECT_EQ(piece.text, "Hello");
    EXPECT_TRUE(piece.stopped);
    EXPECT_EQ(matcher.flush(), "");  // the text after the stop string is dropped
}

TEST(StopStringMatcherTest, MatchesAStopStringSplitAcrossManyPushes) {
    StopStringMatcher matcher({"<|end|>"});
    std::string shown;
    for (const char* token : {"Hi", " <", "|", "en", "d", "|", ">", " more"}) {
        const auto piece = matcher.push(token);
        shown += piece.text;
        if (piece.stopped) break;
        EXPECT_EQ(shown.find('<'), std::string::npos) << "showed part of the stop string";
    }
    EXPECT_EQ(shown, "Hi ");
}

TEST(StopStringMatcherTest, ReleasesHeldTextWhenThePartialMatchBreaks) {
    StopStringMatcher matcher({"</s>"});
    EXPECT_EQ(matcher.push("a</").text, "a");
    const auto piece = matcher.push("b>");
    EXPECT_EQ(piece.text, "</b>");
    EXPECT_FALSE(piece.stopped);
}

TEST(StopStringMatcherTest, HoldsBackOnlyTheLongestSuffixThatCouldStartAStop) {
    StopStringMatcher matcher({"aab"});
    EXPECT_EQ(matcher.push("xaa").text, "x");
    EXPECT_EQ(matcher.push("a").text, "a");  // "aaa": only the last "aa" can still begin "aab"
    const auto piece = matcher.push("b");
    EXPECT_EQ(piece.text, "");
    EXPECT_TRUE(piece.stopped);
}

TEST(StopStringMatcherTest, FindsAStopThatBeginsInsideAFailedPartialMatch) {
    // "ab" is held as the start of "abc"; the "d" breaks that, but completes "bd".
    StopStringMatcher matcher({"abc", "bd"});
    EXPECT_EQ(matcher.push("xab").text, "x");
    const auto piece = matcher.push("d");
    EXPECT_EQ(piece.text, "a");
    EXPECT_TRUE(piece.stopped);
}

TEST(StopStringMatcherTest, StopsAtTheEarliestOfTwoStopStrings) {
    StopStringMatcher matcher({"cd", "bcde"});
    const auto piece = matcher.push("abcdef");
    EXPECT_EQ(piece.text, "a");
    EXPECT_TRUE(piece.stopped);
}

TEST(StopStringMatcherTest, MatchesMultiByteStopStringsSplitInsideCharacters) {
    const std::string stop = "終了";  // two 3-byte characters
    StopStringMatcher matcher({stop});
    std::string shown = matcher.push("完成").text;
    for (char byte : stop) {
        const auto piece = matcher.push(std::string(1, byte));
        shown += piece.text;
        if (piece.stopped) break;
    }
    EXPECT_EQ(shown, "完成");
    EXPECT_EQ(matcher.flush(), "");
}

TEST(StopStringMatcherTest, ReleasesACharacterWholeOnceItCannotStartAStop) {
    // "é" is C3 A9 and "è" is C3 A8: the shared lead byte is held, then released with its tail.
    StopStringMatcher matcher({"é"});
    EXPECT_EQ(matcher.push("\xC3").text, "");
    EXPECT_EQ(matcher.push("\xA8").text, "è");
}

TEST(StopStringMatcherTest, FlushReturnsWhatIsHeldBack) {
    StopStringMatcher matcher({"<|end|>"});
    EXPECT_EQ(matcher.push("Bye <|en").text, "Bye ");
    EXPECT_EQ(matcher.flush(), "<|en");
    EXPECT_EQ(matcher.flush(), "");
}

// --- Speed --------------------------------------------------------------------------------

// One sample over a Qwen-sized vocabulary with the default options. Printed, not asserted:
// timing depends on the machine and its load.
TEST(SamplerSpeedTest, SamplesAFullVocabularyWithDefaultOptions) {
    const size_t vocab = 152064;
    std::mt19937 rng(11);
    std::normal_distribution<float> normal(0.0f, 3.0f);
    std::vector<float> logits(vocab);
    for (float& logit : logits) logit = normal(rng);
    std::vector<int32_t> history(64);
    for (int32_t& token : history) token = static_cast<int32_t>(rng() % vocab);

    const SamplingOptions options;  // temperature 0.6, top-p 0.95, penalties off
    Sampler sampler(options);
    int32_t token = sampler.sample(logits, history);  // warm-up: sizes the candidate buffer
    const int runs = 50;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) token = sampler.sample(logits, history);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count() /
        runs;
    std::cout << "[ timing   ] one sample over " << vocab << " logits: " << ms << " ms\n";
    EXPECT_GE(token, 0);
    EXPECT_LT(token, static_cast<int32_t>(vocab));
}

}  // namespace
}  // namespace hearth

// The streaming reasoning splitter: both forms of R1 output (the tag form "<think>…</think>" and
// the prefilled form where the prompt opened the block), tags split across pieces at every
// position, blocks that never close, whitespace next to the tags, a literal "<think>" in the
// answer, the reasoning timer with an injected clock, and UTF-8 safety.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/reasoning.h"

namespace hearth {
namespace {

// Everything a splitter releases for one output, plus what it reports at the end.
struct Split {
    std::string reasoning;
    std::string answer;
    bool inReasoning = false;
    bool hadReasoning = false;

    bool operator==(const Split&) const = default;
};

void PrintTo(const Split& s, std::ostream* os) {
    *os << "{reasoning=\"" << s.reasoning << "\", answer=\"" << s.answer
        << "\", inReasoning=" << s.inReasoning << ", hadReasoning=" << s.hadReasoning << "}";
}

Split feed(const std::vector<std::string_view>& pieces, bool startsInReasoning) {
    ReasoningSplitter splitter(startsInReasoning);
    Split out;
    for (std::string_view piece : pieces) {
        ReasoningDelta d = splitter.push(piece);
        out.reasoning += d.reasoning;
        out.answer += d.answer;
    }
    ReasoningDelta d = splitter.finish();
    out.reasoning += d.reasoning;
    out.answer += d.answer;
    out.inReasoning = splitter.inReasoning();
    out.hadReasoning = splitter.reasoningSeconds().has_value();
    return out;
}

Split whole(std::string_view output, bool startsInReasoning = false) {
    return feed({output}, startsInReasoning);
}

// Feeds `output` unsplit, in every 2-piece and 3-piece split, and one byte at a time, and
// expects every one of them to give the unsplit result.
void expectSplitInvariant(std::string_view output, bool startsInReasoning) {
    const Split expected = whole(output, startsInReasoning);
    for (size_t i = 0; i <= output.size(); ++i) {
        ASSERT_EQ(feed({output.substr(0, i), output.substr(i)}, startsInReasoning), expected)
            << "split at " << i << " of \"" << output << "\"";
        for (size_t j = i; j <= output.size(); ++j) {
            ASSERT_EQ(feed({output.substr(0, i), output.substr(i, j - i), output.substr(j)},
                           startsInReasoning),
                      expected)
                << "split at " << i << " and " << j << " of \"" << output << "\"";
        }
    }
    std::vector<std::string_view> bytes;
    for (size_t i = 0; i < output.size(); ++i) bytes.push_back(output.substr(i, 1));
    ASSERT_EQ(feed(bytes, startsInReasoning), expected) << "byte by byte: \"" << output << "\"";
}

// A clock the test moves by hand.
struct FakeClock {
    std::chrono::steady_clock::time_point t{};
    void advance(double seconds) {
        t += std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(seconds));
    }
    ReasoningSplitter::Clock fn() {
        return [this] { return t; };
    }
};

bool isValidUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80           ? 1
                           : (c >> 5) == 0x6  ? 2
                           : (c >> 4) == 0xE  ? 3
                           : (c >> 3) == 0x1E ? 4
                                              : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += len;
    }
    return true;
}

// The length of the UTF-8 character starting at s[i].
size_t charLength(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    return c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
}

TEST(ReasoningSplitterTest, OutputWithoutReasoningIsAllAnswerUnchanged) {
    const Split s = whole("  Hello, world.\n\nSecond paragraph.  ");
    EXPECT_EQ(s.reasoning, "");
    EXPECT_EQ(s.answer, "  Hello, world.\n\nSecond paragraph.  ");
    EXPECT_FALSE(s.inReasoning);
    EXPECT_FALSE(s.hadReasoning);
}

TEST(ReasoningSplitterTest, TagFormSeparatesReasoningFromAnswer) {
    const Split s = whole("<think>\nThe user wants 2+2. That is 4.\n</think>\n\nThe answer is 4.");
    EXPECT_EQ(s.reasoning, "The user wants 2+2. That is 4.");
    EXPECT_EQ(s.answer, "The answer is 4.");
    EXPECT_FALSE(s.inReasoning);
    EXPECT_TRUE(s.hadReasoning);
}

TEST(ReasoningSplitterTest, PrefilledFormTreatsEverythingBeforeTheCloseTagAsReasoning) {
    const Split s = whole("The user wants 2+2. That is 4.\n</think>\n\nThe answer is 4.",
                          /*startsInReasoning=*/true);
    EXPECT_EQ(s.reasoning, "The user wants 2+2. That is 4.");
    EXPECT_EQ(s.answer, "The answer is 4.");
    EXPECT_TRUE(s.hadReasoning);
}

TEST(ReasoningSplitterTest, PushReleasesReasoningAsItArrives) {
    ReasoningSplitter splitter(true);
    EXPECT_TRUE(splitter.inReasoning());
    EXPECT_EQ(splitter.push("Okay,").reasoning, "Okay,");
    // Trailing whitespace waits: it is dropped if the close tag follows it.
    EXPECT_EQ(splitter.push(" let me ").reasoning, " let me");
    EXPECT_EQ(splitter.push("think").reasoning, " think");
    const ReasoningDelta d = splitter.push(".\n</think>\n\nFour.");
    EXPECT_EQ(d.reasoning, ".");
    EXPECT_EQ(d.answer, "Four.");
    EXPECT_FALSE(splitter.inReasoning());
}

TEST(ReasoningSplitterTest, ACloseTagSplitAcrossPiecesIsHeldBackUntilDecided) {
    ReasoningSplitter splitter(true);
    EXPECT_EQ(splitter.push("abc</").reasoning, "abc");
    EXPECT_EQ(splitter.push("thi").reasoning, "");
    EXPECT_TRUE(splitter.inReasoning());
    const ReasoningDelta d = splitter.push("nk>Answer");
    EXPECT_EQ(d.reasoning, "");
    EXPECT_EQ(d.answer, "Answer");
    EXPECT_FALSE(splitter.inReasoning());
}

TEST(ReasoningSplitterTest, HeldTextThatTurnsOutNotToBeATagIsReleasedAsReasoning) {
    ReasoningSplitter splitter(true);
    EXPECT_EQ(splitter.push("a </thi").reasoning, "a");
    EXPECT_EQ(splitter.push("ng> b").reasoning, " </thing> b");
    EXPECT_TRUE(splitter.inReasoning());
}

TEST(ReasoningSplitterTest, EverySplitOfTheTagFormGivesTheUnsplitResult) {
    expectSplitInvariant("<think>\nStep one.\n\nStep two.\n</think>\n\nDone.", false);
    expectSplitInvariant("\n <think>x</think>y </think> <think>", false);
    expectSplitInvariant("<think></think>", false);
    expectSplitInvariant("<thi", false);
    expectSplitInvariant("<thinking>not a tag</thinking>", false);
    expectSplitInvariant("<think>\nnever closed </thi", false);
}

TEST(ReasoningSplitterTest, EverySplitOfThePrefilledFormGivesTheUnsplitResult) {
    expectSplitInvariant("Step one.\n\n</th\n</think>\n\n\tDone. <think>again</think>", true);
    expectSplitInvariant("</think>\n\nAnswer only", true);
    expectSplitInvariant("never closed\n\n</thi", true);
    expectSplitInvariant("  \n", true);
}

TEST(ReasoningSplitterTest, EverySplitOfTextWithNoReasoningGivesTheUnsplitResult) {
    expectSplitInvariant("Plain answer with </think> and <think> inside.", false);
    expectSplitInvariant("   \n\t", false);
}

TEST(ReasoningSplitterTest, ABlockThatNeverClosesStaysReasoning) {
    const Split s = whole("<think>\nI was stopped before I could finish");
    EXPECT_EQ(s.reasoning, "I was stopped before I could finish");
    EXPECT_EQ(s.answer, "");
    EXPECT_TRUE(s.inReasoning);
    EXPECT_TRUE(s.hadReasoning);
}

TEST(ReasoningSplitterTest, FinishFlushesAHeldPartialCloseTagAsReasoning) {
    ReasoningSplitter splitter(true);
    EXPECT_EQ(splitter.push("out of tokens at").reasoning, "out of tokens at");
    EXPECT_EQ(splitter.push(" </thi").reasoning, "");
    const ReasoningDelta d = splitter.finish();
    EXPECT_EQ(d.reasoning, " </thi");
    EXPECT_EQ(d.answer, "");
    EXPECT_TRUE(splitter.inReasoning());
}

TEST(ReasoningSplitterTest, FinishFlushesAHeldPartialOpenTagAsAnswer) {
    ReasoningSplitter splitter;
    EXPECT_EQ(splitter.push("<thi").answer, "");
    const ReasoningDelta d = splitter.finish();
    EXPECT_EQ(d.answer, "<thi");
    EXPECT_FALSE(splitter.reasoningSeconds().has_value());
}

TEST(ReasoningSplitterTest, OnlyAThinkTagAtTheVeryStartOpensReasoning) {
    const Split s = whole("Sure. <think>this is not reasoning</think> done");
    EXPECT_EQ(s.reasoning, "");
    EXPECT_EQ(s.answer, "Sure. <think>this is not reasoning</think> done");
    EXPECT_FALSE(s.hadReasoning);
}

TEST(ReasoningSplitterTest, WhitespaceBeforeTheOpeningTagIsAllowed) {
    const Split s = whole("\n\n  <think>plan</think>answer");
    EXPECT_EQ(s.reasoning, "plan");
    EXPECT_EQ(s.answer, "answer");
}

TEST(ReasoningSplitterTest, AThinkTagInTheAnswerIsAnswerText) {
    const Split s = whole("<think>\nhmm\n</think>\n\nWrite <think> to open and </think> to close.");
    EXPECT_EQ(s.reasoning, "hmm");
    EXPECT_EQ(s.answer, "Write <think> to open and </think> to close.");
}

TEST(ReasoningSplitterTest, AThinkTagInsideReasoningIsReasoningText) {
    const Split s = whole("the tag <think> is literal\n</think>\n\nok", true);
    EXPECT_EQ(s.reasoning, "the tag <think> is literal");
    EXPECT_EQ(s.answer, "ok");
}

TEST(ReasoningSplitterTest, WhitespaceNextToTheTagsBelongsToNeitherPart) {
    const Split s =
        whole("<think>\n\n  first\n\nsecond \n\n</think>\n\n \t first line\n  second line\n");
    EXPECT_EQ(s.reasoning, "first\n\nsecond");
    EXPECT_EQ(s.answer, "first line\n  second line\n");
}

TEST(ReasoningSplitterTest, AnEmptyBlockStillCountsAsReasoning) {
    const Split s = whole("<think>\n\n</think>\n\nHi");
    EXPECT_EQ(s.reasoning, "");
    EXPECT_EQ(s.answer, "Hi");
    EXPECT_TRUE(s.hadReasoning);
}

TEST(ReasoningSplitterTest, AnAnswerOfOnlyWhitespaceAfterTheBlockIsEmpty) {
    const Split s = whole("thinking</think>\n\n \n", true);
    EXPECT_EQ(s.reasoning, "thinking");
    EXPECT_EQ(s.answer, "");
}

TEST(ReasoningSplitterTest, CustomTagsWork) {
    ReasoningSplitter splitter(false, "<reasoning>", "</reasoning>");
    ReasoningDelta d = splitter.push("<reasoning>why</reason");
    EXPECT_EQ(d.reasoning, "why");
    d = splitter.push("ing>because");
    EXPECT_EQ(d.answer, "because");
}

TEST(ReasoningSplitterTest, TimesTheTagFormFromTheFirstPieceOfTheBlockToTheCloseTag) {
    FakeClock clock;
    ReasoningSplitter splitter(false, "<think>", "</think>", clock.fn());
    clock.advance(100.0);  // the prompt's prefill does not count
    (void)splitter.push("\n");
    EXPECT_FALSE(splitter.reasoningSeconds().has_value());
    clock.advance(1.0);
    (void)splitter.push("<th");
    EXPECT_FALSE(splitter.reasoningSeconds().has_value());  // not yet known to be a block
    clock.advance(0.5);
    (void)splitter.push("ink>Let me see");
    ASSERT_TRUE(splitter.reasoningSeconds().has_value());
    EXPECT_DOUBLE_EQ(*splitter.reasoningSeconds(), 0.5);  // still open: up to now
    clock.advance(2.0);
    (void)splitter.push("</think>");
    clock.advance(10.0);
    (void)splitter.push("\n\nAnswer");
    (void)splitter.finish();
    EXPECT_DOUBLE_EQ(*splitter.reasoningSeconds(), 2.5);
}

TEST(ReasoningSplitterTest, TimesThePrefilledFormFromTheFirstPiece) {
    FakeClock clock;
    ReasoningSplitter splitter(true, "<think>", "</think>", clock.fn());
    clock.advance(30.0);
    EXPECT_FALSE(splitter.reasoningSeconds().has_value());  // nothing generated yet
    (void)splitter.push("Okay");
    clock.advance(4.0);
    (void)splitter.push(" so.\n</thi");
    clock.advance(1.0);
    (void)splitter.push("nk>\n\nYes.");
    clock.advance(7.0);
    EXPECT_DOUBLE_EQ(*splitter.reasoningSeconds(), 5.0);
}

TEST(ReasoningSplitterTest, AnUnclosedBlockIsTimedUntilFinish) {
    FakeClock clock;
    ReasoningSplitter splitter(true, "<think>", "</think>", clock.fn());
    (void)splitter.push("thinking");
    clock.advance(3.0);
    (void)splitter.finish();
    clock.advance(60.0);
    EXPECT_DOUBLE_EQ(*splitter.reasoningSeconds(), 3.0);
}

TEST(ReasoningSplitterTest, OutputWithoutReasoningHasNoReasoningTime) {
    FakeClock clock;
    ReasoningSplitter splitter(false, "<think>", "</think>", clock.fn());
    (void)splitter.push("Just an answer.");
    clock.advance(5.0);
    (void)splitter.finish();
    EXPECT_FALSE(splitter.reasoningSeconds().has_value());
}

// Given pieces of whole characters, every release is whole characters: no character is split
// between reasoning and answer, or between two releases.
TEST(ReasoningSplitterTest, NeverSplitsACharacterGivenWholeCharacterPieces) {
    const std::string outputs[] = {
        "<think>\nДумаю… 日本語で考える 🧑‍💻\n</think>\n\nОтвет: 答え "
        "👍🏽",
        "思考中 ñ\u3000</think>\u00a0答え",
        "é\n</th</think>ü",
    };
    for (const std::string& output : outputs) {
        const bool prefilled = !output.starts_with("<think>");
        std::vector<size_t> boundaries{0};
        for (size_t i = 0; i < output.size(); i += charLength(output, i)) boundaries.push_back(i);
        boundaries.push_back(output.size());
        for (size_t a = 0; a < boundaries.size(); ++a) {
            for (size_t b = a; b < boundaries.size(); ++b) {
                const std::string_view out(output);
                const std::vector<std::string_view> pieces{
                    out.substr(0, boundaries[a]),
                    out.substr(boundaries[a], boundaries[b] - boundaries[a]),
                    out.substr(boundaries[b])};
                ReasoningSplitter splitter(prefilled);
                for (std::string_view piece : pieces) {
                    const ReasoningDelta d = splitter.push(piece);
                    ASSERT_TRUE(isValidUtf8(d.reasoning)) << d.reasoning;
                    ASSERT_TRUE(isValidUtf8(d.answer)) << d.answer;
                }
                const ReasoningDelta d = splitter.finish();
                ASSERT_TRUE(isValidUtf8(d.reasoning) && isValidUtf8(d.answer));
            }
        }
        expectSplitInvariant(output, prefilled);
    }
}

TEST(ReasoningSplitterTest, NonAsciiTagsNeverSplitACharacter) {
    ReasoningSplitter splitter(true, "<思考>", "</思考>");
    ReasoningDelta d = splitter.push("考え</");
    EXPECT_EQ(d.reasoning, "考え");
    d = splitter.push("思");  // a whole character that begins the tag: held
    EXPECT_EQ(d.reasoning, "");
    d = splitter.push("想");  // not the tag after all
    EXPECT_EQ(d.reasoning, "</思想");
    d = splitter.push("</思考>答え");
    EXPECT_EQ(d.answer, "答え");
}

TEST(PromptOpensReasoningTest, DetectsAPromptEndingInAnOpenedBlock) {
    EXPECT_TRUE(promptOpensReasoning("<｜User｜>Hi<｜Assistant｜><think>\n"));
    EXPECT_TRUE(promptOpensReasoning("<think>"));
    EXPECT_TRUE(promptOpensReasoning("...<think>\n\n \t"));
    EXPECT_FALSE(promptOpensReasoning("<｜User｜>Hi<｜Assistant｜>"));
    EXPECT_FALSE(promptOpensReasoning("<|im_start|>assistant\n<think>\n\n</think>\n\n"));
    EXPECT_FALSE(promptOpensReasoning("<think> and more"));
    EXPECT_FALSE(promptOpensReasoning(""));
    EXPECT_TRUE(promptOpensReasoning("x<reasoning>\n", "<reasoning>"));
}

}  // namespace
}  // namespace hearth

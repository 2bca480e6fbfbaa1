// Separating a reasoning model's thinking from its answer while the text streams in.
//
// Two forms reach the splitter. In the tag form the output itself begins with "<think>" (after
// optional whitespace), carries the reasoning and closes it with "</think>". In the prefilled
// form the prompt already opened the block (DeepSeek R1's template ends the prompt with
// "<｜Assistant｜><think>\n"), so the output shows only "</think>" and everything before it is
// reasoning. A block that never closes (the user stopped, or the token budget ran out) stays
// reasoning. Only the first "<think>" at the very start opens a block: a later one, or one in
// the answer, is text like any other.
//
// Tags may be split across pieces ("</", "thi", "nk>"): text that could still become a tag is
// held back until it is decided and released by finish(). Feeding the same output in any split
// gives the same concatenated reasoning and answer. The whitespace next to the tags belongs to
// neither part: it is stripped from the start and the end of the reasoning and from the start of
// the answer (R1 writes "<think>\n", "\n</think>" and "</think>\n\n"). With no reasoning block
// the answer is the output unchanged. Tags are matched bytewise and are valid UTF-8, so given
// pieces of whole characters no character is ever split between the two parts.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hearth {

// What one push() or finish() releases, in output order: reasoning text first, then answer text.
struct ReasoningDelta {
    std::string reasoning;
    std::string answer;
};

class ReasoningSplitter {
public:
    // Tests inject a clock; an empty one means std::chrono::steady_clock::now.
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    // startsInReasoning: the prompt already opened the block (see promptOpensReasoning).
    explicit ReasoningSplitter(bool startsInReasoning = false, std::string openTag = "<think>",
                               std::string closeTag = "</think>", Clock clock = {});

    ReasoningDelta push(std::string_view piece);
    // The end of the output: releases what is still held back (a partial tag stays text of the
    // part it was in) and stops the reasoning timer if the block never closed.
    ReasoningDelta finish();

    // True inside an open block; stays true after finish() when the block never closed.
    bool inReasoning() const;
    // Seconds from the first piece of the block to the piece that closed it (or to finish(), or
    // to now while it is still open); empty when there was no reasoning block, or none yet.
    std::optional<double> reasoningSeconds() const;

private:
    enum class Phase { Undecided, ReasoningLead, Reasoning, AnswerLead, Answer };

    void process(ReasoningDelta& out);
    std::chrono::steady_clock::time_point now() const;

    Phase m_phase;
    std::string m_openTag;
    std::string m_closeTag;
    Clock m_clock;
    std::string m_pending;  // held back: could still be (part of) a tag or whitespace next to one
    bool m_finished = false;
    std::optional<std::chrono::steady_clock::time_point> m_firstPieceAt;
    std::optional<std::chrono::steady_clock::time_point> m_reasoningStart;
    std::optional<std::chrono::steady_clock::time_point> m_reasoningEnd;
};

// True when a rendered prompt ends inside an opened reasoning block: it ends with openTag plus
// optional whitespace ("<｜Assistant｜><think>\n"). Pass the result to ReasoningSplitter.
bool promptOpensReasoning(std::string_view prompt, std::string_view openTag = "<think>");

}  // namespace hearth

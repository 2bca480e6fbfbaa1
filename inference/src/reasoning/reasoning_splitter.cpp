// ReasoningSplitter of hearth/reasoning.h: a small state machine over bytes.
//
//   Undecided      (tag form only) leading whitespace, then "<think>" or anything else
//   ReasoningLead  whitespace right after the opening tag: dropped
//   Reasoning      text up to "</think>"; a trailing partial tag and whitespace are held back
//   AnswerLead     whitespace right after the closing tag: dropped
//   Answer         everything, verbatim ("<think>" here is answer text)
//
// Held text always starts on a character boundary: it is ASCII whitespace or a prefix of a tag,
// and a tag (valid UTF-8) starts with a lead byte, which no continuation byte equals.
#include <algorithm>
#include <utility>

#include "hearth/reasoning.h"

namespace hearth {
namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

size_t firstNonSpace(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && isSpace(s[i])) ++i;
    return i;
}

size_t trailingSpaces(std::string_view s) {
    size_t n = 0;
    while (n < s.size() && isSpace(s[s.size() - 1 - n])) ++n;
    return n;
}

// The length of the longest suffix of `text` that is a proper prefix of `tag`.
size_t partialTagSuffix(std::string_view text, std::string_view tag) {
    if (tag.empty()) return 0;
    for (size_t n = std::min(text.size(), tag.size() - 1); n > 0; --n) {
        if (text.substr(text.size() - n) == tag.substr(0, n)) return n;
    }
    return 0;
}

}  // namespace

ReasoningSplitter::ReasoningSplitter(bool startsInReasoning, std::string openTag,
                                     std::string closeTag, Clock clock)
    : m_phase(startsInReasoning ? Phase::ReasoningLead : Phase::Undecided),
      m_openTag(std::move(openTag)),
      m_closeTag(std::move(closeTag)),
      m_clock(std::move(clock)) {}

std::chrono::steady_clock::time_point ReasoningSplitter::now() const {
    return m_clock ? m_clock() : std::chrono::steady_clock::now();
}

ReasoningDelta ReasoningSplitter::push(std::string_view piece) {
    ReasoningDelta out;
    if (piece.empty()) return out;
    const auto at = now();
    if (!m_firstPieceAt) m_firstPieceAt = at;
    // The prefilled form's block starts with the first piece of output.
    if (m_phase == Phase::ReasoningLead && !m_reasoningStart) m_reasoningStart = at;
    // The tag form's block starts with the piece that brings the tag's first byte: the first
    // piece with more than whitespace while undecided.
    if (m_phase == Phase::Undecided && firstNonSpace(m_pending) == m_pending.size() &&
        firstNonSpace(piece) < piece.size()) {
        m_reasoningStart = at;  // kept only if the tag completes
    }
    m_pending.append(piece);
    process(out);
    return out;
}

void ReasoningSplitter::process(ReasoningDelta& out) {
    while (!m_pending.empty()) {
        switch (m_phase) {
            case Phase::Undecided: {
                const size_t start = firstNonSpace(m_pending);
                const std::string_view rest = std::string_view(m_pending).substr(start);
                if (rest.empty()) return;  // only whitespace so far
                if (!m_openTag.empty() && rest.starts_with(m_openTag)) {
                    m_pending.erase(0, start + m_openTag.size());
                    m_phase = Phase::ReasoningLead;
                    break;
                }
                if (rest.size() < m_openTag.size() &&
                    std::string_view(m_openTag).starts_with(rest)) {
                    return;  // could still become the opening tag
                }
                m_reasoningStart.reset();  // no block: the first piece was answer text
                m_phase = Phase::Answer;
                break;
            }
            case Phase::ReasoningLead:
                m_pending.erase(0, firstNonSpace(m_pending));
                if (!m_pending.empty()) m_phase = Phase::Reasoning;
                break;
            case Phase::Reasoning: {
                const size_t close =
                    m_closeTag.empty() ? std::string::npos : m_pending.find(m_closeTag);
                if (close != std::string::npos) {
                    const std::string_view body = std::string_view(m_pending).substr(0, close);
                    out.reasoning.append(body.substr(0, body.size() - trailingSpaces(body)));
                    m_pending.erase(0, close + m_closeTag.size());
                    m_reasoningEnd = now();
                    m_phase = Phase::AnswerLead;
                    break;
                }
                // Hold back what could begin the closing tag and the whitespace before it.
                size_t held = partialTagSuffix(m_pending, m_closeTag);
                held +=
                    trailingSpaces(std::string_view(m_pending).substr(0, m_pending.size() - held));
                out.reasoning.append(m_pending, 0, m_pending.size() - held);
                m_pending.erase(0, m_pending.size() - held);
                return;
            }
            case Phase::AnswerLead:
                m_pending.erase(0, firstNonSpace(m_pending));
                if (!m_pending.empty()) m_phase = Phase::Answer;
                break;
            case Phase::Answer:
                out.answer.append(m_pending);
                m_pending.clear();
                return;
        }
    }
}

ReasoningDelta ReasoningSplitter::finish() {
    ReasoningDelta out;
    if (m_finished) return out;
    m_finished = true;
    switch (m_phase) {
        case Phase::Undecided:  // whitespace, or the start of an opening tag that never completed
            m_reasoningStart.reset();
            out.answer = std::exchange(m_pending, std::string());
            break;
        case Phase::ReasoningLead:
        case Phase::Reasoning:  // never closed: what was held is reasoning text
            out.reasoning = std::exchange(m_pending, std::string());
            if (m_reasoningStart) m_reasoningEnd = now();
            break;
        case Phase::AnswerLead:
        case Phase::Answer:
            m_pending.clear();
            break;
    }
    return out;
}

bool ReasoningSplitter::inReasoning() const {
    return m_phase == Phase::ReasoningLead || m_phase == Phase::Reasoning;
}

std::optional<double> ReasoningSplitter::reasoningSeconds() const {
    if (!m_reasoningStart || m_phase == Phase::Undecided) return std::nullopt;
    const auto end = m_reasoningEnd ? *m_reasoningEnd : now();
    return std::chrono::duration<double>(end - *m_reasoningStart).count();
}

bool promptOpensReasoning(std::string_view prompt, std::string_view openTag) {
    if (openTag.empty()) return false;
    return prompt.substr(0, prompt.size() - trailingSpaces(prompt)).ends_with(openTag);
}

}  // namespace hearth

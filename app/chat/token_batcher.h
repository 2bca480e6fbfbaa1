// Collects streamed text between deliveries to the GUI: the worker adds every token's piece and
// hands the batch over when it is due, so the GUI thread sees about one update per frame
// (16 ms) however fast the tokens come. The first batch is due at once, so the first token shows
// without delay.
#pragma once

#include <QString>

#include <chrono>
#include <optional>
#include <string>

#include "hearth/reasoning.h"

namespace hearth::chat {

class TokenBatcher {
public:
    using Clock = std::chrono::steady_clock;

    explicit TokenBatcher(std::chrono::milliseconds interval = std::chrono::milliseconds(16));

    void add(const ReasoningDelta& delta);
    bool empty() const { return m_answer.empty() && m_reasoning.empty(); }
    // Something is waiting and the interval since the last take has passed.
    bool due(Clock::time_point now = Clock::now()) const;

    struct Batch {
        QString answer;
        QString reasoning;
    };
    Batch take(Clock::time_point now = Clock::now());

private:
    std::chrono::milliseconds m_interval;
    std::optional<Clock::time_point> m_lastTake;
    // Bytes until taken: pieces are whole UTF-8 characters, so a batch converts cleanly.
    std::string m_answer;
    std::string m_reasoning;
};

}  // namespace hearth::chat

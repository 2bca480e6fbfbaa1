#include "chat/token_batcher.h"

namespace hearth::chat {

TokenBatcher::TokenBatcher(std::chrono::milliseconds interval) : m_interval(interval) {}

void TokenBatcher::add(const ReasoningDelta& delta) {
    m_answer += delta.answer;
    m_reasoning += delta.reasoning;
}

bool TokenBatcher::due(Clock::time_point now) const {
    return !empty() && (!m_lastTake || now - *m_lastTake >= m_interval);
}

TokenBatcher::Batch TokenBatcher::take(Clock::time_point now) {
    Batch batch{QString::fromStdString(m_answer), QString::fromStdString(m_reasoning)};
    m_answer.clear();
    m_reasoning.clear();
    m_lastTake = now;
    return batch;
}

}  // namespace hearth::chat

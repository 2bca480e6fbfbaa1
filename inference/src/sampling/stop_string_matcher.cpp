// StopStringMatcher of hearth/sampler.h. It works on bytes: a stop string is valid UTF-8, so
// text held back because it could begin one starts on a character boundary, and a character
// split across two pushes is released whole once it is known not to begin a stop string.
#include <algorithm>
#include <utility>

#include "hearth/sampler.h"

namespace hearth {

// Empty stop strings are dropped: one would match before any text (validate() rejects them).
StopStringMatcher::StopStringMatcher(std::vector<std::string> stops) : m_stops(std::move(stops)) {
    std::erase_if(m_stops, [](const std::string& s) { return s.empty(); });
}

StopStringMatcher::Piece StopStringMatcher::push(std::string_view text) {
    m_pending.append(text);
    Piece piece;

    // A completed stop string: everything before the earliest one is shown, the rest dropped.
    size_t stopAt = std::string::npos;
    for (const std::string& stop : m_stops) stopAt = std::min(stopAt, m_pending.find(stop));
    if (stopAt != std::string::npos) {
        piece.text = m_pending.substr(0, stopAt);
        piece.stopped = true;
        m_pending.clear();
        return piece;
    }

    // Hold back the longest suffix that a stop string starts with; a shorter held suffix could
    // let the first bytes of a stop string out.
    size_t held = 0;
    for (const std::string& stop : m_stops) {
        for (size_t n = std::min(m_pending.size(), stop.size() - 1); n > held; --n) {
            if (m_pending.compare(m_pending.size() - n, n, stop, 0, n) == 0) {
                held = n;
                break;
            }
        }
    }
    piece.text = m_pending.substr(0, m_pending.size() - held);
    m_pending.erase(0, m_pending.size() - held);
    return piece;
}

std::string StopStringMatcher::flush() {
    return std::exchange(m_pending, std::string());
}

}  // namespace hearth

#include "chat/session_cache.h"

#include <algorithm>
#include <utility>

namespace hearth::chat {

size_t commonPrefixLength(std::span<const int32_t> a, std::span<const int32_t> b) {
    const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    return static_cast<size_t>(ia - a.begin());
}

SessionCache::SessionCache(size_t capacity) : m_capacity(std::max<size_t>(capacity, 1)) {}

Result<Session*> SessionCache::acquire(const Model& model, const QString& key,
                                       uint32_t contextLength) {
    auto it = std::find_if(m_entries.begin(), m_entries.end(),
                           [&](const Entry& e) { return e.key == key; });
    if (it != m_entries.end() && it->session->contextLength() == contextLength) {
        m_entries.splice(m_entries.begin(), m_entries, it);
        return m_entries.front().session.get();
    }
    if (it != m_entries.end()) m_entries.erase(it);  // another context length: start over
    while (m_entries.size() >= m_capacity) m_entries.pop_back();
    Result<std::unique_ptr<Session>> session = create(model, contextLength);
    if (!session.ok() && !m_entries.empty()) {
        // Room on the device may be held by other conversations' caches: give them up.
        m_entries.clear();
        session = create(model, contextLength);
    }
    if (!session.ok()) return session.status();
    m_entries.push_front({key, std::move(session.value())});
    return m_entries.front().session.get();
}

void SessionCache::drop(const QString& key) {
    m_entries.remove_if([&](const Entry& e) { return e.key == key; });
}

Result<std::unique_ptr<Session>> SessionCache::create(const Model& model, uint32_t contextLength) {
    SessionOptions options;
    options.contextLength = contextLength;
    return model.newSession(options);
}

}  // namespace hearth::chat

// The KV caches the worker keeps between requests: one session per conversation, the least
// recently used dropped when a new conversation needs room. A follow-up turn or a regenerate
// rewinds its conversation's session to what the new prompt shares with it (Session::truncate),
// so only the new tokens are computed.
#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <span>

#include "hearth/model.h"
#include "hearth/session.h"

namespace hearth::chat {

// How many leading tokens a and b share.
size_t commonPrefixLength(std::span<const int32_t> a, std::span<const int32_t> b);

class SessionCache {
public:
    explicit SessionCache(size_t capacity = 3);

    // The session of `key` with `contextLength` (made anew if it has another one), most recently
    // used from now on. When the device has no memory for a new session, the other
    // conversations' sessions are given up and it is tried once more.
    Result<Session*> acquire(const Model& model, const QString& key, uint32_t contextLength);
    // Forgets a session whose state is in doubt (a failed append or generate).
    void drop(const QString& key);
    void clear() { m_entries.clear(); }
    size_t size() const { return m_entries.size(); }

private:
    struct Entry {
        QString key;
        std::unique_ptr<Session> session;
    };
    Result<std::unique_ptr<Session>> create(const Model& model, uint32_t contextLength);

    size_t m_capacity;
    std::list<Entry> m_entries;  // most recently used first
};

}  // namespace hearth::chat

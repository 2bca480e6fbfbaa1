// Per-op GPU time from timestamp queries, summed by op label. HEARTH_PROFILE=1 turns it on;
// the table goes to stderr when the device closes.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace hearth::vk {

class Profiler {
public:
    static bool enabledByEnvironment();

    void add(std::string_view label, double microseconds);
    std::string table() const;  // one line per op: calls, total ms, mean µs, share
    bool empty() const;
    void clear();

private:
    struct Entry {
        uint64_t calls = 0;
        double totalUs = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, Entry, std::less<>> m_entries;
};

}  // namespace hearth::vk

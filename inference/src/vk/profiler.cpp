#include "vk/profiler.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace hearth::vk {

bool Profiler::enabledByEnvironment() {
    const char* v = std::getenv("HEARTH_PROFILE");
    return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
}

void Profiler::add(std::string_view label, double microseconds) {
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(label);
    if (it == m_entries.end()) it = m_entries.emplace(std::string(label), Entry{}).first;
    it->second.calls += 1;
    it->second.totalUs += microseconds;
}

bool Profiler::empty() const {
    std::lock_guard lock(m_mutex);
    return m_entries.empty();
}

void Profiler::clear() {
    std::lock_guard lock(m_mutex);
    m_entries.clear();
}

std::string Profiler::table() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, Entry>> rows(m_entries.begin(), m_entries.end());
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.second.totalUs > b.second.totalUs; });
    double total = 0;
    for (const auto& r : rows) total += r.second.totalUs;
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-28s %8s %12s %12s %7s\n", "op", "calls", "total ms",
                  "mean us", "share");
    out += line;
    for (const auto& [name, e] : rows) {
        std::snprintf(line, sizeof line, "%-28s %8llu %12.3f %12.2f %6.1f%%\n", name.c_str(),
                      static_cast<unsigned long long>(e.calls), e.totalUs / 1000.0,
                      e.totalUs / static_cast<double>(e.calls),
                      total > 0 ? 100.0 * e.totalUs / total : 0.0);
        out += line;
    }
    std::snprintf(line, sizeof line, "%-28s %8s %12.3f\n", "total", "", total / 1000.0);
    out += line;
    return out;
}

}  // namespace hearth::vk

#include "reference/sampling.h"

#include <algorithm>
#include <cmath>

namespace hearth::reference {

uint32_t argmax(const float* row, uint32_t n) {
    uint32_t best = 0xFFFFFFFFu;
    for (uint32_t i = 0; i < n; ++i) {
        if (std::isnan(row[i])) continue;
        if (best == 0xFFFFFFFFu || row[i] > row[best]) best = i;
    }
    return best;
}

std::vector<TopKEntry> topK(const float* row, uint32_t n, uint32_t k) {
    std::vector<TopKEntry> entries;
    for (uint32_t i = 0; i < n; ++i) {
        if (!std::isnan(row[i])) entries.push_back({i, row[i]});
    }
    const auto better = [](const TopKEntry& a, const TopKEntry& b) {
        return a.value > b.value || (a.value == b.value && a.index < b.index);
    };
    const size_t kept = std::min<size_t>(k, entries.size());
    std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(kept),
                      entries.end(), better);
    entries.resize(kept);
    return entries;
}

}  // namespace hearth::reference

#include "tokenizer/merges.h"

#include <algorithm>
#include <functional>

namespace hearth::tokenizer {

size_t MergeTable::slotOf(uint64_t key) const {
    // Fibonacci hashing spreads the (left, right) pairs, which cluster in low ids.
    const size_t mask = m_slots.size() - 1;
    size_t i = static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
    while (m_slots[i].key != kEmpty && m_slots[i].key != key) i = (i + 1) & mask;
    return i;
}

void MergeTable::grow() {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(std::max<size_t>(1024, old.size() * 2), Slot{});
    for (const Slot& slot : old)
        if (slot.key != kEmpty) m_slots[slotOf(slot.key)] = slot;
}

void MergeTable::insert(int32_t left, int32_t right, float priority, int32_t result) {
    if ((m_count + 1) * 2 > m_slots.size()) grow();
    const uint64_t key = keyOf(left, right);
    Slot& slot = m_slots[slotOf(key)];
    if (slot.key == key) return;
    slot.key = key;
    slot.merge = {priority, result};
    ++m_count;
}

const MergeTable::Merge* MergeTable::find(int32_t left, int32_t right) const {
    if (m_slots.empty() || left < 0 || right < 0) return nullptr;
    const Slot& slot = m_slots[slotOf(keyOf(left, right))];
    return slot.key == kEmpty ? nullptr : &slot.merge;
}

void mergeWord(const MergeTable& merges, std::vector<int32_t>& symbols, MergeScratch& scratch) {
    const size_t n = symbols.size();
    if (n < 2) return;
    auto& next = scratch.next;
    auto& prev = scratch.prev;
    auto& heap = scratch.heap;
    next.resize(n);
    prev.resize(n);
    heap.clear();
    const auto later = std::greater<MergeScratch::Candidate>();
    auto consider = [&](int32_t left) {
        const int32_t right = next[left];
        if (left < 0 || right < 0 || static_cast<size_t>(right) >= n) return;
        if (const MergeTable::Merge* m = merges.find(symbols[left], symbols[right])) {
            heap.push_back({m->priority, static_cast<uint32_t>(left), symbols[left], symbols[right],
                            m->result});
            std::push_heap(heap.begin(), heap.end(), later);
        }
    };
    for (size_t i = 0; i < n; ++i) {
        next[i] = static_cast<int32_t>(i + 1);
        prev[i] = static_cast<int32_t>(i) - 1;
    }
    for (size_t i = 0; i + 1 < n; ++i) consider(static_cast<int32_t>(i));

    constexpr int32_t kMerged = INT32_MIN;  // a symbol absorbed into its left neighbour
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const MergeScratch::Candidate c = heap.back();
        heap.pop_back();
        const int32_t left = static_cast<int32_t>(c.left);
        const int32_t right = next[left];
        // Stale: the pair changed since it was queued.
        if (symbols[left] != c.leftId || static_cast<size_t>(right) >= n ||
            symbols[right] != c.rightId)
            continue;
        symbols[left] = c.result;
        symbols[right] = kMerged;
        next[left] = next[right];
        if (static_cast<size_t>(next[right]) < n) prev[next[right]] = left;
        if (prev[left] >= 0) consider(prev[left]);
        consider(left);
    }
    symbols.erase(std::remove(symbols.begin(), symbols.end(), kMerged), symbols.end());
}

}  // namespace hearth::tokenizer

// BPE merging inside one word: pairs of adjacent symbols are merged in priority order (lowest
// first; the leftmost pair on a tie) until no mergeable pair is left.
//
// Byte-level BPE ranks its merges by their line in the merges list; SentencePiece-style
// vocabularies in GGUF rank a pair by the score of the token it makes (higher first), so the
// priority is a float: the rank, or minus the score.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hearth::tokenizer {

class MergeTable {
public:
    struct Merge {
        float priority;
        int32_t result;
    };

    // Keeps the first entry for a pair (the merges list's earliest line wins, as in Hugging Face).
    void insert(int32_t left, int32_t right, float priority, int32_t result);
    const Merge* find(int32_t left, int32_t right) const;
    size_t size() const { return m_count; }

private:
    struct Slot {
        uint64_t key = kEmpty;
        Merge merge{};
    };
    static constexpr uint64_t kEmpty = ~0ull;
    static uint64_t keyOf(int32_t left, int32_t right) {
        return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) |
               static_cast<uint32_t>(right);
    }
    size_t slotOf(uint64_t key) const;
    void grow();

    std::vector<Slot> m_slots;  // open addressing, linear probing, power-of-two size
    size_t m_count = 0;
};

// Reusable buffers for mergeWord, so a long text does not allocate per word.
struct MergeScratch {
    struct Candidate {
        float priority;
        uint32_t left;  // the left symbol's position (its first character's index)
        int32_t leftId;
        int32_t rightId;
        int32_t result;
        bool operator>(const Candidate& other) const {
            return priority != other.priority ? priority > other.priority : left > other.left;
        }
    };
    std::vector<int32_t> next;
    std::vector<int32_t> prev;
    std::vector<Candidate> heap;
};

// Merges `symbols` (token ids; negative ids never merge) in place. O(n log n) in the word's
// length, so a crafted megabyte-long word costs milliseconds, not hours.
void mergeWord(const MergeTable& merges, std::vector<int32_t>& symbols, MergeScratch& scratch);

}  // namespace hearth::tokenizer

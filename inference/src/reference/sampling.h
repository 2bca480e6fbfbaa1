// Plain scalar references for the sampling kernels (ops/argmax.h, ops/top_k.h). The order is
// the kernels': larger value first, ties to the lower index, NaN never chosen.
#pragma once

#include <cstdint>
#include <vector>

namespace hearth::reference {

// Index of the largest non-NaN value of row[0 .. n), or 0xFFFFFFFF if there is none.
uint32_t argmax(const float* row, uint32_t n);

struct TopKEntry {
    uint32_t index;
    float value;
};
// The k best entries of row[0 .. n) in order; fewer when the row has fewer non-NaN values.
std::vector<TopKEntry> topK(const float* row, uint32_t n, uint32_t k);

}  // namespace hearth::reference

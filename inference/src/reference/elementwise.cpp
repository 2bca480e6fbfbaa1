#include "reference/elementwise.h"

namespace hearth::reference {

void add(const float* a, const float* b, float* out, size_t n, size_t bLength) {
    for (size_t i = 0; i < n; ++i) out[i] = a[i] + b[i % bLength];
}

}  // namespace hearth::reference

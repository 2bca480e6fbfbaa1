// Plain scalar references for the elementwise kernels.
#pragma once

#include <cstddef>

namespace hearth::reference {

void add(const float* a, const float* b, float* out, size_t n, size_t bLength);

}  // namespace hearth::reference

// Plain scalar references for activation kernels, computed in double.
#pragma once

#include <cstddef>

namespace hearth::reference {

// out[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)).
void swiglu(const float* gate, const float* up, float* out, size_t n);

}  // namespace hearth::reference

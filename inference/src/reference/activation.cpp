#include "reference/activation.h"

#include <cmath>

namespace hearth::reference {

void swiglu(const float* gate, const float* up, float* out, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const double g = gate[i];
        out[i] = static_cast<float>(g / (1.0 + std::exp(-g)) * up[i]);
    }
}

}  // namespace hearth::reference

#include "reference/normalization.h"

#include <cmath>
#include <limits>

namespace hearth::reference {

void rmsNorm(const float* x, const float* weight, float* out, size_t rows, size_t n, float eps) {
    for (size_t r = 0; r < rows; ++r) {
        const float* row = x + r * n;
        double sumSquares = 0.0;
        for (size_t i = 0; i < n; ++i) sumSquares += static_cast<double>(row[i]) * row[i];
        const double scale = 1.0 / std::sqrt(sumSquares / static_cast<double>(n) + eps);
        for (size_t i = 0; i < n; ++i) {
            out[r * n + i] = static_cast<float>(row[i] * scale * weight[i]);
        }
    }
}

void softmax(const float* x, float* out, size_t rows, size_t n, float scale) {
    for (size_t r = 0; r < rows; ++r) {
        const float* row = x + r * n;
        double rowMax = -std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < n; ++i) {
            rowMax = std::fmax(rowMax, static_cast<double>(row[i]) * scale);
        }
        if (std::isinf(rowMax) && rowMax < 0) {  // fully masked: no probability mass anywhere
            for (size_t i = 0; i < n; ++i) out[r * n + i] = 0.0f;
            continue;
        }
        double sum = 0.0;
        for (size_t i = 0; i < n; ++i) {
            sum += std::exp(static_cast<double>(row[i]) * scale - rowMax);
        }
        for (size_t i = 0; i < n; ++i) {
            out[r * n + i] =
                static_cast<float>(std::exp(static_cast<double>(row[i]) * scale - rowMax) / sum);
        }
    }
}

}  // namespace hearth::reference

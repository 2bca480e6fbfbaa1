// Plain scalar references for the row-wise kernels (rms_norm, softmax), accumulating in double
// so they are a yardstick for the f32 kernels rather than another f32 rounding.
#pragma once

#include <cstddef>

namespace hearth::reference {

// out[r, :] = x[r, :] / sqrt(mean(x[r, :]^2) + eps) * weight[:]; x, out: [rows, n].
void rmsNorm(const float* x, const float* weight, float* out, size_t rows, size_t n, float eps);

// out[r, :] = softmax(x[r, :] * scale); a row of only -inf becomes zeros, as in the kernel.
void softmax(const float* x, float* out, size_t rows, size_t n, float scale);

}  // namespace hearth::reference

// Plain scalar reference for rope (ops/rope.h), following ggml's rope_yarn in double: the
// kernel's f32 theta is the only rounding the comparison should see.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ops/rope.h"

namespace hearth::reference {

// x, out: [tokens, heads, headDim]; positions: [tokens]; freqFactors: [nRot / 2] or nullptr.
void rope(const float* x, const int32_t* positions, const float* freqFactors, float* out,
          size_t tokens, size_t heads, size_t headDim, const ops::RopeParams& params);

}  // namespace hearth::reference

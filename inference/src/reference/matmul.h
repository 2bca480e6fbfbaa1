// Plain scalar references for the quantized products: the weights are dequantized exactly
// (reference/dequantize.h) and every dot product accumulates in double.
#pragma once

#include <cstdint>

#include "quant/tensor_type.h"

namespace hearth::reference {

// y[r] = dot(W[r, :], x), W being `rows` rows of `cols` values of `type`, rows contiguous.
void matvec(TensorType type, const void* weights, uint32_t rows, uint32_t cols, const float* x,
            float* y);

// c[i, j] = dot(a[i, :], W[j, :]) for i < m, j < rows; c is m x rows.
void matmul(TensorType type, const void* weights, uint32_t rows, uint32_t cols, const float* a,
            uint32_t m, float* c);

}  // namespace hearth::reference

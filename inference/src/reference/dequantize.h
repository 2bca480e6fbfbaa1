// Plain scalar dequantization: the CPU reference every GPU dequantize kernel is checked against.
//
// Output is bit-identical to ggml's dequantize_row_* (each value is computed with the same
// float operations in the same order), which tests/inference/quant_reference_test.cpp checks.
// Build it without -ffast-math and without FMA contraction (-ffp-contract=off), or the products
// and sums below may round differently from ggml's.
#pragma once

#include <cstdint>

#include "quant/tensor_type.h"

namespace hearth {

// Expands n values of `type` starting at src into dst. n must be a multiple of the type's block
// size and type one of supportedTensorTypes(); anything else is a programmer error (asserted).
void dequantizeRow(TensorType type, const void* src, float* dst, int64_t n);

}  // namespace hearth

// Plain scalar quantization: turns float rows into ggml's block formats.
//
// This is the reference Hearth's GGUF writer and test-model generator use, and what quantized
// data in tests is made with. For F32, F16, BF16 and the legacy formats (Q4_0 .. Q8_0) the bytes
// are identical to ggml's quantize_row_*_ref; the K-quants (Q2_K .. Q6_K) re-implement ggml's
// reference scale searches (no importance matrix) operation for operation and are checked
// byte for byte against ggml by tests/inference/quant_reference_test.cpp.
//
// Compile without -ffast-math and with -ffp-contract=off: fused multiply-adds or reassociated
// sums change roundings, and with them the chosen quant levels.
#pragma once

#include <cstdint>

#include "quant/tensor_type.h"

namespace hearth {

// Quantizes n values from src into dst (tensorRowBytes(type, n) bytes). n must be a multiple of
// the type's block size and type one of supportedTensorTypes() (programmer errors, asserted).
// Rows are independent blocks, so several rows can be passed as one long row.
void quantizeRow(TensorType type, const float* src, void* dst, int64_t n);

}  // namespace hearth

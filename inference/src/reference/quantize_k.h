// K-quant reference quantizers (private to reference/; quantizeRow() dispatches to them).
// Each writes `blocks` consecutive super-blocks of 256 values.
#pragma once

#include <cstdint>

namespace hearth::quant {

void quantizeQ2_K(const float* src, void* dst, int64_t blocks);
void quantizeQ3_K(const float* src, void* dst, int64_t blocks);
void quantizeQ4_K(const float* src, void* dst, int64_t blocks);
void quantizeQ5_K(const float* src, void* dst, int64_t blocks);
void quantizeQ6_K(const float* src, void* dst, int64_t blocks);

}  // namespace hearth::quant

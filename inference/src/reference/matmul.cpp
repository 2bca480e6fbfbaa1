#include "reference/matmul.h"

#include <vector>

#include "reference/dequantize.h"

namespace hearth::reference {

namespace {

std::vector<float> dequantizeRows(TensorType type, const void* weights, uint32_t rows,
                                  uint32_t cols) {
    const uint64_t rowBytes = tensorRowBytes(type, cols).value();
    std::vector<float> out(uint64_t{rows} * cols);
    for (uint32_t r = 0; r < rows; ++r) {
        dequantizeRow(type, static_cast<const uint8_t*>(weights) + r * rowBytes,
                      out.data() + uint64_t{r} * cols, cols);
    }
    return out;
}

double dot(const float* a, const float* b, uint32_t n) {
    double sum = 0;
    for (uint32_t i = 0; i < n; ++i) sum += static_cast<double>(a[i]) * static_cast<double>(b[i]);
    return sum;
}

}  // namespace

void matvec(TensorType type, const void* weights, uint32_t rows, uint32_t cols, const float* x,
            float* y) {
    const std::vector<float> w = dequantizeRows(type, weights, rows, cols);
    for (uint32_t r = 0; r < rows; ++r)
        y[r] = static_cast<float>(dot(w.data() + uint64_t{r} * cols, x, cols));
}

void matmul(TensorType type, const void* weights, uint32_t rows, uint32_t cols, const float* a,
            uint32_t m, float* c) {
    const std::vector<float> w = dequantizeRows(type, weights, rows, cols);
    for (uint32_t i = 0; i < m; ++i) {
        for (uint32_t j = 0; j < rows; ++j) {
            c[uint64_t{i} * rows + j] = static_cast<float>(
                dot(a + uint64_t{i} * cols, w.data() + uint64_t{j} * cols, cols));
        }
    }
}

}  // namespace hearth::reference

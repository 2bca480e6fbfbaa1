#include "reference/attention.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "reference/dequantize.h"
#include "reference/quantize.h"

namespace hearth::reference {

namespace {

// The whole cache as floats [capacity, nKvHeads, headDim].
std::vector<float> dequantizeCache(const ops::KvCacheLayout& layout,
                                   std::span<const uint8_t> cache) {
    const size_t rowValues = size_t{layout.nKvHeads} * layout.headDim;
    std::vector<float> values(rowValues * layout.capacity);
    for (uint32_t pos = 0; pos < layout.capacity; ++pos) {
        dequantizeRow(layout.type, cache.data() + pos * layout.rowBytes(),
                      values.data() + pos * rowValues, static_cast<int64_t>(rowValues));
    }
    return values;
}

}  // namespace

void kvWrite(const ops::KvCacheLayout& layout, const float* rows, uint8_t* cache, uint32_t pos0,
             uint32_t nTokens) {
    const size_t rowValues = size_t{layout.nKvHeads} * layout.headDim;
    for (uint32_t t = 0; t < nTokens; ++t) {
        quantizeRow(layout.type, rows + t * rowValues, cache + (pos0 + t) * layout.rowBytes(),
                    static_cast<int64_t>(rowValues));
    }
}

void attention(const ops::KvCacheLayout& layout, std::span<const float> q,
               std::span<const uint8_t> kCache, std::span<const uint8_t> vCache, float* out,
               uint32_t nTokens, uint32_t nHeads, uint32_t pos0, float scale) {
    const std::vector<float> k = dequantizeCache(layout, kCache);
    const std::vector<float> v = dequantizeCache(layout, vCache);
    const size_t headDim = layout.headDim;
    const uint32_t group = nHeads / layout.nKvHeads;
    std::vector<double> scores, acc(headDim);
    for (uint32_t t = 0; t < nTokens; ++t) {
        const uint32_t positions = pos0 + t + 1;
        for (uint32_t h = 0; h < nHeads; ++h) {
            const float* qh = q.data() + (size_t{t} * nHeads + h) * headDim;
            const size_t kvHead = h / group;
            auto kvRow = [&](const std::vector<float>& cache, uint32_t pos) {
                return cache.data() + (size_t{pos} * layout.nKvHeads + kvHead) * headDim;
            };
            scores.assign(positions, 0.0);
            for (uint32_t j = 0; j < positions; ++j) {
                const float* kj = kvRow(k, j);
                double dot = 0;
                for (size_t d = 0; d < headDim; ++d) dot += double{qh[d]} * kj[d];
                scores[j] = dot * scale;
            }
            const double maxScore = *std::max_element(scores.begin(), scores.end());
            double sum = 0;
            std::fill(acc.begin(), acc.end(), 0.0);
            for (uint32_t j = 0; j < positions; ++j) {
                const double w = std::exp(scores[j] - maxScore);
                sum += w;
                const float* vj = kvRow(v, j);
                for (size_t d = 0; d < headDim; ++d) acc[d] += w * vj[d];
            }
            float* o = out + (size_t{t} * nHeads + h) * headDim;
            for (size_t d = 0; d < headDim; ++d) o[d] = static_cast<float>(acc[d] / sum);
        }
    }
}

}  // namespace hearth::reference

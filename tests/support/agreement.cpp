#include "support/agreement.h"

#include <algorithm>
#include <cmath>

namespace hearth::testing {

Agreement measureAgreement(const std::vector<std::vector<float>>& reference,
                           const std::vector<TopLogprobs>& other) {
    Agreement a;
    size_t agree = 0;
    double deltaSum = 0;
    const size_t positions = std::min(reference.size(), other.size());
    for (size_t pos = 0; pos < positions; ++pos) {
        const std::vector<float>& logits = reference[pos];
        double maxLogit = -INFINITY, sum = 0;
        for (float l : logits) maxLogit = std::max<double>(maxLogit, l);
        for (float l : logits) sum += std::exp(l - maxLogit);
        std::vector<size_t> order(logits.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::partial_sort(order.begin(), order.begin() + 2, order.end(),
                          [&](size_t x, size_t y) { return logits[x] > logits[y]; });
        const int32_t best = static_cast<int32_t>(order[0]);
        const double referenceTop = logits[order[0]] - maxLogit - std::log(sum);
        const TopLogprobs& top = other[pos];
        const auto found =
            std::find_if(top.begin(), top.end(), [&](const auto& e) { return e.first == best; });
        deltaSum +=
            std::abs((found != top.end() ? found->second : top.back().second) - referenceTop);
        if (logits[order[0]] - logits[order[1]] >= 0.05) {
            ++a.decisive;
            agree += top.front().first == best;
        }
    }
    a.top1 = a.decisive ? static_cast<double>(agree) / a.decisive : 0;
    a.meanDeltaLogp = positions ? deltaSum / positions : 0;
    return a;
}

}  // namespace hearth::testing

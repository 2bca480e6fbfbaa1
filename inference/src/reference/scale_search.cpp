#include "reference/scale_search.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace hearth::quant {
namespace {

int clampLevel(int level, int low, int high) {
    return std::max(low, std::min(high, level));
}

// The value with the largest magnitude, sign kept; the first one wins a tie.
float signedAbsMax(const float* x, int n) {
    float absMax = 0.0f;
    float signedMax = 0.0f;
    for (int i = 0; i < n; ++i) {
        if (std::fabs(x[i]) > absMax) {
            absMax = std::fabs(x[i]);
            signedMax = x[i];
        }
    }
    return signedMax;
}

float weightedError(float diff, bool absolute) {
    return absolute ? std::fabs(diff) : diff * diff;
}

// Weighted sums of a symmetric quantization at one inverse scale, weights x^2.
struct SymmetricSums {
    float sumXL = 0.0f;  // sum w * x * level
    float sumL2 = 0.0f;  // sum w * level^2
};

SymmetricSums symmetricSums(const float* x, int n, int maxLevel, float inverseScale) {
    SymmetricSums sums;
    for (int i = 0; i < n; ++i) {
        const int level = clampLevel(nearestInt(inverseScale * x[i]), -maxLevel, maxLevel - 1);
        const float w = x[i] * x[i];
        sums.sumXL += w * x[i] * static_cast<float>(level);
        sums.sumL2 += w * static_cast<float>(level) * static_cast<float>(level);
    }
    return sums;
}

void storeSymmetricLevels(const float* x, int n, int maxLevel, float inverseScale, int8_t* levels) {
    for (int i = 0; i < n; ++i) {
        const int level = clampLevel(nearestInt(inverseScale * x[i]), -maxLevel, maxLevel - 1);
        levels[i] = static_cast<int8_t>(level + maxLevel);
    }
}

}  // namespace

AffineFit fitAffineLevels(const float* x, const float* weights, int n, int maxLevel,
                          const AffineSearch& search, uint8_t* levels) {
    assert(n > 0 && n <= 32 && search.steps >= 1);
    float lo = x[0];
    float hi = x[0];
    float sumW = weights[0];
    float sumWX = sumW * x[0];
    for (int i = 1; i < n; ++i) {
        lo = std::min(lo, x[i]);
        hi = std::max(hi, x[i]);
        sumW += weights[i];
        sumWX += weights[i] * x[i];
    }
    // A group that is all positive still starts at zero: a positive min would be stored
    // negated and the format has no sign for it.
    lo = std::min(lo, 0.0f);
    if (hi == lo) {
        std::fill(levels, levels + n, uint8_t{0});
        return {0.0f, -lo};
    }

    float inverseScale = static_cast<float>(maxLevel) / (hi - lo);
    float scale = 1 / inverseScale;
    float bestError = 0.0f;
    for (int i = 0; i < n; ++i) {
        const int level = nearestInt(inverseScale * (x[i] - lo));
        levels[i] = static_cast<uint8_t>(clampLevel(level, 0, maxLevel));
        const float diff = scale * static_cast<float>(levels[i]) + lo - x[i];
        bestError += weights[i] * weightedError(diff, search.absoluteError);
    }

    uint8_t trial[32];
    for (int step = 0; step <= search.steps; ++step) {
        // `lo` may have moved to a better fitted min by now; the grid follows it, as in ggml.
        inverseScale = (search.firstOffset + search.step * static_cast<float>(step) +
                        static_cast<float>(maxLevel)) /
                       (hi - lo);
        float sumL = 0.0f;
        float sumL2 = 0.0f;
        float sumXL = 0.0f;
        for (int i = 0; i < n; ++i) {
            const int level = clampLevel(nearestInt(inverseScale * (x[i] - lo)), 0, maxLevel);
            trial[i] = static_cast<uint8_t>(level);
            const float w = weights[i];
            const auto l = static_cast<float>(level);
            sumL += w * l;
            sumL2 += w * l * l;
            sumXL += w * l * x[i];
        }
        // Weighted least squares for x ≈ scale * level + offset, solved in closed form.
        const float det = sumW * sumL2 - sumL * sumL;
        if (!(det > 0)) {
            continue;
        }
        float trialScale = (sumW * sumXL - sumWX * sumL) / det;
        float trialOffset = (sumL2 * sumWX - sumL * sumXL) / det;
        if (trialOffset > 0) {
            trialOffset = 0;
            trialScale = sumXL / sumL2;
        }
        float error = 0.0f;
        for (int i = 0; i < n; ++i) {
            const float diff = trialScale * static_cast<float>(trial[i]) + trialOffset - x[i];
            error += weights[i] * weightedError(diff, search.absoluteError);
        }
        if (error < bestError) {
            std::copy(trial, trial + n, levels);
            bestError = error;
            scale = trialScale;
            lo = trialOffset;
        }
    }
    return {scale, -lo};
}

float fitSymmetricLevels(const float* x, int n, int maxLevel, int8_t* levels) {
    const float max = signedAbsMax(x, n);
    if (std::fabs(max) < kGroupMaxEps) {
        std::fill(levels, levels + n, int8_t{0});
        return 0.0f;
    }
    // The largest magnitude maps to level -maxLevel: the signed range has one more level below
    // zero than above, so that end gets the extreme value.
    float inverseScale = static_cast<float>(-maxLevel) / max;
    storeSymmetricLevels(x, n, maxLevel, inverseScale, levels);
    SymmetricSums sums = symmetricSums(x, n, maxLevel, inverseScale);
    float scale = sums.sumL2 != 0 ? sums.sumXL / sums.sumL2 : 0.0f;
    // For the least-squares scale the error is sum(w x^2) - sumXL^2 / sumL2, so maximising
    // sumXL^2 / sumL2 (compared without dividing) minimises the error.
    float best = scale * sums.sumXL;
    for (int step = -9; step <= 9; ++step) {
        if (step == 0) {
            continue;
        }
        inverseScale = -(static_cast<float>(maxLevel) + 0.1f * static_cast<float>(step)) / max;
        sums = symmetricSums(x, n, maxLevel, inverseScale);
        if (sums.sumL2 > 0 && sums.sumXL * sums.sumXL > best * sums.sumL2) {
            storeSymmetricLevels(x, n, maxLevel, inverseScale, levels);
            scale = sums.sumXL / sums.sumL2;
            best = scale * sums.sumXL;
        }
    }
    return scale;
}

float fitSymmetricLevelsIteratively(const float* x, int n, int maxLevel, int8_t* levels) {
    const float max = signedAbsMax(x, n);
    if (std::fabs(max) < kGroupMaxEps) {
        std::fill(levels, levels + n, int8_t{0});
        return 0.0f;
    }
    const float inverseScale = static_cast<float>(-maxLevel) / max;
    float sumXL = 0.0f;
    float sumL2 = 0.0f;
    for (int i = 0; i < n; ++i) {
        const int level = clampLevel(nearestInt(inverseScale * x[i]), -maxLevel, maxLevel - 1);
        levels[i] = static_cast<int8_t>(level);
        const float w = x[i] * x[i];
        sumXL += w * x[i] * static_cast<float>(level);
        sumL2 += w * static_cast<float>(level) * static_cast<float>(level);
    }
    // Coordinate descent: re-round one value at the scale the others imply, and keep the move
    // if it raises sumXL^2 / sumL2 (which lowers the least-squares error).
    for (int pass = 0; pass < 5; ++pass) {
        int changed = 0;
        for (int i = 0; i < n; ++i) {
            const float w = x[i] * x[i];
            const auto old = static_cast<float>(levels[i]);
            float otherXL = sumXL - w * x[i] * old;
            if (!(otherXL > 0)) {
                continue;
            }
            float otherL2 = sumL2 - w * old * old;
            const int level =
                clampLevel(nearestInt(x[i] * otherL2 / otherXL), -maxLevel, maxLevel - 1);
            if (level == levels[i]) {
                continue;
            }
            const auto l = static_cast<float>(level);
            otherXL += w * x[i] * l;
            otherL2 += w * l * l;
            if (otherL2 > 0 && otherXL * otherXL * sumL2 > sumXL * sumXL * otherL2) {
                levels[i] = static_cast<int8_t>(level);
                sumXL = otherXL;
                sumL2 = otherL2;
                ++changed;
            }
        }
        if (changed == 0) {
            break;
        }
    }
    for (int i = 0; i < n; ++i) {
        levels[i] = static_cast<int8_t>(levels[i] + maxLevel);
    }
    return sumL2 > 0.0f ? sumXL / sumL2 : 0.0f;
}

}  // namespace hearth::quant

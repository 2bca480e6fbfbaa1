// Scale searches behind the K-quant reference quantizers (private to reference/).
//
// Each one picks integer levels for a small group of values and the float scale (and min) that
// reproduces them best, the way ggml's reference quantizers do. They follow ggml's arithmetic
// operation for operation: the chosen levels decide the file bytes, and a different rounding
// in one sum can flip a level, so "the same algorithm" is not enough to stay byte-identical.
#pragma once

#include <cstdint>
#include <cstring>

namespace hearth::quant {

// Round to nearest, ties to even, via the 1.5 * 2^23 trick rather than std::lrint: both agree
// for |value| < 2^22, and beyond that (degenerate inputs) we still produce ggml's bytes.
inline int nearestInt(float value) {
    const float shifted = value + 12582912.0f;
    int32_t bits = 0;
    std::memcpy(&bits, &shifted, sizeof(bits));
    return (bits & 0x007fffff) - 0x00400000;
}

// Below this absolute maximum a group counts as all zeros (ggml's GROUP_MAX_EPS).
inline constexpr float kGroupMaxEps = 1e-15f;

// value ≈ scale * level - min, with 0 <= level <= maxLevel and min >= 0 (the group's minimum
// is never allowed above zero).
struct AffineFit {
    float scale;
    float min;
};

// The grid of inverse scales tried: (maxLevel + firstOffset + step * i) / range, i = 0..steps.
struct AffineSearch {
    float firstOffset;
    float step;
    int steps;
    bool absoluteError;  // minimise weighted |error| instead of weighted error^2
};

// ggml's make_qkx2_quants: for each trial scale, levels by rounding, then the weighted
// least-squares scale and min for those levels; keeps the trial with the lowest error.
AffineFit fitAffineLevels(const float* x, const float* weights, int n, int maxLevel,
                          const AffineSearch& search, uint8_t* levels);

// ggml's make_qx_quants with weights x^2 (rmse_type 1, no importance): symmetric levels
// -maxLevel..maxLevel-1, stored offset by maxLevel; tries 18 perturbed scales around
// maxLevel / amax and keeps the best least-squares fit. Returns the scale (signed: it maps the
// level -maxLevel to the value of largest magnitude).
float fitSymmetricLevels(const float* x, int n, int maxLevel, int8_t* levels);

// ggml's make_q3_quants with do_rmse: starts from levels at scale maxLevel / amax, then moves
// one level at a time while the x^2-weighted least-squares fit improves (at most 5 passes).
// Levels are stored offset by maxLevel. Returns the fitted scale.
float fitSymmetricLevelsIteratively(const float* x, int n, int maxLevel, int8_t* levels);

}  // namespace hearth::quant

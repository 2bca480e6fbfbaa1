#include "reference/rope.h"

#include <algorithm>
#include <cmath>

namespace hearth::reference {

void rope(const float* x, const int32_t* positions, const float* freqFactors, float* out,
          size_t tokens, size_t heads, size_t headDim, const ops::RopeParams& params) {
    const size_t nRot = params.nRot;
    const double freqScale = params.freqScale, extFactor = params.extFactor;
    double mscale = params.attnFactor;
    if (extFactor != 0.0) mscale *= 1.0 + 0.1 * std::log(1.0 / freqScale);
    const double rampWidth = std::max(0.001, static_cast<double>(params.corrHigh) - params.corrLow);

    for (size_t t = 0; t < tokens; ++t) {
        for (size_t h = 0; h < heads; ++h) {
            const float* src = x + (t * heads + h) * headDim;
            float* dst = out + (t * heads + h) * headDim;
            std::copy(src + nRot, src + headDim, dst + nRot);
            for (size_t i = 0; i < nRot / 2; ++i) {
                double thetaExtrap = positions[t] * std::pow(static_cast<double>(params.base),
                                                             -2.0 * static_cast<double>(i) / nRot);
                if (freqFactors) thetaExtrap /= freqFactors[i];
                double theta = freqScale * thetaExtrap;
                if (extFactor != 0.0) {
                    const double y = (static_cast<double>(i) - params.corrLow) / rampWidth;
                    const double rampMix = (1.0 - std::clamp(y, 0.0, 1.0)) * extFactor;
                    theta = theta * (1.0 - rampMix) + thetaExtrap * rampMix;
                }
                const double c = std::cos(theta) * mscale, s = std::sin(theta) * mscale;
                const bool neox = params.style == ops::RopeStyle::NeoX;
                const size_t i0 = neox ? i : 2 * i, i1 = neox ? i + nRot / 2 : 2 * i + 1;
                const double x0 = src[i0], x1 = src[i1];
                dst[i0] = static_cast<float>(x0 * c - x1 * s);
                dst[i1] = static_cast<float>(x0 * s + x1 * c);
            }
        }
    }
}

}  // namespace hearth::reference

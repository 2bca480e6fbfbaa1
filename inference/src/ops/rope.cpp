#include "ops/rope.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "ops/range_check.h"

namespace hearth::ops {

namespace {

// ggml_rope_yarn_corr_dim: the dim at which `rotations` full turns fit in the original context.
// Computed in float, as ggml does, so the floor and ceil land on the same integers.
float yarnCorrDim(uint32_t nRot, uint32_t originalContext, float rotations, float base) {
    return static_cast<float>(nRot) *
           std::log(static_cast<float>(originalContext) /
                    (rotations * 2.0f * std::numbers::pi_v<float>)) /
           (2.0f * std::log(base));
}

}  // namespace

RopeParams RopeParams::standard(RopeStyle style, uint32_t nRot, float base) {
    RopeParams p;
    p.style = style;
    p.nRot = nRot;
    p.base = base;
    return p;
}

RopeParams RopeParams::yarn(RopeStyle style, uint32_t nRot, float base, float freqScale,
                            float extFactor, float attnFactor, float betaFast, float betaSlow,
                            uint32_t originalContext) {
    RopeParams p = standard(style, nRot, base);
    p.freqScale = freqScale;
    p.extFactor = extFactor;
    p.attnFactor = attnFactor;
    // ggml_rope_yarn_corr_dims: start and end of the ramp, clamped to the rotated pairs.
    const float start = std::floor(yarnCorrDim(nRot, originalContext, betaFast, base));
    const float end = std::ceil(yarnCorrDim(nRot, originalContext, betaSlow, base));
    p.corrLow = std::max(0.0f, start);
    p.corrHigh = std::min(static_cast<float>(nRot) - 1.0f, end);
    return p;
}

float RopeParams::magnitudeScale() const {
    if (extFactor == 0.0f) return attnFactor;
    return attnFactor * (1.0f + 0.1f * std::log(1.0f / freqScale));
}

std::vector<float> llama3FreqFactors(uint32_t nRot, float base, const Llama3RopeScaling& s) {
    // convert_hf_to_gguf.py (LlamaModel, rope_type "llama3"), computed in double.
    const double lowFreqWavelen = s.originalContext / static_cast<double>(s.lowFreqFactor);
    const double highFreqWavelen = s.originalContext / static_cast<double>(s.highFreqFactor);
    std::vector<float> factors(nRot / 2);
    for (uint32_t i = 0; i < nRot / 2; ++i) {
        const double freq = std::pow(static_cast<double>(base), -2.0 * i / nRot);
        const double wavelen = 2.0 * std::numbers::pi / freq;
        double factor;
        if (wavelen < highFreqWavelen) {
            factor = 1.0;
        } else if (wavelen > lowFreqWavelen) {
            factor = s.factor;
        } else {
            const double smooth = (s.originalContext / wavelen - s.lowFreqFactor) /
                                  (static_cast<double>(s.highFreqFactor) - s.lowFreqFactor);
            factor = 1.0 / ((1.0 - smooth) / s.factor + smooth);
        }
        factors[i] = static_cast<float>(factor);
    }
    return factors;
}

Status rope(OpContext& ctx, vk::BufferRange x, vk::BufferRange positions,
            vk::BufferRange freqFactors, vk::BufferRange out, uint32_t tokens, uint32_t heads,
            uint32_t headDim, const RopeParams& params) {
    const uint64_t rows = uint64_t{tokens} * heads;
    const uint64_t elements = rows * headDim;
    if (elements == 0) return Status::error("internal error: rope with an empty shape");
    if (elements > UINT32_MAX) {
        return Status::error("internal error: rope shape exceeds 32-bit indexing");
    }
    if (headDim % 2 != 0) return Status::error("internal error: rope needs an even head size");
    if (params.nRot == 0 || params.nRot % 2 != 0 || params.nRot > headDim) {
        return Status::error("internal error: rope needs an even nRot between 2 and the head size");
    }
    if (!std::isfinite(params.base) || params.base <= 0.0f || !std::isfinite(params.freqScale) ||
        params.freqScale <= 0.0f) {
        return Status::error("internal error: rope base and freqScale must be positive and finite");
    }
    const bool hasFreqFactors = freqFactors.buffer != nullptr;
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("rope", "x", x, elements * 4));
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("rope", "positions", positions, uint64_t{tokens} * 4));
    if (hasFreqFactors) {
        HEARTH_RETURN_IF_ERROR(
            checkRangeHolds("rope", "freqFactors", freqFactors, uint64_t{params.nRot / 2} * 4));
    }
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("rope", "out", out, elements * 4));

    const uint32_t groupSize = elementwiseGroupSize(ctx.device);
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline(
            {"rope",
             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer,
              vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer},
             sizeof(RopePush),
             {groupSize, params.style == RopeStyle::NeoX ? 1u : 0u, hasFreqFactors ? 1u : 0u}}));
    const RopePush push{
        static_cast<uint32_t>(rows),
        heads,
        headDim,
        params.nRot,
        static_cast<float>(-2.0 * std::log2(static_cast<double>(params.base)) / params.nRot),
        params.freqScale,
        params.extFactor,
        params.magnitudeScale(),
        params.corrLow,
        params.corrHigh};
    const vk::BufferRange positionRange = positions.sub(0, uint64_t{tokens} * 4);
    // Without factors the kernel never reads binding 2, but Vulkan wants a buffer there.
    const vk::BufferRange factorRange =
        hasFreqFactors ? freqFactors.sub(0, uint64_t{params.nRot / 2} * 4) : positionRange;
    const Grid grid = flatGrid(elements / 2, groupSize);  // one invocation per pair of dims
    return ctx.stream.dispatch(*pipeline,
                               {{x.sub(0, elements * 4), vk::Access::Read},
                                {positionRange, vk::Access::Read},
                                {factorRange, vk::Access::Read},
                                {out.sub(0, elements * 4), vk::Access::Write}},
                               push, grid.x, grid.y);
}

}  // namespace hearth::ops

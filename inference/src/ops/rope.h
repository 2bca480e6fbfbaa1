// Rotary position embedding, as ggml's rope computes it (so models match llama.cpp), on f32
// x[tokens, heads, headDim] with one int32 position per token. The first nRot dims of each head
// rotate by theta_i = pos * base^(-2i/nRot) for pair i, optionally divided by a per-pair
// frequency factor (llama3 scaling) and mixed per YaRN; dims from nRot on are copied unchanged.
// Out of place: out may be a separate range or the same range as x (rotation in place).
#pragma once

#include <cstdint>
#include <vector>

#include "hearth/status.h"
#include "ops/op_context.h"

namespace hearth::ops {

enum class RopeStyle : uint32_t {
    Normal,  // pairs (2i, 2i + 1): Llama-family GGUF models (Q and K were permuted on conversion)
    NeoX,    // pairs (i, i + nRot/2): Qwen2, GPT-NeoX
};

// What a model's metadata says about its rotation, in the form the kernel takes.
struct RopeParams {
    RopeStyle style = RopeStyle::Normal;
    uint32_t nRot = 0;        // rotated dims per head: even, at most headDim
    float base = 10000.0f;    // rope.freq_base
    float freqScale = 1.0f;   // position interpolation: 1 / context scaling factor
    float extFactor = 0.0f;   // YaRN extrapolation mix; 0 turns YaRN off
    float attnFactor = 1.0f;  // scales cos and sin
    float corrLow = 0.0f;     // YaRN: pairs below corrLow extrapolate fully,
    float corrHigh = 0.0f;    // pairs above corrHigh interpolate fully, a ramp between

    // Plain rope (no scaling).
    static RopeParams standard(RopeStyle style, uint32_t nRot, float base);
    // YaRN context extension; the correction dims follow ggml_rope_yarn_corr_dims.
    static RopeParams yarn(RopeStyle style, uint32_t nRot, float base, float freqScale,
                           float extFactor, float attnFactor, float betaFast, float betaSlow,
                           uint32_t originalContext);

    // attnFactor, times YaRN's magnitude correction 1 + 0.1 ln(1 / freqScale) when extFactor != 0.
    float magnitudeScale() const;
};

// llama3's rope scaling settings (rope_scaling in config.json), with Llama 3.1's values.
struct Llama3RopeScaling {
    float factor = 8.0f;
    float lowFreqFactor = 1.0f;
    float highFreqFactor = 4.0f;
    uint32_t originalContext = 8192;
};

// The nRot / 2 per-pair divisors of theta that llama.cpp stores as rope_freqs for llama3 models:
// 1 for short wavelengths, `factor` for long ones, a smooth blend between.
std::vector<float> llama3FreqFactors(uint32_t nRot, float base,
                                     const Llama3RopeScaling& scaling = {});

// Mirrors the push-constant block of shaders/rope.comp.
struct RopePush {
    uint32_t rows;  // tokens * heads
    uint32_t heads;
    uint32_t headDim;
    uint32_t nRot;
    float thetaScaleLog2;  // -2 log2(base) / nRot
    float freqScale;
    float extFactor;
    float mscale;  // RopeParams::magnitudeScale()
    float corrLow;
    float corrHigh;
};
static_assert(sizeof(RopePush) == 40);

// positions: [tokens] int32. freqFactors: [nRot / 2] f32, or a range with no buffer for none.
// Refuses an empty shape, an odd headDim, an nRot that is odd, 0 or above headDim, a base or
// freqScale that is not positive and finite, and ranges too small for the shape.
Status rope(OpContext& ctx, vk::BufferRange x, vk::BufferRange positions,
            vk::BufferRange freqFactors, vk::BufferRange out, uint32_t tokens, uint32_t heads,
            uint32_t headDim, const RopeParams& params);

}  // namespace hearth::ops

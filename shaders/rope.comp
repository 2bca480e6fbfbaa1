#version 450
#extension GL_GOOGLE_include_directive : require
// Rotary position embedding on x[token, head, 0..headDim), one invocation per pair of dims,
// following ggml's rope (YaRN included) so models match llama.cpp. Dims from nRot on are copied
// unchanged. out may be bound to the same memory as x: each invocation reads its two values
// before writing them, and no two invocations share a value.
// Push constants mirror RopePush in inference/src/ops/rope.h.
#include "elementwise.glsl"

// Pairs (i, i + nRot/2) when true (NeoX: Qwen2), else (2i, 2i + 1) (Llama GGUF).
layout(constant_id = 1) const bool NEOX = false;
// Divide theta_i by freqFactors[i] (llama3 scaling); when false binding 2 is a placeholder.
layout(constant_id = 2) const bool HAS_FREQ_FACTORS = false;

layout(push_constant) uniform Push {
    uint rows;  // tokens * heads
    uint heads;
    uint headDim;
    uint nRot;
    float thetaScaleLog2;  // -2 log2(base) / nRot: theta_i = pos * exp2(i * thetaScaleLog2)
    float freqScale;
    float extFactor;
    float mscale;  // attnFactor, with YaRN's magnitude correction folded in on the host
    float corrLow;
    float corrHigh;
} p;

layout(binding = 0) readonly buffer X { float x[]; };
layout(binding = 1) readonly buffer Positions { int positions[]; };
layout(binding = 2) readonly buffer FreqFactors { float freqFactors[]; };
layout(binding = 3) writeonly buffer Out { float outValues[]; };

// theta reduced to about [-pi, pi] with 2*pi split in two (Cody-Waite), k * TWO_PI_HI being exact
// for k < 2^16: at positions in the thousands theta reaches thousands of radians, where many
// devices' sin and cos lose digits. `precise` stops the compiler from refolding the two parts.
float reduceAngle(float theta) {
    const float TWO_PI_HI = 6.28125;  // 8 significant bits
    const float TWO_PI_LO = 1.9353071795864769e-3;
    const float k = round(theta * 0.15915494309189535);
    precise float reduced = (theta - k * TWO_PI_HI) - k * TWO_PI_LO;
    return reduced;
}

void main() {
    const uint halfDim = p.headDim / 2;
    const uint index = flatIndex();
    if (index >= p.rows * halfDim) return;
    const uint row = index / halfDim;
    const uint pair = index % halfDim;
    const uint base = row * p.headDim;

    if (pair >= p.nRot / 2) {  // past the rotated dims: dims 2 * pair and 2 * pair + 1 >= nRot
        const float a = x[base + 2 * pair], b = x[base + 2 * pair + 1];
        outValues[base + 2 * pair] = a;
        outValues[base + 2 * pair + 1] = b;
        return;
    }

    const float position = float(positions[row / p.heads]);
    float thetaExtrap = position * exp2(float(pair) * p.thetaScaleLog2);
    if (HAS_FREQ_FACTORS) thetaExtrap /= freqFactors[pair];
    float theta = p.freqScale * thetaExtrap;
    if (p.extFactor != 0.0) {  // YaRN: ramp from interpolated to extrapolated theta
        const float y = (float(pair) - p.corrLow) / max(0.001, p.corrHigh - p.corrLow);
        const float rampMix = (1.0 - min(1.0, max(0.0, y))) * p.extFactor;
        theta = theta * (1.0 - rampMix) + thetaExtrap * rampMix;
    }
    theta = reduceAngle(theta);
    const float cosTheta = cos(theta) * p.mscale;
    const float sinTheta = sin(theta) * p.mscale;

    const uint i0 = base + (NEOX ? pair : 2 * pair);
    const uint i1 = i0 + (NEOX ? p.nRot / 2 : 1);
    const float x0 = x[i0], x1 = x[i1];
    outValues[i0] = x0 * cosTheta - x1 * sinTheta;
    outValues[i1] = x0 * sinTheta + x1 * cosTheta;
}

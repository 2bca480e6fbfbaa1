#version 450
#extension GL_GOOGLE_include_directive : require
// Stores f32 K or V rows into the KV cache (layout in inference/src/ops/kv_write.h).
// KV_F16: one invocation per pair of values (one cache word).
// KV_Q8_0: one invocation per 32-value block, bytes identical to ggml's quantize_row_q8_0_ref.
// Push constants mirror KvWritePush in inference/src/ops/kv_write.h.
#include "elementwise.glsl"

layout(push_constant) uniform Push {
    uint units;             // value pairs (F16) or blocks (Q8_0) to write
    uint firstUnit;         // index of the first one, counted from the cache's start
    uint unitsPerPosition;  // units of one cache position (all heads)
    uint capacityUnits;     // units the cache holds: nothing is written past them
} p;

layout(binding = 0) readonly buffer Rows { float rows[]; };
layout(binding = 1) buffer Cache { uint cache[]; };

// With POSITION_BUFFER the first position written is read when the kernel runs, from the first
// int32 of binding 2, so a recorded decode step can be replayed at every position.
#ifdef POSITION_BUFFER
layout(binding = 2) readonly buffer Positions { int positions[]; };
uint firstUnit() { return uint(positions[0]) * p.unitsPerPosition; }
#else
uint firstUnit() { return p.firstUnit; }
#endif

#ifdef KV_Q8_0
const uint kBlockValues = 32u;
const uint kBlockBytes = 34u;
const uint kRcp127Bits = 0x3C010204u;  // 1/127 rounded to nearest

// a / 127 rounded to nearest, as the C reference computes it: Vulkan lets a division be off by
// 2.5 ulp, and one ulp in the scale changes the quants. Markstein's correction step makes
// q * 127 + r exact and rounds once.
float divideBy127(float a) {
    const float kRcp127 = uintBitsToFloat(kRcp127Bits);
    precise float q = a * kRcp127;
    precise float r = fma(-q, 127.0, a);
    precise float result = fma(r, kRcp127, q);
    return result;
}

// 1 / d rounded to nearest, for the same reason: a Newton step from the driver's estimate.
float reciprocal(float d) {
    precise float y = 1.0 / d;
    precise float r = fma(-d, y, 1.0);
    precise float result = fma(r, y, y);
    return result;
}

// C's roundf: halves away from zero (GLSL's round() may pick either way at .5).
float roundHalfAway(float v) {
    const float t = trunc(v);
    return abs(v - t) >= 0.5 ? t + sign(v) : t;
}

// Blocks are 2-byte aligned, so one word of every even/odd pair of blocks holds bytes of both:
// bytes of such a word are merged atomically, the others stored plainly.
void storeBytes(uint word, uint value, uint mask) {
    if (mask == 0xFFFFFFFFu) {
        cache[word] = value;
    } else {
        atomicAnd(cache[word], ~mask);
        atomicOr(cache[word], value & mask);
    }
}

void main() {
    const uint unit = flatIndex();
    if (unit >= p.units || firstUnit() + unit >= p.capacityUnits) return;
    const uint src = unit * kBlockValues;
    float amax = 0.0;
    for (uint j = 0u; j < kBlockValues; ++j) amax = max(abs(rows[src + j]), amax);
    const float d = divideBy127(amax);
    const float id = d != 0.0 ? reciprocal(d) : 0.0;

    // The block's 34 bytes: fp16 d, then 32 int8 quants.
    uint bytes[kBlockBytes];
    const uint dBits = packHalf2x16(vec2(d, 0.0));
    bytes[0] = dBits & 0xFFu;
    bytes[1] = (dBits >> 8) & 0xFFu;
    for (uint j = 0u; j < kBlockValues; ++j) {
        precise float scaled = rows[src + j] * id;
        bytes[2u + j] = uint(int(roundHalfAway(scaled))) & 0xFFu;
    }

    const uint begin = (firstUnit() + unit) * kBlockBytes, end = begin + kBlockBytes;
    for (uint word = begin / 4u; word * 4u < end; ++word) {
        uint value = 0u, mask = 0u;
        for (uint k = 0u; k < 4u; ++k) {
            const uint at = word * 4u + k;
            if (at < begin || at >= end) continue;
            value |= bytes[at - begin] << (8u * k);
            mask |= 0xFFu << (8u * k);
        }
        storeBytes(word, value, mask);
    }
}
#else  // KV_F16
void main() {
    const uint unit = flatIndex();
    if (unit >= p.units || firstUnit() + unit >= p.capacityUnits) return;
    cache[firstUnit() + unit] = packHalf2x16(vec2(rows[2u * unit], rows[2u * unit + 1u]));
}
#endif

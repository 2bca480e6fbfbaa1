#version 450
#extension GL_GOOGLE_include_directive : require
// Index of the largest value of each row of logits: ties go to the lowest index, NaN never
// wins, and a row with no non-NaN value gives 0xFFFFFFFF. One workgroup per row; each
// invocation scans a strided slice, then the group reduces pairwise.
// Push constants mirror ArgmaxPush in inference/src/ops/argmax.h.

layout(local_size_x_id = 0) in;
layout(constant_id = 0) const uint WG = 256;  // workgroup size, a power of two

layout(push_constant) uniform Push {
    uint rows;
    uint n;
} p;

layout(binding = 0) readonly buffer Logits { float logits[]; };  // [rows, n]
layout(binding = 1) writeonly buffer Out { uint best[]; };      // [rows]

const uint kNone = 0xFFFFFFFFu;

shared float sharedValue[WG];
shared uint sharedIndex[WG];

// Whether (value, index) beats the current best (bestIndex == kNone: nothing yet).
bool beats(float value, uint index, float bestValue, uint bestIndex) {
    if (index == kNone) return false;
    if (bestIndex == kNone) return true;
    return value > bestValue || (value == bestValue && index < bestIndex);
}

void main() {
    const uint row = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    if (row >= p.rows) return;  // uniform across the group
    const uint lane = gl_LocalInvocationID.x;
    const uint base = row * p.n;

    // Indices rise along the slice, so a strict > keeps the lowest index of a tie.
    float bestValue = 0.0;
    uint bestIndex = kNone;
    for (uint i = lane; i < p.n; i += WG) {
        const float v = logits[base + i];
        if (!isnan(v) && (bestIndex == kNone || v > bestValue)) {
            bestValue = v;
            bestIndex = i;
        }
    }
    sharedValue[lane] = bestValue;
    sharedIndex[lane] = bestIndex;
    barrier();
    for (uint stride = WG / 2u; stride > 0u; stride /= 2u) {
        if (lane < stride && beats(sharedValue[lane + stride], sharedIndex[lane + stride],
                                 sharedValue[lane], sharedIndex[lane])) {
            sharedValue[lane] = sharedValue[lane + stride];
            sharedIndex[lane] = sharedIndex[lane + stride];
        }
        barrier();
    }
    if (lane == 0u) best[row] = sharedIndex[0];
}

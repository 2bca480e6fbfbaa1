#version 450
#extension GL_GOOGLE_include_directive : require
// The k largest values of each row of logits and their indices, sorted descending; ties go to
// the lower index first and NaN is never picked. One workgroup per row: each invocation keeps
// a sorted private top-k of a strided slice, then every kept entry finds its rank in the union
// of the lists (by binary search in each) and entries ranked below k are written there.
// Output row r (uint[]): k indices at [r*2k, r*2k+k), the k values' float bits after them.
// Slots past the row's count of non-NaN values hold index 0xFFFFFFFF and value -inf.
// Push constants mirror TopKPush in inference/src/ops/top_k.h.

layout(local_size_x_id = 0) in;
layout(constant_id = 0) const uint WG = 32;  // workgroup size

layout(push_constant) uniform Push {
    uint rows;
    uint n;
    uint k;  // 1 .. kMaxK
} p;

layout(binding = 0) readonly buffer Logits { float logits[]; };  // [rows, n]
layout(binding = 1) writeonly buffer Out { uint result[]; };     // [rows, 2k]

const uint kMaxK = 64u;  // TopKPush's limit in top_k.h
const uint kNone = 0xFFFFFFFFu;

// Every invocation's list, side by side: WG * 64 * 8 bytes (16 KiB for 32 invocations).
shared float listValue[WG * kMaxK];
shared uint listIndex[WG * kMaxK];
shared uint listCount[WG];

// The order of the output: larger value first, then lower index.
bool beats(float value, uint index, float otherValue, uint otherIndex) {
    return value > otherValue || (value == otherValue && index < otherIndex);
}

// How many entries of invocation `list`'s sorted list beat (value, index).
uint countBeating(uint list, float value, uint index) {
    uint lo = 0u, hi = listCount[list];
    while (lo < hi) {
        const uint mid = (lo + hi) / 2u;
        const uint at = list * kMaxK + mid;
        if (beats(listValue[at], listIndex[at], value, index)) {
            lo = mid + 1u;
        } else {
            hi = mid;
        }
    }
    return lo;
}

void main() {
    const uint row = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    if (row >= p.rows) return;  // uniform across the group
    const uint lane = gl_LocalInvocationID.x;
    const uint base = row * p.n, mine = lane * kMaxK;

    // Insertion into the private list; indices rise along the slice, so a value equal to a
    // kept one ranks after it and strict comparisons keep ties in index order.
    float values[kMaxK];
    uint indices[kMaxK];
    uint count = 0u;
    for (uint i = lane; i < p.n; i += WG) {
        const float v = logits[base + i];
        if (isnan(v) || (count == p.k && !(v > values[p.k - 1u]))) continue;
        uint j = count < p.k ? count : p.k - 1u;
        count = min(count + 1u, p.k);
        while (j > 0u && v > values[j - 1u]) {
            values[j] = values[j - 1u];
            indices[j] = indices[j - 1u];
            --j;
        }
        values[j] = v;
        indices[j] = i;
    }
    for (uint j = 0u; j < count; ++j) {
        listValue[mine + j] = values[j];
        listIndex[mine + j] = indices[j];
    }
    listCount[lane] = count;
    barrier();

    // An entry ranked below k globally is ranked below k in its own list, so ranks computed
    // over the lists are the true ranks; indices are unique, so ranks never collide.
    const uint outBase = row * 2u * p.k;
    uint total = 0u;
    for (uint list = 0u; list < WG; ++list) total += listCount[list];
    for (uint j = 0u; j < count; ++j) {
        uint rank = j;
        for (uint list = 0u; list < WG; ++list) {
            if (list != lane) rank += countBeating(list, values[j], indices[j]);
        }
        if (rank < p.k) {
            result[outBase + rank] = indices[j];
            result[outBase + p.k + rank] = floatBitsToUint(values[j]);
        }
    }
    for (uint slot = total + lane; slot < p.k; slot += WG) {
        result[outBase + slot] = kNone;
        result[outBase + p.k + slot] = 0xFF800000u;  // -inf
    }
}

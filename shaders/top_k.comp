#version 450
#extension GL_GOOGLE_include_directive : require
// The k largest values of each row of logits and their indices, sorted descending; ties go to
// the lower index first and NaN is never picked. One workgroup per row: each invocation keeps
// a private top-k of a strided slice (a heap, then sorted), then every kept entry finds its rank in the union
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

// Puts (v, index) at slot j of a heap of `size` entries whose root ranks last, moving it down
// past children that rank after it.
void siftDown(inout float values[kMaxK], inout uint indices[kMaxK], uint j, uint size, float v,
              uint index) {
    while (true) {
        uint child = 2u * j + 1u;
        if (child >= size) break;
        if (child + 1u < size &&
            beats(values[child], indices[child], values[child + 1u], indices[child + 1u]))
            ++child;  // the later-ranked child
        if (!beats(v, index, values[child], indices[child])) break;
        values[j] = values[child];
        indices[j] = indices[child];
        j = child;
    }
    values[j] = v;
    indices[j] = index;
}

void main() {
    const uint row = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    if (row >= p.rows) return;  // uniform across the group
    const uint lane = gl_LocalInvocationID.x;
    const uint base = row * p.n, mine = lane * kMaxK;

    // Phase 1: each invocation keeps the best k of its strided slice in a heap whose root is
    // the entry that ranks last, so an insertion costs log2(k) steps. (A sorted list costs up
    // to k steps per insertion, and lavapipe ends every loop of an invocation after 65535
    // iterations in total: a rising row inserts at every element.) Indices rise along the
    // slice, so an equal value arriving later ranks after the kept one and is not taken.
    float values[kMaxK];
    uint indices[kMaxK];
    uint count = 0u;
    for (uint i = lane; i < p.n; i += WG) {
        const float v = logits[base + i];
        if (isnan(v)) continue;
        if (count < p.k) {  // grow the heap: sift the new entry up
            uint j = count++;
            while (j > 0u) {
                const uint parent = (j - 1u) / 2u;
                if (!beats(values[parent], indices[parent], v, i)) break;
                values[j] = values[parent];
                indices[j] = indices[parent];
                j = parent;
            }
            values[j] = v;
            indices[j] = i;
        } else if (beats(v, i, values[0], indices[0])) {
            siftDown(values, indices, 0u, count, v, i);
        }
    }
    // Heap sort: move the last-ranked entry to the end, repeatedly; best first when done.
    for (uint end = count; end > 1u; --end) {
        const float v = values[end - 1u];
        const uint index = indices[end - 1u];
        values[end - 1u] = values[0];
        indices[end - 1u] = indices[0];
        siftDown(values, indices, 0u, end - 1u, v, index);
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

#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// Causal attention over the KV cache with grouped-query heads, flash style: scores are never
// stored beyond one tile. One workgroup per (query head, token). The group walks the visible
// cache positions in tiles of WG: each invocation scores one position of the tile, then every
// invocation folds the tile into the online softmax (running max m, running sum l) and into
// its own slice of the output dimensions (value pairs lane, lane + WG, ...). No final
// cross-invocation reduction is needed, and private state stays a few registers.
// Query token t sits at position pos0 + t and sees positions 0 .. pos0 + t. With
// POSITION_BUFFER, pos0 is read when the kernel runs from the first int32 of binding 4, so a
// recorded decode step can be replayed at every position.
// Cache layout: inference/src/ops/kv_write.h; KV_F16 / KV_Q8_0 select the cache type.
// Push constants mirror AttentionPush in inference/src/ops/attention.h.

layout(local_size_x_id = 0) in;
layout(constant_id = 0) const uint WG = 64;  // workgroup size, at least 32 (see kMaxPairSlots)
// ATTENTION_CPU selects the shape for CPU devices (lavapipe), below: there, barriers and shared
// memory are loops over SIMD chunks, so each invocation owns one (token, head) outright.

layout(push_constant) uniform Push {
    uint nTokens;
    uint nHeads;
    uint nKvHeads;
    uint headDim;  // even, at most kMaxHeadDim; a multiple of 32 for Q8_0
    uint pos0;
    float scale;
    uint splitSize;  // CPU kernel: positions per part of a split sequence, 0 for one pass
    uint nSplits;
} p;

#ifdef POSITION_BUFFER
layout(binding = 4) readonly buffer Positions { int positions[]; };
uint firstQueryPosition() { return uint(positions[0]); }
#else
uint firstQueryPosition() { return p.pos0; }
#endif

#if defined(ATTENTION_CPU)
// One invocation per (token, head), no shared memory and no barrier: it scores every visible
// position in turn, folding each into its own online softmax and output accumulator. The
// caches are read through RGBA32UI texel buffers: one vector gather per fetch on lavapipe.
// HEAD_DIM is a specialization constant so that every loop but the one over positions unrolls:
// lavapipe ends all loops of an invocation after 65535 iterations in total (Mesa's loop
// limiter), so the position loop alone may count (see ops/attention.cpp).
layout(constant_id = 1) const uint HEAD_DIM = 128;
layout(binding = 0) readonly buffer Q { float q[]; };              // [nTokens, nHeads, headDim]
layout(binding = 1) uniform usamplerBuffer kTexels;                // [capacity, nKvHeads, headDim]
layout(binding = 2) uniform usamplerBuffer vTexels;                // [capacity, nKvHeads, headDim]
// [nTokens, nHeads, headDim], or split records [nTokens, nHeads, nSplits, headDim + 2]
layout(binding = 3) writeonly buffer Out { float outValues[]; };

const float kNoScore = -1.0e30;

#ifdef KV_Q8_0
// Row `row` of a Q8_0 cache: HEAD_DIM / 32 blocks of 34 bytes, 2-byte aligned.
#define DEFINE_LOAD_ROW(name, texels)                                                      \
    void name(uint row, out float v[HEAD_DIM]) {                                           \
        [[unroll]] for (uint b = 0u; b < HEAD_DIM / 32u; ++b) {                            \
            const uint offset = (row * (HEAD_DIM / 32u) + b) * 34u, first = offset / 4u;   \
            const bool startsMidWord = (offset & 2u) != 0u;                                \
            uint words[10];                                                                \
            [[unroll]] for (uint k = 0u; k < 10u; ++k)                                     \
                words[k] = texelFetch(texels, int((first + k) >> 2))[(first + k) & 3u];    \
            const float d = unpackHalf2x16(startsMidWord ? words[0] >> 16 : words[0]).x;  \
            [[unroll]] for (uint k = 0u; k < 8u; ++k) {                                    \
                const uint w = startsMidWord ? words[k + 1u]                               \
                                             : (words[k] >> 16) | (words[k + 1u] << 16);   \
                const vec4 quants = vec4(ivec4(w << 24, w << 16, w << 8, w) >> 24) * d;    \
                [[unroll]] for (uint c = 0u; c < 4u; ++c) v[32u * b + 4u * k + c] = quants[c]; \
            }                                                                              \
        }                                                                                  \
    }
#else  // KV_F16: eight halves per texel (rows are HEAD_DIM * 2 bytes, a multiple of 16)
#define DEFINE_LOAD_ROW(name, texels)                                       \
    void name(uint row, out float v[HEAD_DIM]) {                            \
        [[unroll]] for (uint t = 0u; t < HEAD_DIM / 8u; ++t) {              \
            const uvec4 w = texelFetch(texels, int(row * (HEAD_DIM / 8u) + t)); \
            [[unroll]] for (uint c = 0u; c < 4u; ++c) {                     \
                const vec2 pair = unpackHalf2x16(w[c]);                     \
                v[8u * t + 2u * c] = pair.x;                                \
                v[8u * t + 2u * c + 1u] = pair.y;                           \
            }                                                               \
        }                                                                   \
    }
#endif
DEFINE_LOAD_ROW(loadKeyRow, kTexels)
DEFINE_LOAD_ROW(loadValueRow, vTexels)

void main() {
    const uint id = gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * gl_NumWorkGroups.x * WG;
    const uint parts = max(p.nSplits, 1u);
    if (id >= p.nTokens * p.nHeads * parts) return;
    const uint part = id % parts, tokenHead = id / parts;
    const uint token = tokenHead / p.nHeads, head = tokenHead % p.nHeads;
    const uint kvHead = head / (p.nHeads / p.nKvHeads);
    const uint qBase = tokenHead * HEAD_DIM;
    float qs[HEAD_DIM], acc[HEAD_DIM], row[HEAD_DIM];
    [[unroll]] for (uint i = 0u; i < HEAD_DIM; ++i) {
        qs[i] = q[qBase + i] * p.scale;
        acc[i] = 0.0;
    }
    float m = kNoScore, l = 0.0;
    const uint positions = firstQueryPosition() + token + 1u;
    const uint first = part * p.splitSize;
    const uint last = p.nSplits == 0u ? positions : min(positions, first + p.splitSize);
    for (uint pos = first; pos < last; ++pos) {
        loadKeyRow(pos * p.nKvHeads + kvHead, row);
        float s = 0.0;
        [[unroll]] for (uint i = 0u; i < HEAD_DIM; ++i) s += qs[i] * row[i];
        const float newM = max(m, s);
        const float keep = exp(m - newM), weight = exp(s - newM);
        m = newM;
        l = l * keep + weight;
        loadValueRow(pos * p.nKvHeads + kvHead, row);
        [[unroll]] for (uint i = 0u; i < HEAD_DIM; ++i) acc[i] = acc[i] * keep + weight * row[i];
    }
    if (p.nSplits == 0u) {
        [[unroll]] for (uint i = 0u; i < HEAD_DIM; ++i) outValues[qBase + i] = acc[i] / l;
    } else {
        // A partial record for attention_combine.comp: unnormalized output, max, sum. A part past
        // this token's positions leaves l = 0 and so weighs nothing.
        const uint record = id * (HEAD_DIM + 2u);
        [[unroll]] for (uint i = 0u; i < HEAD_DIM; ++i) outValues[record + i] = acc[i];
        outValues[record + HEAD_DIM] = m;
        outValues[record + HEAD_DIM + 1u] = l;
    }
}

#else
layout(binding = 0) readonly buffer Q { float q[]; };             // [nTokens, nHeads, headDim]
layout(binding = 1) readonly buffer KCache { uint kWords[]; };     // [capacity, nKvHeads, headDim]
layout(binding = 2) readonly buffer VCache { uint vWords[]; };     // [capacity, nKvHeads, headDim]
layout(binding = 3) writeonly buffer Out { float outValues[]; };  // [nTokens, nHeads, headDim]

const uint kMaxHeadDim = 256u;
const uint kMaxPairSlots = kMaxHeadDim / 2u / 32u;  // value pairs one invocation owns, WG >= 32
// Below any real score but finite, so exp(kNoScore - m) is a clean 0 on every device.
const float kNoScore = -1.0e30;

shared float qScaled[kMaxHeadDim];
shared float tileScore[WG];
shared float tileWeight[WG];

#ifdef KV_Q8_0
const uint kBlockValues = 32u;
const uint kBlockBytes = 34u;

// Dot product of qScaled with the Q8_0 row `row`. A block's 34 bytes lie in 9 words; blocks are
// 2-byte aligned, so an even block's quants start mid-word and an odd block's scale sits in the
// upper half of its first word.
float keyDot(uint row) {
    float dotSum = 0.0;
    const uint blocks = p.headDim / kBlockValues;
    for (uint b = 0u; b < blocks; ++b) {
        const uint offset = (row * blocks + b) * kBlockBytes, first = offset / 4u;
        const bool startsMidWord = (offset & 2u) != 0u;
        const float d = unpackHalf2x16(startsMidWord ? kWords[first] >> 16 : kWords[first]).x;
        float blockSum = 0.0;
        for (uint k = 0u; k < 8u; ++k) {
            const uint w = startsMidWord ? kWords[first + k + 1u]
                                         : (kWords[first + k] >> 16) | (kWords[first + k + 1u] << 16);
            const vec4 quants = vec4(ivec4(w << 24, w << 16, w << 8, w) >> 24);
            const uint at = b * kBlockValues + 4u * k;
            blockSum += dot(quants, vec4(qScaled[at], qScaled[at + 1u], qScaled[at + 2u],
                                         qScaled[at + 3u]));
        }
        dotSum += d * blockSum;
    }
    return dotSum;
}

// Values 2 * pair and 2 * pair + 1 of V row `row`: two quants in one word (pairs never straddle).
vec2 valuePair(uint row, uint pair) {
    const uint blockOffset = (row * (p.headDim / kBlockValues) + pair / 16u) * kBlockBytes;
    const float d = unpackHalf2x16(vWords[blockOffset / 4u] >> ((blockOffset & 2u) * 8u)).x;
    const uint at = blockOffset + 2u + 2u * (pair % 16u);
    const uint bytes = vWords[at / 4u] >> ((at & 2u) * 8u);
    return d * vec2(int(bytes << 24) >> 24, int(bytes << 16) >> 24);
}
#else  // KV_F16: two halves per word
float keyDot(uint row) {
    float dotSum = 0.0;
    const uint words = p.headDim / 2u;
    for (uint i = 0u; i < words; ++i) {
        const vec2 k = unpackHalf2x16(kWords[row * words + i]);
        dotSum += qScaled[2u * i] * k.x + qScaled[2u * i + 1u] * k.y;
    }
    return dotSum;
}

vec2 valuePair(uint row, uint pair) { return unpackHalf2x16(vWords[row * (p.headDim / 2u) + pair]); }
#endif

void main() {
    const uint head = gl_WorkGroupID.x, token = gl_WorkGroupID.y, lane = gl_LocalInvocationID.x;
    const uint kvHead = head / (p.nHeads / p.nKvHeads);
    const uint qBase = (token * p.nHeads + head) * p.headDim;
    const uint pairs = p.headDim / 2u;
    for (uint i = lane; i < p.headDim; i += WG) qScaled[i] = q[qBase + i] * p.scale;
    barrier();

    // m and l evolve identically in every invocation: each reads the same shared tile.
    float m = kNoScore, l = 0.0;
    vec2 acc[kMaxPairSlots];
    for (uint slot = 0u; slot < kMaxPairSlots; ++slot) acc[slot] = vec2(0.0);
    const uint positions = firstQueryPosition() + token + 1u;
    for (uint tileStart = 0u; tileStart < positions; tileStart += WG) {
        const uint tileSize = min(WG, positions - tileStart);
        const uint pos = tileStart + lane;
        const float s = pos < positions ? keyDot(pos * p.nKvHeads + kvHead) : kNoScore;
        tileScore[lane] = s;
        barrier();
        float newM = m;
        for (uint j = 0u; j < tileSize; ++j) newM = max(newM, tileScore[j]);
        // Rescale the running sums when the max grows, so every exp() argument is <= 0.
        const float keep = exp(m - newM);
        tileWeight[lane] = pos < positions ? exp(s - newM) : 0.0;
        m = newM;
        barrier();  // tileScore is free again: the next tile writes it only after this

        float tileSum = 0.0;
        for (uint j = 0u; j < tileSize; ++j) tileSum += tileWeight[j];
        l = l * keep + tileSum;
        for (uint slot = 0u; slot < kMaxPairSlots; ++slot) {
            const uint pair = lane + slot * WG;
            if (pair >= pairs) break;
            vec2 sum = acc[slot] * keep;
            for (uint j = 0u; j < tileSize; ++j) {
                sum += tileWeight[j] * valuePair((tileStart + j) * p.nKvHeads + kvHead, pair);
            }
            acc[slot] = sum;
        }
        // tileWeight is rewritten only after the next tile's first barrier: no third barrier.
    }

    for (uint slot = 0u; slot < kMaxPairSlots; ++slot) {
        const uint pair = lane + slot * WG;
        if (pair >= pairs) break;
        outValues[qBase + 2u * pair] = acc[slot].x / l;
        outValues[qBase + 2u * pair + 1u] = acc[slot].y / l;
    }
}

#endif

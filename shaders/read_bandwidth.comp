#version 450
#extension GL_GOOGLE_include_directive : require
// Reads a buffer once, as fast as the device allows, and folds it into one word per invocation:
// the yardstick that `hearth-cli bench --ops` puts next to each kernel's GB/s.
// GPU shape: iteration j of invocation g reads uvec4 j * invocations + g, so neighbours read
// neighbours. CPU shape (READ_CPU): an invocation is a SIMD lane of a CPU thread, so each reads
// one contiguous run, through a texel buffer (one gather for all lanes on lavapipe).
// Push constants mirror ReadBandwidthPush in inference/src/ops/read_bandwidth.h.
layout(local_size_x_id = 0) in;

layout(push_constant) uniform Push {
    uint nVec4;
} p;

#if defined(READ_CPU)
layout(binding = 0) uniform usamplerBuffer data;
#else
layout(binding = 0) readonly buffer Data { uvec4 data[]; };
#endif
layout(binding = 1) writeonly buffer Sink { uint sink[]; };

void main() {
    const uint invocations = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    const uint g = gl_GlobalInvocationID.x;
    uvec4 acc = uvec4(0);
#if defined(READ_CPU)
    const uint run = (p.nVec4 + invocations - 1u) / invocations;
    const uint end = min(p.nVec4, (g + 1u) * run);
    for (uint i = g * run; i < end; ++i) acc ^= texelFetch(data, int(i));
#else
    for (uint i = g; i < p.nVec4; i += invocations) acc ^= data[i];
#endif
    sink[g] = acc.x ^ acc.y ^ acc.z ^ acc.w;
}

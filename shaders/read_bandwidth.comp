#version 450
#extension GL_GOOGLE_include_directive : require
// Reads a buffer once, as fast as the device allows, and folds it into one word per invocation:
// the yardstick that `hearth-cli bench --ops` puts next to each kernel's GB/s.
// Iteration j of invocation g reads uvec4 j * invocations + g, so neighbours read neighbours.
// Push constants mirror ReadBandwidthPush in inference/src/ops/read_bandwidth.h.
layout(local_size_x_id = 0) in;

layout(push_constant) uniform Push {
    uint nVec4;
} p;

layout(binding = 0) readonly buffer Data { uvec4 data[]; };
layout(binding = 1) writeonly buffer Sink { uint sink[]; };

void main() {
    const uint invocations = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    const uint g = gl_GlobalInvocationID.x;
    uvec4 acc = uvec4(0);
    for (uint i = g; i < p.nVec4; i += invocations) acc ^= data[i];
    sink[g] = acc.x ^ acc.y ^ acc.z ^ acc.w;
}

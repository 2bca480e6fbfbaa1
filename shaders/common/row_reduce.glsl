// Shared by row-wise ops (rms_norm, softmax): one workgroup per row, and a reduction of one value
// per invocation through shared memory. A plain tree keeps the barrier count at log2(group size);
// subgroup operations would save barriers on GPUs but are emulated slowly on lavapipe.
// GROUP_SIZE is the workgroup size (constant 0) and must be a power of two: the tree halves it.
layout(constant_id = 0) const uint GROUP_SIZE = 256;
layout(local_size_x_id = 0) in;

shared float rowReduceScratch[GROUP_SIZE];

// The row this workgroup handles: the dispatch folds rows into two dimensions (ops::flatGrid),
// since one dimension allows only 65535 groups on many devices.
uint rowIndex() {
    return gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
}

float groupSum(float value) {
    const uint t = gl_LocalInvocationID.x;
    rowReduceScratch[t] = value;
    barrier();
    for (uint stride = GROUP_SIZE / 2; stride > 0; stride >>= 1) {
        if (t < stride) rowReduceScratch[t] += rowReduceScratch[t + stride];
        barrier();
    }
    const float total = rowReduceScratch[0];
    barrier();  // every invocation has read the total before the scratch is reused
    return total;
}

float groupMax(float value) {
    const uint t = gl_LocalInvocationID.x;
    rowReduceScratch[t] = value;
    barrier();
    for (uint stride = GROUP_SIZE / 2; stride > 0; stride >>= 1) {
        if (t < stride) rowReduceScratch[t] = max(rowReduceScratch[t], rowReduceScratch[t + stride]);
        barrier();
    }
    const float total = rowReduceScratch[0];
    barrier();  // every invocation has read the maximum before the scratch is reused
    return total;
}

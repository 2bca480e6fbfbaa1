// Shared by elementwise ops: a flat index over a 2-D grid of workgroups, since one dimension
// allows only 65535 groups on many devices.
layout(local_size_x_id = 0) in;

uint flatIndex() {
    return (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * gl_WorkGroupSize.x +
           gl_LocalInvocationID.x;
}

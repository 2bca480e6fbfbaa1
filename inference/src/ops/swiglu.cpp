#include "ops/swiglu.h"

#include "ops/range_check.h"

namespace hearth::ops {

Status swiglu(OpContext& ctx, vk::BufferRange gate, vk::BufferRange up, vk::BufferRange out,
              uint32_t n) {
    if (n == 0) return Status::error("internal error: swiglu with n == 0");
    const uint64_t bytes = uint64_t{n} * 4;
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("swiglu", "gate", gate, bytes));
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("swiglu", "up", up, bytes));
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("swiglu", "out", out, bytes));

    const uint32_t groupSize = elementwiseGroupSize(ctx.device);
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({"swiglu",
                             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer,
                              vk::BindingKind::StorageBuffer},
                             sizeof(SwigluPush),
                             {groupSize}}));
    const Grid grid = flatGrid(n, groupSize);
    return ctx.stream.dispatch(*pipeline,
                               {{gate.sub(0, bytes), vk::Access::Read},
                                {up.sub(0, bytes), vk::Access::Read},
                                {out.sub(0, bytes), vk::Access::Write}},
                               SwigluPush{n}, grid.x, grid.y);
}

}  // namespace hearth::ops

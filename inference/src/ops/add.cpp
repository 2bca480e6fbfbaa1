#include "ops/add.h"

#include "ops/range_check.h"

namespace hearth::ops {

Status add(OpContext& ctx, vk::BufferRange a, vk::BufferRange b, vk::BufferRange out, uint32_t n,
           uint32_t bLength) {
    if (n == 0 || bLength == 0 || n % bLength != 0)
        return Status::error("internal error: add with a bias length that does not divide n");
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("add", "a", a, n * 4ull));
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("add", "b", b, bLength * 4ull));
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("add", "out", out, n * 4ull));
    const uint32_t groupSize = elementwiseGroupSize(ctx.device);
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({"add",
                             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer,
                              vk::BindingKind::StorageBuffer},
                             sizeof(AddPush),
                             {groupSize}}));
    const Grid grid = flatGrid(n, groupSize);
    return ctx.stream.dispatch(*pipeline,
                               {{a.sub(0, n * 4ull), vk::Access::Read},
                                {b.sub(0, bLength * 4ull), vk::Access::Read},
                                {out.sub(0, n * 4ull), vk::Access::Write}},
                               AddPush{n, bLength}, grid.x, grid.y);
}

}  // namespace hearth::ops

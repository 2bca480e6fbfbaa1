#include "ops/softmax.h"

#include <cmath>

#include "ops/range_check.h"
#include "ops/row_reduction.h"

namespace hearth::ops {

Status softmax(OpContext& ctx, vk::BufferRange x, vk::BufferRange out, uint32_t rows, uint32_t n,
               float scale) {
    const uint64_t elements = uint64_t{rows} * n;
    if (elements == 0) return Status::error("internal error: softmax with an empty shape");
    if (elements > UINT32_MAX) {
        return Status::error("internal error: softmax shape exceeds 32-bit indexing");
    }
    if (!std::isfinite(scale) || scale <= 0.0f) {
        return Status::error("internal error: softmax scale must be positive and finite");
    }
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("softmax", "x", x, elements * 4));
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("softmax", "out", out, elements * 4));

    const uint32_t groupSize = rowReductionGroupSize(ctx.device);
    // 3 passes over the row in strides of the group, then the reduction tree's steps.
    HEARTH_RETURN_IF_ERROR(checkLoopBudget(ctx.device,
                                           3uLL * ((n + groupSize - 1) / groupSize) + 64,
                                           "a softmax row of " + std::to_string(n) + " values"));
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({"softmax",
                             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer},
                             sizeof(SoftmaxPush),
                             {groupSize}}));
    const Grid grid = flatGrid(rows, 1);  // one workgroup per row
    return ctx.stream.dispatch(
        *pipeline,
        {{x.sub(0, elements * 4), vk::Access::Read}, {out.sub(0, elements * 4), vk::Access::Write}},
        SoftmaxPush{rows, n, scale}, grid.x, grid.y);
}

}  // namespace hearth::ops

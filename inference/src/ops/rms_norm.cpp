#include "ops/rms_norm.h"

#include <cmath>

#include "ops/range_check.h"
#include "ops/row_reduction.h"

namespace hearth::ops {

Status rmsNorm(OpContext& ctx, vk::BufferRange x, vk::BufferRange weight, vk::BufferRange out,
               uint32_t rows, uint32_t n, float eps) {
    const uint64_t elements = uint64_t{rows} * n;
    if (elements == 0) return Status::error("internal error: rms_norm with an empty shape");
    if (elements > UINT32_MAX) {
        return Status::error("internal error: rms_norm shape exceeds 32-bit indexing");
    }
    if (!std::isfinite(eps) || eps < 0.0f) {
        return Status::error("internal error: rms_norm eps must be finite and not negative");
    }
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("rms_norm", "x", x, elements * 4));
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("rms_norm", "weight", weight, uint64_t{n} * 4));
    HEARTH_RETURN_IF_ERROR(checkRangeHolds("rms_norm", "out", out, elements * 4));

    const uint32_t groupSize = rowReductionGroupSize(ctx.device);
    // 2 passes over the row in strides of the group, then the reduction tree's steps.
    HEARTH_RETURN_IF_ERROR(checkLoopBudget(ctx.device,
                                           2uLL * ((n + groupSize - 1) / groupSize) + 64,
                                           "a rms_norm row of " + std::to_string(n) + " values"));
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({"rms_norm",
                             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer,
                              vk::BindingKind::StorageBuffer},
                             sizeof(RmsNormPush),
                             {groupSize}}));
    const Grid grid = flatGrid(rows, 1);  // one workgroup per row
    return ctx.stream.dispatch(*pipeline,
                               {{x.sub(0, elements * 4), vk::Access::Read},
                                {weight.sub(0, uint64_t{n} * 4), vk::Access::Read},
                                {out.sub(0, elements * 4), vk::Access::Write}},
                               RmsNormPush{rows, n, eps}, grid.x, grid.y);
}

}  // namespace hearth::ops

#include "ops/argmax.h"

namespace hearth::ops {

namespace {
// One workgroup per row; the kernel's pairwise reduction needs a power of two.
constexpr uint32_t kArgmaxGroupSize = 256;
}  // namespace

Status argmax(OpContext& ctx, vk::BufferRange logits, vk::BufferRange out, uint32_t rows,
              uint32_t n) {
    if (rows == 0 || n == 0) return Status::error("internal error: argmax of an empty row");
    const uint64_t logitBytes = uint64_t{rows} * n * 4;
    if (logits.size < logitBytes || out.size < uint64_t{rows} * 4)
        return Status::error("internal error: argmax buffers smaller than their shapes");
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({"argmax",
                             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer},
                             sizeof(ArgmaxPush),
                             {kArgmaxGroupSize}}));
    const Grid grid = flatGrid(rows, 1);  // one group per row
    return ctx.stream.dispatch(*pipeline,
                               {{logits.sub(0, logitBytes), vk::Access::Read},
                                {out.sub(0, uint64_t{rows} * 4), vk::Access::Write}},
                               ArgmaxPush{rows, n}, grid.x, grid.y);
}

}  // namespace hearth::ops

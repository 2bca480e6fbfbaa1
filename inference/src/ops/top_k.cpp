#include "ops/top_k.h"

#include <string>

namespace hearth::ops {

namespace {
// One workgroup per row. The kernel holds every invocation's list in shared memory
// (groupSize * kTopKMax * 8 bytes = 16 KiB), within every device's 32 KiB minimum.
constexpr uint32_t kTopKGroupSize = 32;
}  // namespace

Status topK(OpContext& ctx, vk::BufferRange logits, vk::BufferRange out, uint32_t rows, uint32_t n,
            uint32_t k) {
    if (k == 0 || k > kTopKMax || k > n)
        return Status::error("internal error: top-k with k = " + std::to_string(k) + " (1 .. " +
                             std::to_string(kTopKMax) + " and at most the row of " +
                             std::to_string(n) + ")");
    if (rows == 0) return Status::error("internal error: top-k of no rows");
    const uint64_t logitBytes = uint64_t{rows} * n * 4, outBytes = uint64_t{rows} * 2 * k * 4;
    if (logits.size < logitBytes || out.size < outBytes)
        return Status::error("internal error: top-k buffers smaller than their shapes");
    // Loop iterations per invocation, worst case (a rising row inserts at every element):
    // the slice with a heap insertion each, the heap sort, and ranking against every list.
    const uint64_t slice = (n + kTopKGroupSize - 1) / kTopKGroupSize;
    const uint64_t iterations = slice * 8 + uint64_t{k} * 8 + uint64_t{k} * kTopKGroupSize * 8;
    if (const uint32_t limit = ctx.device.loopIterationLimit(); limit != 0 && iterations > limit)
        return Status::error("top-k over rows of " + std::to_string(n) +
                             " values is too long for this device's shader loop limit");
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({"top_k",
                             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer},
                             sizeof(TopKPush),
                             {kTopKGroupSize}}));
    const Grid grid = flatGrid(rows, 1);  // one group per row
    return ctx.stream.dispatch(
        *pipeline,
        {{logits.sub(0, logitBytes), vk::Access::Read}, {out.sub(0, outBytes), vk::Access::Write}},
        TopKPush{rows, n, k}, grid.x, grid.y);
}

}  // namespace hearth::ops

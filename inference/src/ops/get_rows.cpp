#include "ops/get_rows.h"

#include <algorithm>

namespace hearth::ops {

Status getRows(OpContext& ctx, const WeightView& table, vk::BufferRange ids, uint32_t nIds,
               vk::BufferRange out) {
    HEARTH_ASSIGN_OR_RETURN(WeightLayout layout, weightLayout(table.type, table.cols));
    if (nIds == 0) return Status();
    const uint64_t outBytes = uint64_t{nIds} * table.cols * 4;
    if (ids.size < nIds * 4ull || out.size < outBytes ||
        table.range.size < uint64_t{layout.rowBytes} * table.rows)
        return Status::error("internal error: get_rows buffers are smaller than the shapes");
    if (outBytes > ctx.device.info().maxStorageBufferRange)
        return Status::error("internal error: get_rows output larger than one binding");
    const uint32_t groupSize = elementwiseGroupSize(ctx.device);
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({"get_rows_" + layout.shaderSuffix,
                             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer,
                              vk::BindingKind::StorageBuffer},
                             sizeof(GetRowsPush),
                             {groupSize}}));
    HEARTH_ASSIGN_OR_RETURN(uint32_t step, rowsPerBinding(ctx.device, {layout.rowBytes}));
    const Grid grid = flatGrid(uint64_t{nIds} * layout.chunksPerRow, groupSize);
    for (uint32_t row = 0; row < table.rows; row += step) {
        const uint32_t n = std::min(step, table.rows - row);
        const GetRowsPush push{nIds, layout.chunksPerRow, layout.rowBytes, row, n};
        HEARTH_RETURN_IF_ERROR(
            ctx.stream.dispatch(*pipeline,
                                {{wordRange(table.range, uint64_t{row} * layout.rowBytes,
                                            uint64_t{n} * layout.rowBytes),
                                  vk::Access::Read},
                                 {ids.sub(0, nIds * 4ull), vk::Access::Read},
                                 {out.sub(0, outBytes), vk::Access::Write}},
                                push, grid.x, grid.y));
    }
    return Status();
}

}  // namespace hearth::ops

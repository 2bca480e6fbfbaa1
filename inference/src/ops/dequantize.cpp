#include "ops/dequantize.h"

#include <algorithm>

namespace hearth::ops {

Status dequantize(OpContext& ctx, const WeightView& w, vk::BufferRange out) {
    HEARTH_ASSIGN_OR_RETURN(WeightLayout layout, weightLayout(w.type, w.cols));
    const uint64_t rowBytes = layout.rowBytes, rowFloats = w.cols;
    if (w.range.size < rowBytes * w.rows || out.size < rowFloats * 4 * w.rows)
        return Status::error("internal error: dequantize buffers are smaller than the tensor");
    const uint32_t groupSize = elementwiseGroupSize(ctx.device);
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({"dequantize_" + layout.shaderSuffix,
                             {vk::BindingKind::StorageBuffer, vk::BindingKind::StorageBuffer},
                             sizeof(DequantizePush),
                             {groupSize}}));
    HEARTH_ASSIGN_OR_RETURN(uint32_t step, rowsPerBinding(ctx.device, {rowBytes, rowFloats * 4}));
    for (uint32_t row = 0; row < w.rows; row += step) {
        const uint32_t n = std::min(step, w.rows - row);
        const DequantizePush push{n * layout.chunksPerRow};
        const Grid grid = flatGrid(push.nChunks, groupSize);
        HEARTH_RETURN_IF_ERROR(ctx.stream.dispatch(
            *pipeline,
            {{wordRange(w.range, row * rowBytes, n * rowBytes), vk::Access::Read},
             {out.sub(row * rowFloats * 4, n * rowFloats * 4), vk::Access::Write}},
            push, grid.x, grid.y));
    }
    return Status();
}

}  // namespace hearth::ops

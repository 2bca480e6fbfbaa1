#include "ops/matvec.h"

#include <algorithm>
#include <string>

namespace hearth::ops {

namespace {

// Measured on lavapipe (REFERENCES.md §5): whole rows per invocation, several rows sharing each
// load of x, beat any cross-invocation reduction. GPUs want the reduction shape.
struct MatvecShape {
    const char* prefix;
    uint32_t groupSize;
    uint32_t rowsPerInvocationOrGroup;
    uint32_t rowsPerGroup;
    vk::BindingKind weights, x;
};

MatvecShape shapeFor(const vk::Device& device) {
    using vk::BindingKind;
    if (device.useCpuKernels())
        return {"matvec_cpu_", 8, 2, 16, BindingKind::TexelBuffer, BindingKind::TexelBuffer};
    return {"matvec_", 64, 2, 2, BindingKind::StorageBuffer, BindingKind::StorageBuffer};
}

}  // namespace

Status matvec(OpContext& ctx, const WeightView& w, vk::BufferRange x, vk::BufferRange y) {
    HEARTH_ASSIGN_OR_RETURN(WeightLayout layout, weightLayout(w.type, w.cols));
    if (x.size < w.cols * 4ull || y.size < w.rows * 4ull ||
        w.range.size < uint64_t{layout.rowBytes} * w.rows)
        return Status::error("internal error: matvec buffers are smaller than the shapes");
    const MatvecShape shape = shapeFor(ctx.device);
    // The CPU kernel loops over a row's chunks (or blocks); the GPU kernel over its share.
    HEARTH_RETURN_IF_ERROR(checkLoopBudget(
        ctx.device, layout.chunksPerRow / (ctx.device.useCpuKernels() ? 1 : shape.groupSize) + 16,
        "a matrix row of " + std::to_string(w.cols) + " values"));
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({shape.prefix + layout.shaderSuffix,
                             {shape.weights, shape.x, vk::BindingKind::StorageBuffer},
                             sizeof(MatvecPush),
                             {shape.groupSize, shape.rowsPerInvocationOrGroup}}));
    HEARTH_ASSIGN_OR_RETURN(uint32_t step, rowsPerBinding(ctx.device, {layout.rowBytes}));
    for (uint32_t row = 0; row < w.rows; row += step) {
        const uint32_t n = std::min(step, w.rows - row);
        const MatvecPush push{layout.chunksPerRow, n, layout.rowBytes, row};
        const Grid grid = flatGrid((n + shape.rowsPerGroup - 1) / shape.rowsPerGroup, 1);
        HEARTH_RETURN_IF_ERROR(ctx.stream.dispatch(
            *pipeline,
            {{wordRange(w.range, uint64_t{row} * layout.rowBytes, uint64_t{n} * layout.rowBytes),
              vk::Access::Read},
             {x.sub(0, (w.cols * 4ull + 15) / 16 * 16), vk::Access::Read},
             {y.sub(0, w.rows * 4ull), vk::Access::Write}},
            push, grid.x, grid.y));
    }
    return Status();
}

}  // namespace hearth::ops

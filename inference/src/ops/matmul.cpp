#include "ops/matmul.h"

#include <algorithm>
#include <string>

namespace hearth::ops {

namespace {

// Output tile of one workgroup: see shaders/matmul.comp.
struct MatmulShape {
    const char* prefix;
    uint32_t groupSize;
    uint32_t tileN, tileM;
    vk::BindingKind weights, a;
};

MatmulShape shapeFor(const vk::Device& device, TensorType type) {
    using vk::BindingKind;
    if (device.useCpuKernels()) {
        // 8 x 8 invocations, each a TM x TN block. Must match the tiles in shader_list.cmake
        // (MatmulMatchesReference fails on a mismatch): 8 x 8, and 16 x 4 for Q3_K.
        const bool squareTile = type != TensorType::Q3_K;
        return {"matmul_cpu_",
                64,
                squareTile ? 64u : 32u,
                squareTile ? 64u : 128u,
                BindingKind::TexelBuffer,
                BindingKind::TexelBuffer};
    }
    return {"matmul_", 256, 64, 64, BindingKind::StorageBuffer, BindingKind::StorageBuffer};
}

}  // namespace

Status matmul(OpContext& ctx, const WeightView& w, vk::BufferRange a, uint32_t m,
              vk::BufferRange c) {
    HEARTH_ASSIGN_OR_RETURN(WeightLayout layout, weightLayout(w.type, w.cols));
    const uint64_t aRowBytes = w.cols * 4ull, cRowBytes = w.rows * 4ull;
    if (a.size < aRowBytes * m || c.size < cRowBytes * m ||
        w.range.size < uint64_t{layout.rowBytes} * w.rows)
        return Status::error("internal error: matmul buffers are smaller than the shapes");
    if (m == 0) return Status();
    const MatmulShape shape = shapeFor(ctx.device, w.type);
    // Both kernels loop over the K chunks (the GPU one in steps of four).
    HEARTH_RETURN_IF_ERROR(
        checkLoopBudget(ctx.device, layout.chunksPerRow + 64,
                        "a matrix row of " + std::to_string(w.cols) + " values"));
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({shape.prefix + layout.shaderSuffix,
                             {shape.weights, shape.a, vk::BindingKind::StorageBuffer},
                             sizeof(MatmulPush),
                             {shape.groupSize}}));
    HEARTH_ASSIGN_OR_RETURN(uint32_t nStep, rowsPerBinding(ctx.device, {layout.rowBytes}));
    HEARTH_ASSIGN_OR_RETURN(uint32_t mStep, rowsPerBinding(ctx.device, {aRowBytes, cRowBytes}));
    for (uint32_t m0 = 0; m0 < m; m0 += mStep) {
        const uint32_t mc = std::min(mStep, m - m0);
        for (uint32_t n0 = 0; n0 < w.rows; n0 += nStep) {
            const uint32_t nc = std::min(nStep, w.rows - n0);
            const MatmulPush push{mc, nc, layout.chunksPerRow, layout.rowBytes, w.rows, n0};
            HEARTH_RETURN_IF_ERROR(ctx.stream.dispatch(
                *pipeline,
                {{wordRange(w.range, uint64_t{n0} * layout.rowBytes,
                            uint64_t{nc} * layout.rowBytes),
                  vk::Access::Read},
                 {a.sub(m0 * aRowBytes, mc * aRowBytes), vk::Access::Read},
                 {c.sub(m0 * cRowBytes, mc * cRowBytes), vk::Access::Write}},
                push, (nc + shape.tileN - 1) / shape.tileN, (mc + shape.tileM - 1) / shape.tileM));
        }
    }
    return Status();
}

}  // namespace hearth::ops

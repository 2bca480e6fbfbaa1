#include "ops/attention.h"

#include <algorithm>
#include <string>
#include <vector>

namespace hearth::ops {

namespace {
// Invocations per (token, head), which is also the tile of cache positions scored at once.
// The kernel needs at least 32 so that each invocation owns at most 4 of 128 value pairs.
constexpr uint32_t kAttentionGroupSize = 64;
// CPU shape: one invocation per (token, head), or per (token, head, part) when the sequence is
// split; a workgroup is one SIMD chunk of lavapipe.
constexpr uint32_t kCpuAttentionGroupSize = 8;
// Longer contexts are split into parts of this many positions: it keeps each invocation far
// within lavapipe's loop budget and gives a long decode more invocations to run in parallel.
constexpr uint32_t kCpuSplitPositions = 2048;

// The CPU kernel reads f16 rows as whole 16-byte texels: other head sizes take the GPU shape.
bool usesCpuKernel(const vk::Device& device, const KvCacheLayout& layout) {
    return device.useCpuKernels() && (layout.type == TensorType::Q8_0 || layout.headDim % 8 == 0);
}

// Positions the kernels must be ready to attend over: the whole cache when the position is
// only known at run time.
uint64_t maxPositions(const KvCacheLayout& layout, const AttentionParams& params,
                      bool positionFromBuffer) {
    return positionFromBuffer ? layout.capacity : uint64_t{params.pos0} + params.nTokens;
}

uint32_t cpuSplits(const KvCacheLayout& layout, const AttentionParams& params,
                   bool positionFromBuffer) {
    const uint64_t positions = maxPositions(layout, params, positionFromBuffer);
    return positions > kCpuSplitPositions
               ? static_cast<uint32_t>((positions + kCpuSplitPositions - 1) / kCpuSplitPositions)
               : 0;
}

// Loop iterations one invocation of the kernel runs for the longest query of the batch, for
// devices that cap them (Device::loopIterationLimit): the CPU kernel loops over positions
// only; the GPU kernel walks tiles of kAttentionGroupSize positions, each scoring a key
// (headDim / 2 words), scanning the tile twice and folding it into its value pairs.
uint64_t loopIterations(bool cpuKernel, const KvCacheLayout& layout, uint64_t positions) {
    if (cpuKernel) return std::min<uint64_t>(positions, kCpuSplitPositions) + 2;
    const uint64_t tiles = (positions + kAttentionGroupSize - 1) / kAttentionGroupSize;
    const uint64_t slots = (layout.headDim / 2 + kAttentionGroupSize - 1) / kAttentionGroupSize;
    return tiles * (layout.headDim / 2 + 2 * kAttentionGroupSize + slots * kAttentionGroupSize +
                    slots + 1) +
           layout.headDim + 16;
}
}  // namespace

uint64_t attentionScratchBytes(const vk::Device& device, const KvCacheLayout& layout,
                               const AttentionParams& params, bool positionFromBuffer) {
    if (!usesCpuKernel(device, layout)) return 0;
    // One record per (token, head, part): the unnormalized output, the running max and sum.
    return uint64_t{params.nTokens} * params.nHeads *
           cpuSplits(layout, params, positionFromBuffer) * (layout.headDim + 2) * 4;
}

Status attention(OpContext& ctx, const KvCacheLayout& layout, const AttentionParams& params,
                 vk::BufferRange q, vk::BufferRange kCache, vk::BufferRange vCache,
                 vk::BufferRange out, vk::BufferRange scratch, vk::BufferRange positionBuffer) {
    HEARTH_RETURN_IF_ERROR(layout.validate());
    if (params.nHeads == 0 || params.nHeads % layout.nKvHeads != 0)
        return Status::error("internal error: attention with " + std::to_string(params.nHeads) +
                             " query heads over " + std::to_string(layout.nKvHeads) +
                             " KV heads (must be a multiple)");
    if (params.nTokens == 0 || params.pos0 >= layout.capacity ||
        params.nTokens > layout.capacity - params.pos0)
        return Status::error("internal error: attention for " + std::to_string(params.nTokens) +
                             " tokens at position " + std::to_string(params.pos0) +
                             " runs past a KV cache of " + std::to_string(layout.capacity));
    const vk::DeviceCaps& caps = ctx.device.caps();
    if (params.nHeads > caps.maxComputeWorkGroupCount[0] ||
        params.nTokens > caps.maxComputeWorkGroupCount[1])
        return Status::error("internal error: attention batch of " +
                             std::to_string(params.nTokens) + " tokens is too large; split it");
    const uint64_t qBytes = uint64_t{params.nTokens} * params.nHeads * layout.headDim * 4;
    // The kernel reads whole words, so a Q8_0 cache is bound up to the word after its last row.
    const bool dynamicPosition = positionBuffer.buffer != nullptr;
    const uint64_t positions = maxPositions(layout, params, dynamicPosition);
    const uint64_t cacheBytes = (layout.rowBytes() * positions + 3) / 4 * 4;
    if (dynamicPosition && positionBuffer.size < 4)
        return Status::error("internal error: attention position buffer is empty");
    if (q.size < qBytes || out.size < qBytes || kCache.size < cacheBytes ||
        vCache.size < cacheBytes)
        return Status::error("internal error: attention buffers smaller than their shapes");

    const bool q8 = layout.type == TensorType::Q8_0;
    const bool cpuKernel = usesCpuKernel(ctx.device, layout);
    const uint32_t splits = cpuKernel ? cpuSplits(layout, params, dynamicPosition) : 0;
    const AttentionPush push{params.nTokens,
                             params.nHeads,
                             layout.nKvHeads,
                             layout.headDim,
                             params.pos0,
                             params.scale,
                             splits ? kCpuSplitPositions : 0,
                             splits};
    if (const uint32_t limit = ctx.device.loopIterationLimit();
        limit != 0 && loopIterations(cpuKernel, layout, positions) > limit) {
        // A clear refusal beats the silently truncated result the driver would give.
        return Status::error("attention over " + std::to_string(positions) +
                             " positions is beyond what " + ctx.device.info().name +
                             " can run in one pass; use a shorter context");
    }
    using vk::BindingKind;
    // The variant reading pos0 from a buffer takes it as a fifth binding.
    const std::string suffix = dynamicPosition ? "_pos" : "";
    auto withPosition = [&](std::vector<vk::Binding> bindings) {
        if (dynamicPosition) bindings.push_back({positionBuffer.sub(0, 4), vk::Access::Read});
        return bindings;
    };
    auto kinds = [&](std::vector<BindingKind> k) {
        if (dynamicPosition) k.push_back(BindingKind::StorageBuffer);
        return k;
    };
    if (cpuKernel) {
        HEARTH_ASSIGN_OR_RETURN(
            const vk::Pipeline* pipeline,
            ctx.device.pipeline({(q8 ? "attention_cpu_q8_0" : "attention_cpu_f16") + suffix,
                                 kinds({BindingKind::StorageBuffer, BindingKind::TexelBuffer,
                                        BindingKind::TexelBuffer, BindingKind::StorageBuffer}),
                                 sizeof(AttentionPush),
                                 {kCpuAttentionGroupSize, layout.headDim}}));
        // Texel ranges are whole 16-byte texels; the Q8_0 kernel reads one word past a row.
        auto texels = [&](const vk::BufferRange& cache) {
            const uint64_t wanted = (cacheBytes + 4 + 15) / 16 * 16;
            return cache.sub(0, std::min(wanted, cache.buffer->size() - cache.offset));
        };
        const uint64_t invocations =
            uint64_t{params.nTokens} * params.nHeads * std::max(splits, 1u);
        const Grid grid = flatGrid(invocations, kCpuAttentionGroupSize);
        if (splits == 0) {
            const auto bindings = withPosition({{q.sub(0, qBytes), vk::Access::Read},
                                                {texels(kCache), vk::Access::Read},
                                                {texels(vCache), vk::Access::Read},
                                                {out.sub(0, qBytes), vk::Access::Write}});
            return ctx.stream.dispatch(*pipeline, bindings, &push, sizeof(push), grid.x, grid.y);
        }
        const uint64_t scratchBytes =
            attentionScratchBytes(ctx.device, layout, params, dynamicPosition);
        if (scratch.buffer == nullptr || scratch.size < scratchBytes) {
            return Status::error("internal error: attention over " + std::to_string(positions) +
                                 " positions needs " + std::to_string(scratchBytes) +
                                 " bytes of scratch (attentionScratchBytes)");
        }
        const auto bindings = withPosition({{q.sub(0, qBytes), vk::Access::Read},
                                            {texels(kCache), vk::Access::Read},
                                            {texels(vCache), vk::Access::Read},
                                            {scratch.sub(0, scratchBytes), vk::Access::Write}});
        HEARTH_RETURN_IF_ERROR(
            ctx.stream.dispatch(*pipeline, bindings, &push, sizeof(push), grid.x, grid.y));
        const uint32_t groupSize = elementwiseGroupSize(ctx.device);
        HEARTH_ASSIGN_OR_RETURN(
            const vk::Pipeline* combine,
            ctx.device.pipeline({"attention_combine",
                                 {BindingKind::StorageBuffer, BindingKind::StorageBuffer},
                                 sizeof(AttentionCombinePush),
                                 {groupSize}}));
        const AttentionCombinePush combinePush{
            static_cast<uint32_t>(uint64_t{params.nTokens} * params.nHeads * layout.headDim),
            layout.headDim, splits};
        const Grid combineGrid = flatGrid(combinePush.outputs, groupSize);
        return ctx.stream.dispatch(*combine,
                                   {{scratch.sub(0, scratchBytes), vk::Access::Read},
                                    {out.sub(0, qBytes), vk::Access::Write}},
                                   combinePush, combineGrid.x, combineGrid.y);
    }
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({(q8 ? "attention_q8_0" : "attention_f16") + suffix,
                             kinds({BindingKind::StorageBuffer, BindingKind::StorageBuffer,
                                    BindingKind::StorageBuffer, BindingKind::StorageBuffer}),
                             sizeof(AttentionPush),
                             {kAttentionGroupSize}}));
    const auto bindings = withPosition({{q.sub(0, qBytes), vk::Access::Read},
                                        {kCache.sub(0, cacheBytes), vk::Access::Read},
                                        {vCache.sub(0, cacheBytes), vk::Access::Read},
                                        {out.sub(0, qBytes), vk::Access::Write}});
    return ctx.stream.dispatch(*pipeline, bindings, &push, sizeof(push), params.nHeads,
                               params.nTokens);
}

}  // namespace hearth::ops

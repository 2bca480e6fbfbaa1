#include "ops/kv_write.h"

#include <string>

namespace hearth::ops {

namespace {
constexpr uint32_t kMaxHeadDim = 256;  // attention keeps a head's accumulator in registers
constexpr uint32_t kQ8_0BlockValues = 32, kQ8_0BlockBytes = 34;

uint64_t roundUpToWord(uint64_t bytes) {
    return (bytes + 3) / 4 * 4;
}
}  // namespace

uint64_t KvCacheLayout::rowBytes() const {
    const uint64_t values = uint64_t{nKvHeads} * headDim;
    return type == TensorType::Q8_0 ? values / kQ8_0BlockValues * kQ8_0BlockBytes : values * 2;
}

uint64_t KvCacheLayout::bufferBytes() const {
    return roundUpToWord(rowBytes() * capacity);
}

Status KvCacheLayout::validate() const {
    if (type != TensorType::F16 && type != TensorType::Q8_0)
        return Status::error("internal error: a KV cache must be f16 or q8_0");
    if (capacity == 0 || nKvHeads == 0 || headDim == 0 || headDim > kMaxHeadDim)
        return Status::error("internal error: KV cache with " + std::to_string(capacity) +
                             " positions, " + std::to_string(nKvHeads) + " heads of " +
                             std::to_string(headDim) + " values (at most " +
                             std::to_string(kMaxHeadDim) + ")");
    if (type == TensorType::F16 && headDim % 2 != 0)
        return Status::error("internal error: an f16 KV cache needs an even head size");
    if (type == TensorType::Q8_0 && headDim % kQ8_0BlockValues != 0)
        return Status::error(
            "a q8_0 KV cache needs a head size that is a multiple of 32 (this "
            "model's is " +
            std::to_string(headDim) + "); use an f16 cache");
    return Status();
}

Status kvWrite(OpContext& ctx, const KvCacheLayout& layout, vk::BufferRange rows,
               vk::BufferRange cache, uint32_t pos0, uint32_t nTokens,
               vk::BufferRange positionBuffer) {
    HEARTH_RETURN_IF_ERROR(layout.validate());
    const bool dynamicPosition = positionBuffer.buffer != nullptr;
    if (dynamicPosition) pos0 = 0;
    if (nTokens == 0 || pos0 >= layout.capacity || nTokens > layout.capacity - pos0)
        return Status::error("internal error: KV write of " + std::to_string(nTokens) +
                             " tokens at position " + std::to_string(pos0) +
                             " does not fit a cache of " + std::to_string(layout.capacity));
    const uint64_t rowValues = uint64_t{layout.nKvHeads} * layout.headDim;
    const uint64_t rowsBytes = rowValues * nTokens * 4;
    if (rows.size < rowsBytes || cache.size < layout.bufferBytes())
        return Status::error("internal error: KV write buffers smaller than their shapes");

    const bool q8 = layout.type == TensorType::Q8_0;
    const uint64_t unitValues = q8 ? kQ8_0BlockValues : 2;
    const uint32_t groupSize = elementwiseGroupSize(ctx.device);
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline(
            {std::string(q8 ? "kv_write_q8_0" : "kv_write_f16") + (dynamicPosition ? "_pos" : ""),
             dynamicPosition ? std::vector<vk::BindingKind>(3, vk::BindingKind::StorageBuffer)
                             : std::vector<vk::BindingKind>(2, vk::BindingKind::StorageBuffer),
             sizeof(KvWritePush),
             {groupSize}}));
    const uint64_t unitsPerPosition = rowValues / unitValues;
    const KvWritePush push{static_cast<uint32_t>(unitsPerPosition * nTokens),
                           static_cast<uint32_t>(unitsPerPosition * pos0),
                           static_cast<uint32_t>(unitsPerPosition),
                           static_cast<uint32_t>(unitsPerPosition * layout.capacity)};
    // Bound up to the end of the last row written (the whole cache when the position is only
    // known at run time); Q8_0 blocks update words they share with neighbours atomically, hence
    // read-write.
    const uint64_t writtenEnd = dynamicPosition
                                    ? layout.bufferBytes()
                                    : roundUpToWord(layout.rowBytes() * (uint64_t{pos0} + nTokens));
    const Grid grid = flatGrid(push.units, groupSize);
    if (dynamicPosition) {
        if (positionBuffer.size < 4)
            return Status::error("internal error: KV write position buffer is empty");
        return ctx.stream.dispatch(*pipeline,
                                   {{rows.sub(0, rowsBytes), vk::Access::Read},
                                    {cache.sub(0, writtenEnd), vk::Access::ReadWrite},
                                    {positionBuffer.sub(0, 4), vk::Access::Read}},
                                   push, grid.x, grid.y);
    }
    return ctx.stream.dispatch(*pipeline,
                               {{rows.sub(0, rowsBytes), vk::Access::Read},
                                {cache.sub(0, writtenEnd), vk::Access::ReadWrite}},
                               push, grid.x, grid.y);
}

}  // namespace hearth::ops

// Embedding lookup: out[t, :] = table[ids[t], :] as f32, for any tensor type. Tables larger
// than one storage binding (a 151936 x 1536 F16 embedding is 445 MiB) are bound in row ranges.
#pragma once

#include "hearth/status.h"
#include "ops/op_context.h"
#include "ops/weight_layout.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/get_rows.comp.
struct GetRowsPush {
    uint32_t nIds;
    uint32_t chunksPerRow;
    uint32_t rowBytes;
    uint32_t rowBegin;
    uint32_t rowCount;
};
static_assert(sizeof(GetRowsPush) == 20);

// ids: nIds uint32 row indices, each < table.rows (the caller validates them: the kernel skips
// an id outside the table and leaves its output row unwritten). out: nIds * table.cols f32.
Status getRows(OpContext& ctx, const WeightView& table, vk::BufferRange ids, uint32_t nIds,
               vk::BufferRange out);

}  // namespace hearth::ops

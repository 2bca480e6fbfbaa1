// Argument checks shared by dispatch functions: a binding too small for the shape would read or
// write past its range, which Vulkan does not report, so ops refuse it before dispatching.
#pragma once

#include <cstdint>

#include "hearth/status.h"
#include "vk/buffer.h"

namespace hearth::ops {

// An error naming `op` and `what` when `range` holds fewer than `bytes` bytes.
Status checkRangeHolds(const char* op, const char* what, const vk::BufferRange& range,
                       uint64_t bytes);

}  // namespace hearth::ops

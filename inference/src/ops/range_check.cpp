#include "ops/range_check.h"

#include <string>

namespace hearth::ops {

Status checkRangeHolds(const char* op, const char* what, const vk::BufferRange& range,
                       uint64_t bytes) {
    if (range.buffer != nullptr && range.size >= bytes) return Status();
    return Status::error(std::string("internal error: ") + op + ": " + what + " holds " +
                         std::to_string(range.buffer ? range.size : 0) + " bytes, " +
                         std::to_string(bytes) + " needed");
}

}  // namespace hearth::ops

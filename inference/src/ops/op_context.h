// What every op's dispatch function needs: the device (pipelines, limits) and the command
// stream it records into. Ops record; they never submit or wait.
#pragma once

#include <cstdint>
#include <string>

#include "hearth/status.h"

#include "vk/command_stream.h"
#include "vk/device.h"

namespace hearth::ops {

struct OpContext {
    vk::Device& device;
    vk::CommandStream& stream;
};

// Workgroup counts covering `invocations` with groups of `groupSize`, folded into two
// dimensions because one dimension allows only 65535 groups on many devices. Shaders rebuild
// the flat index with flatIndex() (shaders/common/elementwise.glsl).
struct Grid {
    uint32_t x = 1, y = 1;
};
Grid flatGrid(uint64_t invocations, uint32_t groupSize);

// Fails when one invocation of a kernel would run more loop iterations, all loops together,
// than the device allows (Device::loopIterationLimit: lavapipe silently cuts every loop short
// past 65535). `what` names the work for the message ("a row of 600000 f16 values").
Status checkLoopBudget(const vk::Device& device, uint64_t iterations, const std::string& what);

// Workgroup size of elementwise kernels: CPU devices run a workgroup as SIMD chunks of one
// thread, so larger groups amortize the per-group cost; GPUs prefer a few waves per group.
uint32_t elementwiseGroupSize(const vk::Device& device);

}  // namespace hearth::ops

// Folds a buffer into one XOR word per invocation: a pure read at the device's best rate, used
// as the bandwidth yardstick of the kernel benchmark.
#pragma once

#include "hearth/status.h"
#include "ops/op_context.h"

namespace hearth::ops {

// Mirrors the push-constant block of shaders/read_bandwidth.comp.
struct ReadBandwidthPush {
    uint32_t nVec4;
};
static_assert(sizeof(ReadBandwidthPush) == 4);

// The number of invocations (and so of sink words) readBandwidth uses on this device.
uint32_t readBandwidthInvocations(const vk::Device& device);

// data: a multiple of 16 bytes, at most one storage binding; sink: readBandwidthInvocations()
// uint32 words, sink[g] = XOR of every word that invocation g read.
Status readBandwidth(OpContext& ctx, vk::BufferRange data, vk::BufferRange sink);

}  // namespace hearth::ops

#include "ops/read_bandwidth.h"

namespace hearth::ops {

namespace {
constexpr uint32_t kGroupSize = 64;
}

uint32_t readBandwidthInvocations(const vk::Device& device) {
    // Enough invocations to fill a GPU; on CPU devices, a few workgroups per thread.
    return device.useCpuKernels() ? 4 * kGroupSize : 4096 * kGroupSize;
}

Status readBandwidth(OpContext& ctx, vk::BufferRange data, vk::BufferRange sink) {
    const uint32_t invocations = readBandwidthInvocations(ctx.device);
    const bool cpu = ctx.device.useCpuKernels();
    if (data.size % 16 != 0 || sink.size < invocations * 4ull)
        return Status::error("internal error: read_bandwidth buffer sizes");
    HEARTH_ASSIGN_OR_RETURN(
        const vk::Pipeline* pipeline,
        ctx.device.pipeline({cpu ? "read_bandwidth_cpu" : "read_bandwidth",
                             {cpu ? vk::BindingKind::TexelBuffer : vk::BindingKind::StorageBuffer,
                              vk::BindingKind::StorageBuffer},
                             sizeof(ReadBandwidthPush),
                             {kGroupSize}}));
    return ctx.stream.dispatch(
        *pipeline, {{data, vk::Access::Read}, {sink.sub(0, invocations * 4ull), vk::Access::Write}},
        ReadBandwidthPush{static_cast<uint32_t>(data.size / 16)}, invocations / kGroupSize);
}

}  // namespace hearth::ops

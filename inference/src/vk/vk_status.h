// Turns Vulkan result codes into Status messages a person can act on.
#pragma once

#include <vulkan/vulkan.h>

#include "hearth/status.h"

namespace hearth::vk {

// `what` says what Hearth was doing ("allocating 512 MiB for the KV cache").
Status vkStatus(VkResult result, const std::string& what);

}  // namespace hearth::vk

// Returns a Status from the enclosing function when a Vulkan call fails.
#define HEARTH_VK_RETURN_IF_ERROR(call, what)                                                      \
    do {                                                                                           \
        VkResult hearthVkResult_ = (call);                                                         \
        if (hearthVkResult_ != VK_SUCCESS) return ::hearth::vk::vkStatus(hearthVkResult_, (what)); \
    } while (false)

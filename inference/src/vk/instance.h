// The Vulkan instance: loaded once per process user (the CLI, the app's worker thread, a test).
#pragma once

#include <vulkan/vulkan.h>

#include <memory>
#include <vector>

#include "hearth/status.h"

namespace hearth::vk {

class Instance {
public:
    static Result<std::shared_ptr<Instance>> create();
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    VkInstance handle() const { return m_instance; }
    const std::vector<VkPhysicalDevice>& physicalDevices() const { return m_physicalDevices; }

private:
    Instance() = default;
    VkInstance m_instance = VK_NULL_HANDLE;
    std::vector<VkPhysicalDevice> m_physicalDevices;
};

}  // namespace hearth::vk

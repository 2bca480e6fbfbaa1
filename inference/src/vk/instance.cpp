#include "vk/instance.h"

#include <cstring>

#include "vk/vk_status.h"

namespace hearth::vk {

namespace {

bool hasInstanceExtension(const char* name) {
    uint32_t count = 0;
    vkEnumerateInstanceExtensionProperties(nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> props(count);
    vkEnumerateInstanceExtensionProperties(nullptr, &count, props.data());
    for (const auto& p : props) {
        if (std::strcmp(p.extensionName, name) == 0) return true;
    }
    return false;
}

}  // namespace

Result<std::shared_ptr<Instance>> Instance::create() {
    uint32_t apiVersion = 0;
    if (vkEnumerateInstanceVersion(&apiVersion) != VK_SUCCESS || apiVersion < VK_API_VERSION_1_2) {
        return Status::error(
            "Vulkan 1.2 or newer is required, but the installed Vulkan loader is older or missing "
            "(on Debian: apt install libvulkan1 mesa-vulkan-drivers)");
    }
    VkApplicationInfo app{};
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = "Hearth";
    app.pEngineName = "Hearth";
    app.apiVersion = VK_API_VERSION_1_2;

    std::vector<const char*> extensions;
    VkInstanceCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    info.pApplicationInfo = &app;
    // Portability drivers (MoltenVK) are only listed when asked for.
    if (hasInstanceExtension(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME)) {
        extensions.push_back(VK_KHR_PORTABILITY_ENUMERATION_EXTENSION_NAME);
        info.flags |= VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR;
    }
    info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();

    std::shared_ptr<Instance> instance(new Instance());
    HEARTH_VK_RETURN_IF_ERROR(vkCreateInstance(&info, nullptr, &instance->m_instance),
                              "starting Vulkan");
    uint32_t count = 0;
    HEARTH_VK_RETURN_IF_ERROR(vkEnumeratePhysicalDevices(instance->m_instance, &count, nullptr),
                              "listing Vulkan devices");
    instance->m_physicalDevices.resize(count);
    HEARTH_VK_RETURN_IF_ERROR(vkEnumeratePhysicalDevices(instance->m_instance, &count,
                                                         instance->m_physicalDevices.data()),
                              "listing Vulkan devices");
    if (count == 0) {
        return Status::error(
            "no Vulkan device found. Install your GPU's Vulkan driver, or Mesa's CPU driver "
            "(on Debian: apt install mesa-vulkan-drivers)");
    }
    return instance;
}

Instance::~Instance() {
    if (m_instance != VK_NULL_HANDLE) vkDestroyInstance(m_instance, nullptr);
}

}  // namespace hearth::vk

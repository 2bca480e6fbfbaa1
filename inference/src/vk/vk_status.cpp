#include "vk/vk_status.h"

namespace hearth::vk {

Status vkStatus(VkResult result, const std::string& what) {
    if (result == VK_SUCCESS) return Status();
    std::string why;
    switch (result) {
        case VK_ERROR_OUT_OF_DEVICE_MEMORY:
            why =
                "the GPU is out of memory. Close other programs that use the GPU, or choose a "
                "smaller model, a smaller quantization or a shorter context";
            break;
        case VK_ERROR_OUT_OF_HOST_MEMORY:
            why = "the computer is out of memory";
            break;
        case VK_ERROR_DEVICE_LOST:
            why =
                "the GPU stopped responding (device lost). The driver may have reset it; "
                "restart Hearth, and update the graphics driver if it happens again";
            break;
        case VK_ERROR_INITIALIZATION_FAILED:
            why = "the Vulkan driver failed to initialize";
            break;
        case VK_ERROR_INCOMPATIBLE_DRIVER:
            why =
                "no compatible Vulkan driver is installed (on Debian: apt install "
                "mesa-vulkan-drivers, or your GPU vendor's driver)";
            break;
        case VK_ERROR_FEATURE_NOT_PRESENT:
            why = "the GPU lacks a required feature";
            break;
        case VK_ERROR_EXTENSION_NOT_PRESENT:
            why = "the GPU driver lacks a required extension";
            break;
        case VK_ERROR_TOO_MANY_OBJECTS:
            why = "the driver's object limit was reached";
            break;
        case VK_ERROR_MEMORY_MAP_FAILED:
            why = "GPU memory could not be mapped";
            break;
        case VK_TIMEOUT:
            why = "the GPU did not finish in time";
            break;
        default:
            why = "Vulkan error " + std::to_string(static_cast<int>(result));
            break;
    }
    return Status::error(what + ": " + why);
}

}  // namespace hearth::vk

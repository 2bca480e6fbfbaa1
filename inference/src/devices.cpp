#include "hearth/devices.h"

#include "vk/device_caps.h"
#include "vk/instance.h"

namespace hearth {

std::string_view deviceTypeName(DeviceType type) {
    switch (type) {
        case DeviceType::Discrete:
            return "discrete";
        case DeviceType::Integrated:
            return "integrated";
        case DeviceType::Virtual:
            return "virtual";
        case DeviceType::Cpu:
            return "cpu";
        default:
            return "other";
    }
}

Result<std::vector<DeviceInfo>> listDevices() {
    HEARTH_ASSIGN_OR_RETURN(std::shared_ptr<vk::Instance> instance, vk::Instance::create());
    std::vector<vk::DeviceCaps> caps = vk::describeDevices(instance->physicalDevices());
    Result<int> chosen = vk::chooseDevice(caps);
    std::vector<DeviceInfo> out;
    for (const vk::DeviceCaps& c : caps) {
        out.push_back(c.info);
        out.back().preferred = chosen.ok() && chosen.value() == c.info.index;
    }
    if (!chosen.ok()) return chosen.status();  // e.g. a bad HEARTH_DEVICE: say so
    return out;
}

}  // namespace hearth

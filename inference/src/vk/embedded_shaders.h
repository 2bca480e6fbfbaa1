// The SPIR-V binaries compiled from shaders/ at build time (see shaders/CMakeLists.txt).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace hearth::shaders {

// The binary of a shader variant ("matvec_q4_k"), or an empty span if there is none.
std::span<const uint32_t> find(std::string_view name);

}  // namespace hearth::shaders

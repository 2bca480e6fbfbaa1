// Writing a Hugging Face checkpoint (what Model::load also opens directly) as one GGUF file:
// the matrices as `matrixType` ("q8_0", "f16" or "f32"), norms and biases as F32, with the
// vocabulary, merges, special tokens and chat template from its tokenizer files. Qwen2
// checkpoints only: a Llama one would need its Q and K rows permuted for GGUF's rope.
#pragma once

#include <filesystem>
#include <string>

#include "hearth/status.h"

namespace hearth {

Status convertToGguf(const std::filesystem::path& checkpoint, const std::filesystem::path& out,
                     const std::string& matrixType = "q8_0", const std::string& name = {});

}  // namespace hearth

// Hugging Face checkpoints for tests: safetensors files written from named tensors, and a GGUF
// test model (test_model.h) turned into a Hugging Face directory that holds the same weights,
// the way convert_hf_to_gguf.py would have read them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "hearth/status.h"
#include "support/test_model.h"

namespace hearth::testing {

struct SafetensorsEntry {
    std::string name;
    std::string dtype;            // "F32", "F16", "BF16" (or any text, for refusal tests)
    std::vector<uint64_t> shape;  // outermost first
    std::vector<uint8_t> data;
};

// A valid safetensors image: the header padded with spaces to 8 bytes (as the Python library
// does), the tensors' data in the order given.
std::vector<uint8_t> serializeSafetensors(const std::vector<SafetensorsEntry>& tensors,
                                          const std::map<std::string, std::string>& metadata = {});

Status writeBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);
Status writeText(const std::filesystem::path& path, const std::string& text);

struct HfExportOptions {
    uint32_t shards = 1;  // 1: model.safetensors; more: model-0000k-of-0000n + index.json
};

// Writes the GGUF test model at `gguf` (made by writeTestModel with `spec`) as a Hugging Face
// directory `directory`: config.json, the tokenizer files next to spec.tokenizerJson, and the
// F32/F16/BF16 weights under Hugging Face's names and shapes. Llama's Q and K rows go back to
// Hugging Face's order (llama.cpp's conversion interleaves each head's two halves); a
// rope_freqs tensor becomes config.json's llama3 rope_scaling.
Status writeHfCheckpoint(const std::filesystem::path& gguf, const std::filesystem::path& directory,
                         const TestModelSpec& spec, const HfExportOptions& options = {});

}  // namespace hearth::testing

// One decode token of a transformer with the shape of DeepSeek-R1-Distill-Qwen-1.5B (Q4_K
// weights, Q6_K output matrix, f16 KV cache), recorded once into a single command buffer and
// replayed, as the engine's decode will do. Weights are real quantized rows (repeated), so
// every kernel does a real token's work; the numbers are not a model's output.
#pragma once

#include <cstdint>

#include "hearth/status.h"

namespace hearth::vk {
class Device;
}

namespace hearth::bench {

struct TokenBenchResult {
    uint32_t layers = 0;
    uint32_t context = 0;  // positions attended
    uint32_t dispatches = 0;
    uint32_t barriers = 0;
    uint64_t weightBytes = 0;  // read per token: every layer and the output matrix (not the
                               // embedding table, of which a token reads one row)
    double millisecondsPerToken = 0;
};

Result<TokenBenchResult> runTokenBench(vk::Device& device, uint32_t context, int repetitions);

}  // namespace hearth::bench

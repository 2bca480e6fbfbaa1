// The smallest models the engine runs, for tests of what surrounds a model (the chat worker
// and controller, the window, the library) rather than of its numbers.
#pragma once

#include <filesystem>
#include <string>

#include "support/test_model.h"

namespace hearth::testing {

// One layer, hidden 64, two heads sharing one KV head, FFN 64; 256 byte tokens.
TestModelSpec tinyModelSpec();

// tinyModelSpec() with R1-Distill-Qwen's vocabulary (151,936 rows, from the npm reference
// packages) and the chat template in the file `chatTemplatePath`, written to dir/r1.gguf.
// Empty, with the reason in `skipReason`, when the packages are not installed or writing fails.
std::filesystem::path writeTinyR1Model(const std::filesystem::path& dir,
                                       const std::filesystem::path& chatTemplatePath,
                                       std::string* skipReason);

}  // namespace hearth::testing

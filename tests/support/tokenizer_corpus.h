// The tokenizer test corpus (tests/data/tokenizer_corpus): every .txt file, cut into segments
// at line ends, for the parity tests and the tokenizer benchmark.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hearth::testing {

struct TokenizerCorpus {
    std::vector<std::string> segments;  // in file order; about `segmentBytes` each
    size_t bytes = 0;
};

TokenizerCorpus loadTokenizerCorpus(const std::filesystem::path& dir, size_t segmentBytes = 2048);

// Runs tests/reference/tokenize.mjs (kind "hf" or "llama") on the segments; empty with `error`
// set on failure. `seconds` receives the reference's own tokenizing time.
std::vector<std::vector<int32_t>> referenceTokenize(
    const std::string& node, const std::filesystem::path& script, const std::string& kind,
    const std::filesystem::path& source, const std::vector<std::string>& texts,
    const std::filesystem::path& scratch, double* seconds, std::string* error);

}  // namespace hearth::testing

#include "support/tokenizer_corpus.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hearth::testing {

TokenizerCorpus loadTokenizerCorpus(const std::filesystem::path& dir, size_t segmentBytes) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".txt") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    TokenizerCorpus corpus;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        corpus.bytes += text.size();
        // Cut after a '\n' once a segment is long enough, so no character is split.
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\n', start + segmentBytes);
            end = end == std::string::npos ? text.size() : end + 1;
            corpus.segments.push_back(text.substr(start, end - start));
            start = end;
        }
    }
    return corpus;
}

std::vector<std::vector<int32_t>> referenceTokenize(
    const std::string& node, const std::filesystem::path& script, const std::string& kind,
    const std::filesystem::path& source, const std::vector<std::string>& texts,
    const std::filesystem::path& scratch, double* seconds, std::string* error) {
    const std::filesystem::path input = scratch / "texts.json";
    std::ofstream(input, std::ios::binary) << nlohmann::json(texts).dump();
    const std::string command = node + " '" + script.string() + "' " + kind + " '" +
                                source.string() + "' '" + input.string() + "'";
    FILE* pipe = popen(command.c_str(), "r");
    std::string output;
    char buffer[65536];
    size_t n = 0;
    while (pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        output.append(buffer, n);
    const int status = pipe != nullptr ? pclose(pipe) : -1;
    if (status != 0) {
        *error = "`" + command + "` failed (exit status " + std::to_string(status) + ")";
        return {};
    }
    const nlohmann::json result = nlohmann::json::parse(output, nullptr, false);
    if (result.is_discarded() || !result.contains("ids")) {
        *error = "`" + command + "` printed no result";
        return {};
    }
    if (seconds != nullptr) *seconds = result.value("seconds", 0.0);
    return result["ids"].get<std::vector<std::vector<int32_t>>>();
}

}  // namespace hearth::testing

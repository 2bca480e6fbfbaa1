#include "support/tiny_models.h"

#include <fstream>
#include <iterator>

#include "support/test_vocabularies.h"

namespace hearth::testing {

TestModelSpec tinyModelSpec() {
    TestModelSpec spec;
    spec.layers = 1;
    spec.hidden = 64;
    spec.heads = 2;
    spec.kvHeads = 1;
    spec.ffn = 64;
    return spec;
}

std::filesystem::path writeTinyR1Model(const std::filesystem::path& dir,
                                       const std::filesystem::path& chatTemplatePath,
                                       std::string* skipReason) {
    std::filesystem::create_directories(dir);
    const auto vocab = referenceVocabulary("r1-distill-qwen", dir / "vocab");
    if (!vocab) {
        *skipReason = "no R1 vocabulary: set HEARTH_REFERENCE_MODULES (npm ci in tests/reference)";
        return {};
    }
    TestModelSpec spec = tinyModelSpec();
    spec.tokenizerJson = vocab->tokenizerDir / "tokenizer.json";
    spec.preTokenizer = vocab->ggufPreTokenizer;
    spec.vocabRows = 151936;
    std::ifstream in(chatTemplatePath, std::ios::binary);
    if (!in) {
        *skipReason = "cannot read " + chatTemplatePath.string();
        return {};
    }
    spec.chatTemplate.assign(std::istreambuf_iterator<char>(in), {});
    const std::filesystem::path path = dir / "r1.gguf";
    const Status s = writeTestModel(path, spec);
    if (!s.ok()) *skipReason = s.message();
    return s.ok() ? path : std::filesystem::path();
}

}  // namespace hearth::testing

// hearth-tokenizer-bench [VOCABULARY...]
// Encoding speed on the tokenizer corpus (issue 4 §2): Hearth against llama.cpp's tokenizer
// (node-llama-cpp, the same GGUF vocabulary) in one command, each timed on its tokenizing alone
// (best of 3 passes over every segment). Prints MB/s for both and the ratio. Needs the npm
// reference packages (HEARTH_REFERENCE_MODULES, as the tests set it).
#include <chrono>
#include <cstdio>

#include "hearth/tokenizer.h"
#include "support/test_model.h"
#include "support/test_vocabularies.h"
#include "support/tokenizer_corpus.h"

using namespace hearth;

int main(int argc, char** argv) {
    std::vector<std::string> names(argv + 1, argv + argc);
    if (names.empty()) names = testing::referenceVocabularyNames();
    const std::filesystem::path scratch =
        std::filesystem::temp_directory_path() / "hearth-tokenizer-bench";
    std::filesystem::create_directories(scratch);
    const testing::TokenizerCorpus corpus = testing::loadTokenizerCorpus(HEARTH_TOKENIZER_CORPUS);
    const double megabytes = static_cast<double>(corpus.bytes) / 1e6;
    std::printf("corpus: %zu segments, %.3f MB\n", corpus.segments.size(), megabytes);
    std::printf("%-16s %12s %14s %8s\n", "vocabulary", "Hearth MB/s", "llama.cpp MB/s", "ratio");
    int status = 0;
    for (const std::string& name : names) {
        const auto vocabulary = testing::referenceVocabulary(name, scratch);
        if (!vocabulary) {
            std::fprintf(stderr, "%s: the npm reference packages are missing\n", name.c_str());
            return 1;
        }
        testing::TestModelSpec spec;
        spec.architecture = vocabulary->architecture;
        spec.layers = 1;
        spec.hidden = spec.ffn = 32;
        spec.heads = 2;
        spec.kvHeads = 1;
        spec.tokenizerJson = vocabulary->tokenizerDir / "tokenizer.json";
        spec.preTokenizer = vocabulary->ggufPreTokenizer;
        spec.controlTexts = testing::llamaCppControlTexts();
        const std::filesystem::path gguf = scratch / (name + ".gguf");
        if (Status s = testing::writeTestModel(gguf, spec); !s.ok()) {
            std::fprintf(stderr, "%s: %s\n", name.c_str(), s.message().c_str());
            return 1;
        }
        Result<Tokenizer> tokenizer = Tokenizer::load(gguf);
        if (!tokenizer.ok()) {
            std::fprintf(stderr, "%s: %s\n", name.c_str(), tokenizer.status().message().c_str());
            return 1;
        }
        const EncodeOptions options{.addSpecial = false, .parseSpecial = true};
        double best = 1e30;
        for (int pass = 0; pass < 3; ++pass) {
            const auto start = std::chrono::steady_clock::now();
            for (const std::string& segment : corpus.segments)
                if (!tokenizer->encode(segment, options).ok()) status = 1;
            best = std::min(
                best,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        double reference = 1e30;
        std::string error;
        for (int pass = 0; pass < 3; ++pass) {
            double seconds = 0;
            const auto ids =
                testing::referenceTokenize(HEARTH_NODE, HEARTH_TOKENIZE_SCRIPT, "llama", gguf,
                                           corpus.segments, scratch, &seconds, &error);
            if (ids.empty()) {
                std::fprintf(stderr, "%s: %s\n", name.c_str(), error.c_str());
                return 1;
            }
            reference = std::min(reference, seconds);
        }
        std::printf("%-16s %12.2f %14.2f %7.2fx\n", name.c_str(), megabytes / best,
                    megabytes / reference, reference / best);
    }
    std::filesystem::remove_all(scratch);
    return status;
}

// hearth-make-test-model OUT.gguf [--preset r1-qwen-1.5b] [--arch qwen2|llama] [--type T]
//     [--output-type T] [--layers N] [--hidden N] [--heads N] [--kv-heads N] [--ffn N]
//     [--vocab qwen3|llama3_1|bytes|r1-distill-qwen|llama3|deepseek-v3|llama2]
//     [--chat-template FILE.jinja] [--llama3-rope] [--seed N]
// Writes a seeded random-weight model with a real vocabulary (see test_model.h), for the
// benchmarks and for trying the command line by hand.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "support/test_model.h"
#include "support/test_vocabularies.h"

using hearth::TensorType;

namespace {

bool parseType(const char* name, TensorType* type) {
    const hearth::TensorTypeTraits* traits = hearth::tensorTypeTraitsByName(name);
    if (traits == nullptr) return false;
    *type = traits->type;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    hearth::testing::TestModelSpec spec;
    std::string out, vocab = "qwen3", chatTemplatePath;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        auto number = [&](uint32_t* field) {
            if (value == nullptr) return false;
            *field = static_cast<uint32_t>(std::stoul(value));
            ++i;
            return true;
        };
        bool ok = true;
        if (a == "--preset" && value && std::strcmp(value, "r1-qwen-1.5b") == 0) {
            // DeepSeek-R1-Distill-Qwen-1.5B (REFERENCES.md §1) as a Q4_K_M-like file.
            spec.layers = 28, spec.hidden = 1536, spec.heads = 12, spec.kvHeads = 2;
            spec.ffn = 8960, spec.context = 131072;
            spec.weightType = TensorType::Q4_K, spec.outputType = TensorType::Q6_K;
            spec.name = "random-weights R1-Distill-Qwen-1.5B shape";
            ++i;
        } else if (a == "--arch" && value) {
            spec.architecture = value, ++i;
        } else if (a == "--type" && value) {
            ok = parseType(value, &spec.weightType), ++i;
        } else if (a == "--output-type" && value) {
            ok = parseType(value, &spec.outputType), ++i;
        } else if (a == "--vocab" && value) {
            vocab = value, ++i;
        } else if (a == "--chat-template" && value) {
            chatTemplatePath = value, ++i;
        } else if (a == "--llama3-rope") {
            spec.llama3RopeScaling = true;
        } else if (a == "--layers") {
            ok = number(&spec.layers);
        } else if (a == "--hidden") {
            ok = number(&spec.hidden);
        } else if (a == "--heads") {
            ok = number(&spec.heads);
        } else if (a == "--kv-heads") {
            ok = number(&spec.kvHeads);
        } else if (a == "--ffn") {
            ok = number(&spec.ffn);
        } else if (a == "--seed") {
            ok = number(&spec.seed);
        } else if (a[0] != '-' && out.empty()) {
            out = a;
        } else {
            ok = false;
        }
        if (!ok) {
            std::fprintf(stderr, "hearth-make-test-model: bad option '%s'\n", a.c_str());
            return 2;
        }
    }
    if (out.empty()) {
        std::fprintf(stderr, "usage: hearth-make-test-model OUT.gguf [options]\n");
        return 2;
    }
    // "bytes": 256 byte tokens and an end-of-text token, no npm package needed; the names of
    // test_vocabularies.h ("r1-distill-qwen", ...) write that vocabulary with its GGUF
    // pre-tokenizer name.
    const auto named = hearth::testing::referenceVocabulary(
        vocab, std::filesystem::path(out).parent_path() / ".hearth-vocabularies");
    if (named) {
        spec.tokenizerJson = named->tokenizerDir / "tokenizer.json";
        spec.preTokenizer = named->ggufPreTokenizer;
        if (vocab == "r1-distill-qwen") spec.vocabRows = 151936;
    } else {
        spec.tokenizerJson = vocab == "bytes" ? "" : hearth::testing::referenceTokenizer(vocab);
        spec.preTokenizer = vocab == "llama3_1" ? "llama-bpe" : "qwen2";
        spec.vocabRows = vocab == "qwen3" ? 151936 : 0;
    }
    if (!chatTemplatePath.empty()) {
        std::ifstream in(chatTemplatePath, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "hearth-make-test-model: cannot read %s\n",
                         chatTemplatePath.c_str());
            return 1;
        }
        spec.chatTemplate.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (vocab != "bytes" && spec.tokenizerJson.empty()) {
        std::fprintf(stderr,
                     "hearth-make-test-model: no tokenizer '%s' (set HEARTH_REFERENCE_MODULES to "
                     "tests/reference/node_modules after npm ci)\n",
                     vocab.c_str());
        return 1;
    }
    const hearth::Status s = hearth::testing::writeTestModel(out, spec);
    if (!s.ok()) {
        std::fprintf(stderr, "hearth-make-test-model: %s\n", s.message().c_str());
        return 1;
    }
    return 0;
}

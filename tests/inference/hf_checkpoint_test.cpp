// Hugging Face checkpoint directories read without a GPU: config.json into a ModelConfig,
// tensor names and shapes into GGUF's, the tokenizer files' special tokens and template, and
// the refusals (pickle checkpoints, unsupported architectures and settings), each naming what
// is wrong. Tiny hand-made checkpoints; hf_model_test.cpp runs real-sized ones on the device.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hearth/tokenizer.h"
#include "models/hf_checkpoint.h"
#include "support/test_hf_checkpoint.h"

namespace hearth::models {
namespace {

using Json = nlohmann::json;
using testing::SafetensorsEntry;

constexpr uint32_t kHidden = 8, kFfn = 16, kVocab = 6, kHeadDim = 4;

SafetensorsEntry tensor(const std::string& name, std::vector<uint64_t> shape) {
    uint64_t n = 1;
    for (uint64_t d : shape) n *= d;
    std::vector<float> values(n);
    for (uint64_t i = 0; i < n; ++i) values[i] = 0.01f * static_cast<float>(i % 17);
    std::vector<uint8_t> bytes(n * 4);
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return {name, "F32", std::move(shape), std::move(bytes)};
}

// A one-layer checkpoint: hidden 8, 2 heads of 4 over 1 KV head, FFN 16, 6 tokens.
class HfCheckpointTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("hearth-hf-checkpoint-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
        m_config = {{"architectures", {"LlamaForCausalLM"}},
                    {"hidden_size", kHidden},
                    {"intermediate_size", kFfn},
                    {"num_hidden_layers", 1},
                    {"num_attention_heads", 2},
                    {"num_key_value_heads", 1},
                    {"rms_norm_eps", 1e-5},
                    {"rope_theta", 500000.0},
                    {"max_position_embeddings", 64},
                    {"tie_word_embeddings", false},
                    {"bos_token_id", 3},
                    {"eos_token_id", {4, 5}}};
        m_tokenizer = {
            {"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"\xC4\xA0hi", 1}, {"\xC4\x8A", 2}}}}},
            {"added_tokens",
             {{{"id", 3}, {"content", "<s>"}, {"special", true}},
              {{"id", 4}, {"content", "</s>"}, {"special", true}},
              {{"id", 5}, {"content", "<think>"}, {"special", false}}}},
            {"decoder", {{"type", "ByteLevel"}}},
            {"post_processor",
             {{"type", "TemplateProcessing"},
              {"single", {{{"SpecialToken", {{"id", "<s>"}}}}, {{"Sequence", {{"id", "A"}}}}}}}}};
        m_tokenizerConfig = {{"eos_token", {{"content", "</s>"}}},
                             {"chat_template", "{{ messages }}"}};
        m_tensors = {tensor("model.embed_tokens.weight", {kVocab, kHidden}),
                     tensor("model.layers.0.input_layernorm.weight", {kHidden}),
                     tensor("model.layers.0.self_attn.q_proj.weight", {kHidden, kHidden}),
                     tensor("model.layers.0.self_attn.k_proj.weight", {kHeadDim, kHidden}),
                     tensor("model.layers.0.self_attn.v_proj.weight", {kHeadDim, kHidden}),
                     tensor("model.layers.0.self_attn.o_proj.weight", {kHidden, kHidden}),
                     tensor("model.layers.0.self_attn.rotary_emb.inv_freq", {kHeadDim / 2}),
                     tensor("model.layers.0.post_attention_layernorm.weight", {kHidden}),
                     tensor("model.layers.0.mlp.gate_proj.weight", {kFfn, kHidden}),
                     tensor("model.layers.0.mlp.up_proj.weight", {kFfn, kHidden}),
                     tensor("model.layers.0.mlp.down_proj.weight", {kHidden, kFfn}),
                     tensor("model.norm.weight", {kHidden}),
                     tensor("lm_head.weight", {kVocab, kHidden})};
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    void write() {
        ASSERT_TRUE(testing::writeText(m_dir / "config.json", m_config.dump()).ok());
        ASSERT_TRUE(testing::writeText(m_dir / "tokenizer.json", m_tokenizer.dump()).ok());
        ASSERT_TRUE(
            testing::writeText(m_dir / "tokenizer_config.json", m_tokenizerConfig.dump()).ok());
        ASSERT_TRUE(testing::writeBytes(m_dir / "model.safetensors",
                                        testing::serializeSafetensors(m_tensors))
                        .ok());
    }
    std::unique_ptr<HfCheckpoint> open() {
        write();
        auto checkpoint = HfCheckpoint::open(m_dir);
        EXPECT_TRUE(checkpoint.ok()) << checkpoint.status().message();
        return checkpoint.ok() ? std::move(checkpoint.value()) : nullptr;
    }
    std::string openError() {
        write();
        const auto checkpoint = HfCheckpoint::open(m_dir);
        EXPECT_FALSE(checkpoint.ok()) << "the checkpoint was accepted";
        const std::string message = checkpoint.ok() ? "" : checkpoint.status().message();
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        return message;
    }
    void removeTensor(const std::string& name) {
        std::erase_if(m_tensors, [&](const SafetensorsEntry& e) { return e.name == name; });
    }

    std::filesystem::path m_dir;
    Json m_config, m_tokenizer, m_tokenizerConfig;
    std::vector<SafetensorsEntry> m_tensors;
};

TEST_F(HfCheckpointTest, ReadsALlamaConfig) {
    const auto checkpoint = open();
    ASSERT_NE(checkpoint, nullptr);
    const ModelConfig& c = checkpoint->config();
    EXPECT_EQ(c.architecture, "llama");
    EXPECT_EQ(c.nLayers, 1u);
    EXPECT_EQ(c.hidden, kHidden);
    EXPECT_EQ(c.ffn, kFfn);
    EXPECT_EQ(c.nHeads, 2u);
    EXPECT_EQ(c.nKvHeads, 1u);
    EXPECT_EQ(c.headDim, kHeadDim);
    EXPECT_EQ(c.vocab, kVocab);
    EXPECT_EQ(c.contextTrained, 64u);
    EXPECT_FLOAT_EQ(c.rmsEps, 1e-5f);
    EXPECT_FALSE(c.tiedOutput);
    EXPECT_FALSE(c.qkvBias);
    EXPECT_FALSE(c.ropeFreqFactors);
    // Hugging Face's Llama rotates halves: NeoX style, unlike llama.cpp's permuted GGUF.
    EXPECT_EQ(c.rope.style, ops::RopeStyle::NeoX);
    EXPECT_EQ(c.rope.nRot, kHeadDim);
    EXPECT_FLOAT_EQ(c.rope.base, 500000.0f);
    EXPECT_EQ(c.name, m_dir.filename().string());
}

TEST_F(HfCheckpointTest, RenamesTensorsAndReversesTheirShapes) {
    const auto checkpoint = open();
    ASSERT_NE(checkpoint, nullptr);
    const TensorSource& tensors = checkpoint->tensors();
    const TensorView* k = tensors.tensor("blk.0.attn_k.weight");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->dims, (std::vector<uint64_t>{kHidden, kHeadDim}));  // innermost first
    EXPECT_EQ(k->type, TensorType::F32);
    EXPECT_EQ(k->bytes, uint64_t{kHidden} * kHeadDim * 4);
    for (const char* name :
         {"token_embd.weight", "blk.0.attn_norm.weight", "blk.0.attn_q.weight",
          "blk.0.attn_v.weight", "blk.0.attn_output.weight", "blk.0.ffn_norm.weight",
          "blk.0.ffn_gate.weight", "blk.0.ffn_up.weight", "blk.0.ffn_down.weight",
          "output_norm.weight", "output.weight"})
        EXPECT_NE(tensors.tensor(name), nullptr) << name;
    EXPECT_EQ(tensors.tensor("blk.0.ffn_down.weight")->dims,
              (std::vector<uint64_t>{kFfn, kHidden}));
    EXPECT_EQ(tensors.tensors().size(), 12u) << "rotary_emb.inv_freq is left out";
}

TEST_F(HfCheckpointTest, Llama3RopeScalingBecomesARopeFreqsTensor) {
    m_config["rope_scaling"] = {{"rope_type", "llama3"},
                                {"factor", 8.0},
                                {"low_freq_factor", 1.0},
                                {"high_freq_factor", 4.0},
                                {"original_max_position_embeddings", 8192}};
    const auto checkpoint = open();
    ASSERT_NE(checkpoint, nullptr);
    EXPECT_TRUE(checkpoint->config().ropeFreqFactors);
    const TensorView* freqs = checkpoint->tensors().tensor("rope_freqs.weight");
    ASSERT_NE(freqs, nullptr);
    EXPECT_EQ(freqs->dims, (std::vector<uint64_t>{kHeadDim / 2}));
    const std::vector<float> expected = ops::llama3FreqFactors(kHeadDim, 500000.0f);
    std::vector<float> actual(kHeadDim / 2);
    std::memcpy(actual.data(), freqs->data, freqs->bytes);
    EXPECT_EQ(actual, expected);
}

TEST_F(HfCheckpointTest, LinearAndYarnRopeScaling) {
    m_config["rope_scaling"] = {{"type", "linear"}, {"factor", 4.0}};
    auto checkpoint = open();
    ASSERT_NE(checkpoint, nullptr);
    EXPECT_FLOAT_EQ(checkpoint->config().rope.freqScale, 0.25f);
    checkpoint.reset();
    m_config["rope_scaling"] = {
        {"rope_type", "yarn"}, {"factor", 4.0}, {"original_max_position_embeddings", 32}};
    checkpoint = open();
    ASSERT_NE(checkpoint, nullptr);
    EXPECT_FLOAT_EQ(checkpoint->config().rope.freqScale, 0.25f);
    EXPECT_FLOAT_EQ(checkpoint->config().rope.extFactor, 1.0f);
    EXPECT_EQ(checkpoint->config().rope.style, ops::RopeStyle::NeoX);
}

TEST_F(HfCheckpointTest, ReadsSpecialTokensAndTheChatTemplate) {
    const auto checkpoint = open();
    ASSERT_NE(checkpoint, nullptr);
    const HfTokenizerFiles& t = checkpoint->tokenizer();
    EXPECT_EQ(t.bosToken, 3);
    EXPECT_EQ(t.eosTokens, (std::vector<int32_t>{4, 5}));  // tokenizer_config's first
    EXPECT_TRUE(t.addBos) << "the post-processor puts <s> first";
    EXPECT_EQ(t.chatTemplate, "{{ messages }}");
    EXPECT_EQ(t.tokenizerJson, m_dir / "tokenizer.json");
}

TEST_F(HfCheckpointTest, ReadsGenerationAdvice) {
    write();
    ASSERT_TRUE(testing::writeText(m_dir / "generation_config.json",
                                   R"({"temperature": 0.6, "top_p": 0.9, "eos_token_id": 2})")
                    .ok());
    const auto checkpoint = HfCheckpoint::open(m_dir);
    ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().message();
    const HfTokenizerFiles& t = checkpoint.value()->tokenizer();
    EXPECT_EQ(t.generation.temperature, 0.6);
    EXPECT_EQ(t.generation.topP, 0.9);
    EXPECT_FALSE(t.generation.topK.has_value());
    EXPECT_EQ(t.eosTokens, (std::vector<int32_t>{4, 5, 2}));
}

TEST_F(HfCheckpointTest, ReadsATiedQwen2WithBiases) {
    m_config["architectures"] = {"Qwen2ForCausalLM"};
    m_config["tie_word_embeddings"] = true;
    removeTensor("lm_head.weight");
    m_tensors.push_back(tensor("model.layers.0.self_attn.q_proj.bias", {kHidden}));
    m_tensors.push_back(tensor("model.layers.0.self_attn.k_proj.bias", {kHeadDim}));
    m_tensors.push_back(tensor("model.layers.0.self_attn.v_proj.bias", {kHeadDim}));
    const auto checkpoint = open();
    ASSERT_NE(checkpoint, nullptr);
    EXPECT_EQ(checkpoint->config().architecture, "qwen2");
    EXPECT_TRUE(checkpoint->config().tiedOutput);
    EXPECT_TRUE(checkpoint->config().qkvBias);
    EXPECT_EQ(checkpoint->config().rope.style, ops::RopeStyle::NeoX);
}

TEST_F(HfCheckpointTest, PickleCheckpointsAreRefusedWithTheReason) {
    std::filesystem::create_directories(m_dir);
    ASSERT_TRUE(testing::writeText(m_dir / "config.json", m_config.dump()).ok());
    ASSERT_TRUE(testing::writeText(m_dir / "pytorch_model.bin", "pickle").ok());
    ASSERT_TRUE(testing::writeText(m_dir / "training_args.bin", "pickle").ok());
    const auto checkpoint = HfCheckpoint::open(m_dir);
    ASSERT_FALSE(checkpoint.ok());
    const std::string message = checkpoint.status().message();
    EXPECT_EQ(message.rfind("pytorch_model.bin is a pickle file, which can run arbitrary code "
                            "when loaded; Hearth only loads safetensors.",
                            0),
              0u)
        << message;
    EXPECT_NE(message.find("Download the model's safetensors version"), std::string::npos)
        << message;
    for (const char* name : {"model.pt", "weights.pth", "last.ckpt"}) {
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
        ASSERT_TRUE(testing::writeText(m_dir / name, "pickle").ok());
        const auto other = HfCheckpoint::open(m_dir);
        ASSERT_FALSE(other.ok());
        EXPECT_EQ(other.status().message().rfind(std::string(name) + " is a pickle file", 0), 0u)
            << other.status().message();
    }
}

TEST_F(HfCheckpointTest, PickleFilesNextToSafetensorsAreIgnored) {
    write();
    ASSERT_TRUE(testing::writeText(m_dir / "training_args.bin", "pickle").ok());
    EXPECT_TRUE(HfCheckpoint::open(m_dir).ok());
}

TEST_F(HfCheckpointTest, UnsupportedArchitecturesAreNamed) {
    m_config["architectures"] = {"MistralForCausalLM"};
    EXPECT_NE(openError().find("architecture 'MistralForCausalLM' is not supported"),
              std::string::npos);
    m_config.erase("architectures");
    EXPECT_NE(openError().find("config.json has no architectures list"), std::string::npos);
}

TEST_F(HfCheckpointTest, BadSettingsNameTheirKey) {
    Json good = m_config;
    m_config.erase("hidden_size");
    EXPECT_EQ(openError(), "config.json has no hidden_size");
    m_config = good;
    m_config["hidden_size"] = -8;
    EXPECT_EQ(openError(), "config.json: hidden_size is -8, which is not a usable size");
    m_config = good;
    m_config["num_key_value_heads"] = 3;
    EXPECT_NE(openError().find("num_key_value_heads 3 does not divide num_attention_heads 2"),
              std::string::npos);
    m_config = good;
    m_config["rms_norm_eps"] = "small";
    EXPECT_NE(openError().find("rms_norm_eps is \"small\", not a number"), std::string::npos);
    m_config = good;
    m_config["rope_scaling"] = {{"type", "dynamic"}, {"factor", 2.0}};
    EXPECT_NE(openError().find("rope_scaling type 'dynamic' is not supported"), std::string::npos);
    m_config = good;
    m_config["use_sliding_window"] = true;
    EXPECT_NE(openError().find("use_sliding_window"), std::string::npos);
    m_config = good;
    m_config["eos_token_id"] = 99;
    EXPECT_NE(openError().find("end-of-sequence token 99 is outside the vocabulary (6 tokens)"),
              std::string::npos);
}

TEST_F(HfCheckpointTest, TensorsTheForwardPassCannotRunAreRefused) {
    m_tensors.push_back(tensor("model.layers.0.self_attn.o_proj.bias", {kHidden}));
    EXPECT_NE(openError().find("'model.layers.0.self_attn.o_proj.bias' is not supported"),
              std::string::npos);
    removeTensor("model.layers.0.self_attn.o_proj.bias");
    m_tensors.push_back(tensor("model.layers.1.mlp.up_proj.weight", {kFfn, kHidden}));
    EXPECT_NE(openError().find(
                  "'model.layers.1.mlp.up_proj.weight' is past the last layer (config.json's "
                  "num_hidden_layers is 1)"),
              std::string::npos);
}

TEST_F(HfCheckpointTest, AnUntiedModelNeedsItsOutputMatrix) {
    removeTensor("lm_head.weight");
    EXPECT_NE(openError().find("tensor 'lm_head.weight' is missing"), std::string::npos);
}

TEST_F(HfCheckpointTest, MissingFilesAreNamed) {
    write();
    std::filesystem::remove(m_dir / "tokenizer.json");
    const auto checkpoint = HfCheckpoint::open(m_dir);
    ASSERT_FALSE(checkpoint.ok());
    EXPECT_EQ(checkpoint.status().message().rfind("tokenizer.json is missing", 0), 0u);
}

TEST_F(HfCheckpointTest, DuplicateKeysInConfigAreRefused) {
    write();
    ASSERT_TRUE(
        testing::writeText(m_dir / "config.json", R"({"hidden_size": 8, "hidden_size": 4096})")
            .ok());
    const auto checkpoint = HfCheckpoint::open(m_dir);
    ASSERT_FALSE(checkpoint.ok());
    EXPECT_EQ(checkpoint.status().message(),
              "config.json: key 'hidden_size' appears twice in the top-level object");
}

TEST_F(HfCheckpointTest, TokenizerDecodesByteLevelTokens) {
    write();
    const auto tokenizer = Tokenizer::load(m_dir);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().message();
    EXPECT_EQ(tokenizer->size(), 6u);
    EXPECT_EQ(tokenizer->tokenBytes(0), "a");
    EXPECT_EQ(tokenizer->tokenBytes(1), " hi");
    EXPECT_EQ(tokenizer->tokenBytes(2), "\n");
    EXPECT_TRUE(tokenizer->isControl(3)) << "special tokens are control tokens";
    EXPECT_EQ(tokenizer->decode({0, 3, 1}), "a hi") << "control tokens stand for no text";
    EXPECT_EQ(tokenizer->decode({0, 3, 1}, true), "a<s> hi");
    EXPECT_EQ(tokenizer->tokenBytes(5), "<think>") << "other added tokens stand for themselves";
    EXPECT_FALSE(tokenizer->isControl(5));
    EXPECT_EQ(tokenizer->tokenBytes(42), "");
}

TEST_F(HfCheckpointTest, TokenizerDecodesSentencePieceTokens) {
    m_tokenizer["model"]["vocab"] = {{"\xE2\x96\x81hi", 0}, {"<0x0A>", 1}, {"<0xZZ>", 2}};
    m_tokenizer["decoder"] = {{"type", "Sequence"},
                              {"decoders", {{{"type", "Replace"}}, {{"type", "ByteFallback"}}}}};
    write();
    const auto tokenizer = Tokenizer::load(m_dir);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().message();
    EXPECT_EQ(tokenizer->tokenBytes(0), " hi");
    EXPECT_EQ(tokenizer->tokenBytes(1), "\n");
    EXPECT_EQ(tokenizer->tokenBytes(2), "<0xZZ>");
}

TEST_F(HfCheckpointTest, TokenizerRefusesBadIds) {
    Json good = m_tokenizer;
    m_tokenizer["model"]["vocab"]["b"] = -1;
    write();
    auto tokenizer = Tokenizer::load(m_dir);
    ASSERT_FALSE(tokenizer.ok());
    EXPECT_EQ(tokenizer.status().message(),
              "tokenizer.json: token 'b' has id -1, not a usable token id");
    m_tokenizer = good;
    m_tokenizer["model"]["vocab"]["b"] = 1;
    write();
    tokenizer = Tokenizer::load(m_dir);
    ASSERT_FALSE(tokenizer.ok());
    EXPECT_EQ(tokenizer.status().message(), "tokenizer.json: two tokens of model.vocab have id 1");
    m_tokenizer = good;
    m_tokenizer["model"]["type"] = "WordPiece";
    write();
    tokenizer = Tokenizer::load(m_dir);
    ASSERT_FALSE(tokenizer.ok());
    EXPECT_NE(tokenizer.status().message().find("WordPiece' is not supported"), std::string::npos);
}

}  // namespace
}  // namespace hearth::models

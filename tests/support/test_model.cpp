#include "support/test_model.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>

#include "formats/gguf.h"
#include "ops/rope.h"
#include "reference/quantize.h"
#include "tokenizer/gguf_token_list.h"

namespace hearth::testing {

namespace {

using tokenizer::kGgufControlToken;
using tokenizer::kGgufNormalToken;
using tokenizer::kGgufUnusedToken;

struct Vocabulary : tokenizer::GgufTokenList {
    int32_t bos = -1, eos = -1;
};

// Parsing an 11 MB tokenizer.json takes a while: once per file and process.
Result<const Vocabulary*> loadVocabulary(const std::filesystem::path& path) {
    static std::map<std::filesystem::path, Vocabulary> cache;
    if (auto it = cache.find(path); it != cache.end()) return &it->second;
    HEARTH_ASSIGN_OR_RETURN(tokenizer::GgufTokenList list, tokenizer::readGgufTokenList(path));
    Vocabulary v;
    static_cast<tokenizer::GgufTokenList&>(v) = std::move(list);
    // The first special token opens a text in both families; the next one after it is EOS.
    for (size_t i = 0; i < v.types.size(); ++i) {
        if (v.types[i] != kGgufControlToken) continue;
        const std::string& t = v.tokens[i];
        if (v.bos < 0 &&
            (t.find("begin") != std::string::npos || t == "<|endoftext|>" || t == "<s>"))
            v.bos = static_cast<int32_t>(i);
        if (v.eos < 0 && (t.find("end") != std::string::npos || t == "</s>"))
            v.eos = static_cast<int32_t>(i);
    }
    return &cache.emplace(path, std::move(v)).first->second;
}

// Normal random weights, fast: a vocabulary-sized table takes tens of millions of them, so
// they are drawn from a fixed table of standard normals by a xorshift generator.
class WeightMaker {
public:
    explicit WeightMaker(uint32_t seed) : m_state(0x9E3779B97F4A7C15ull ^ seed) {
        std::mt19937 rng(seed);
        std::normal_distribution<float> dist(0.0f, 1.0f);
        m_normals.resize(kTableSize);
        for (float& x : m_normals) x = dist(rng);
    }

    std::vector<float> normal(size_t n, float stddev, float mean = 0.0f) {
        std::vector<float> v(n);
        for (float& x : v) x = mean + stddev * m_normals[next() & (kTableSize - 1)];
        return v;
    }

    Status matrix(formats::GgufWriter& w, const std::string& name, TensorType type, uint32_t rows,
                  uint32_t cols, float stddev) {
        const std::vector<float> values = normal(size_t{rows} * cols, stddev);
        const uint64_t rowBytes = tensorRowBytes(type, cols).value();
        std::vector<uint8_t> data(rowBytes * rows);
        for (uint32_t r = 0; r < rows; ++r)
            quantizeRow(type, values.data() + size_t{r} * cols, data.data() + r * rowBytes, cols);
        return w.addTensor(name, type, {cols, rows}, std::move(data));
    }

    Status vector(formats::GgufWriter& w, const std::string& name, std::vector<float> values) {
        std::vector<uint8_t> data(values.size() * 4);
        std::memcpy(data.data(), values.data(), data.size());
        return w.addTensor(name, TensorType::F32, {values.size()}, std::move(data));
    }

private:
    static constexpr size_t kTableSize = 1 << 20;
    uint64_t next() {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return m_state >> 20;
    }
    uint64_t m_state;
    std::vector<float> m_normals;
};

// 256 byte tokens spelled as GPT-2's byte-level BPE spells them, and an end-of-text token:
// a vocabulary for tests that need no real one (generated text is then one byte per token).
const Vocabulary* byteVocabulary() {
    static const Vocabulary v = [] {
        Vocabulary b;
        int next = 256;
        for (int byte = 0; byte < 256; ++byte) {
            const bool printable =
                (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || byte >= 174;
            const int cp = printable ? byte : next++;
            std::string utf8;
            if (cp < 0x80) {
                utf8 = std::string(1, static_cast<char>(cp));
            } else {
                utf8 = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
            }
            b.tokens.push_back(utf8);
            b.types.push_back(kGgufNormalToken);
        }
        b.tokens.push_back("<|endoftext|>");
        b.types.push_back(kGgufControlToken);
        b.bos = b.eos = 256;
        return b;
    }();
    return &v;
}

}  // namespace

std::filesystem::path referenceTokenizer(const std::string& package) {
    const char* modules = std::getenv("HEARTH_REFERENCE_MODULES");
    if (modules == nullptr) return {};
    const std::filesystem::path path = std::filesystem::path(modules) / "@lenml" /
                                       ("tokenizer-" + package) / "models" / "tokenizer.json";
    return std::filesystem::exists(path) ? path : std::filesystem::path();
}

bool useFamilyVocabulary(TestModelSpec& spec) {
    const bool llama = spec.architecture == "llama";
    spec.tokenizerJson = referenceTokenizer(llama ? "llama3_1" : "qwen3");
    spec.preTokenizer = llama ? "llama-bpe" : "qwen2";
    spec.vocabRows = llama ? 0 : 151936;
    return !spec.tokenizerJson.empty();
}

Status writeTestModel(const std::filesystem::path& path, const TestModelSpec& s) {
    const Vocabulary* vocab = byteVocabulary();
    if (!s.tokenizerJson.empty()) {
        HEARTH_ASSIGN_OR_RETURN(vocab, loadVocabulary(s.tokenizerJson));
    }
    const uint32_t vocabRows =
        std::max<uint32_t>(s.vocabRows, static_cast<uint32_t>(vocab->tokens.size()));
    const uint32_t headDim = s.hidden / s.heads;
    const std::string a = s.architecture + ".";

    formats::GgufWriter w;
    w.setString("general.architecture", s.architecture);
    w.setString("general.name", s.name);
    w.setUInt32(a + "block_count", s.layers);
    w.setUInt32(a + "context_length", s.context);
    w.setUInt32(a + "embedding_length", s.hidden);
    w.setUInt32(a + "feed_forward_length", s.ffn);
    w.setUInt32(a + "attention.head_count", s.heads);
    w.setUInt32(a + "attention.head_count_kv", s.kvHeads);
    w.setFloat32(a + "attention.layer_norm_rms_epsilon", 1e-6f);
    w.setFloat32(a + "rope.freq_base", s.llama3RopeScaling ? 500000.0f : 10000.0f);
    w.setUInt32(a + "rope.dimension_count", headDim);
    w.setString("tokenizer.ggml.model", vocab->sentencePiece ? "llama" : "gpt2");
    if (!vocab->sentencePiece) w.setString("tokenizer.ggml.pre", s.preTokenizer);
    std::vector<std::string> tokens = vocab->tokens;
    std::vector<int32_t> types = vocab->types;
    for (size_t i = 0; i < tokens.size(); ++i)
        if (types[i] == kGgufNormalToken && std::find(s.controlTexts.begin(), s.controlTexts.end(),
                                                      tokens[i]) != s.controlTexts.end())
            types[i] = kGgufControlToken;
    for (size_t i = tokens.size(); i < vocabRows; ++i) {
        tokens.push_back("[PAD" + std::to_string(i) + "]");
        types.push_back(kGgufUnusedToken);
    }
    w.setStringArray("tokenizer.ggml.tokens", tokens);
    w.setInt32Array("tokenizer.ggml.token_type", types);
    if (vocab->sentencePiece) {
        std::vector<float> scores = vocab->scores;
        scores.resize(tokens.size(), 0.0f);
        w.setFloat32Array("tokenizer.ggml.scores", scores);
        w.setBool("tokenizer.ggml.add_space_prefix", true);
    } else {
        w.setStringArray("tokenizer.ggml.merges", vocab->merges);
    }
    if (vocab->bos >= 0) w.setUInt32("tokenizer.ggml.bos_token_id", vocab->bos);
    const int32_t eos = s.eosToken >= 0 ? s.eosToken : vocab->eos;
    if (eos >= 0) w.setUInt32("tokenizer.ggml.eos_token_id", static_cast<uint32_t>(eos));
    w.setBool("tokenizer.ggml.add_bos_token", false);
    if (!s.chatTemplate.empty()) w.setString("tokenizer.chat_template", s.chatTemplate);

    // Scales: projections keep the residual stream near unit size; the output matrix is large
    // so the logits spread over several nats and the best token is clear at most positions.
    WeightMaker m(s.seed);
    const float inScale = 1.0f / std::sqrt(static_cast<float>(s.hidden));
    const uint32_t q = s.heads * headDim, kv = s.kvHeads * headDim;
    HEARTH_RETURN_IF_ERROR(
        m.matrix(w, "token_embd.weight", s.weightType, vocabRows, s.hidden, 1.0f));
    for (uint32_t i = 0; i < s.layers; ++i) {
        auto name = [&](const char* suffix) { return "blk." + std::to_string(i) + "." + suffix; };
        HEARTH_RETURN_IF_ERROR(
            m.vector(w, name("attn_norm.weight"), m.normal(s.hidden, 0.1f, 1.0f)));
        HEARTH_RETURN_IF_ERROR(
            m.matrix(w, name("attn_q.weight"), s.weightType, q, s.hidden, 2 * inScale));
        HEARTH_RETURN_IF_ERROR(
            m.matrix(w, name("attn_k.weight"), s.weightType, kv, s.hidden, 2 * inScale));
        HEARTH_RETURN_IF_ERROR(
            m.matrix(w, name("attn_v.weight"), s.weightType, kv, s.hidden, inScale));
        if (s.architecture == "qwen2") {
            HEARTH_RETURN_IF_ERROR(m.vector(w, name("attn_q.bias"), m.normal(q, 0.5f)));
            HEARTH_RETURN_IF_ERROR(m.vector(w, name("attn_k.bias"), m.normal(kv, 0.5f)));
            HEARTH_RETURN_IF_ERROR(m.vector(w, name("attn_v.bias"), m.normal(kv, 0.1f)));
        }
        HEARTH_RETURN_IF_ERROR(m.matrix(w, name("attn_output.weight"), s.weightType, s.hidden, q,
                                        1.0f / std::sqrt(static_cast<float>(q))));
        HEARTH_RETURN_IF_ERROR(
            m.vector(w, name("ffn_norm.weight"), m.normal(s.hidden, 0.1f, 1.0f)));
        HEARTH_RETURN_IF_ERROR(
            m.matrix(w, name("ffn_gate.weight"), s.weightType, s.ffn, s.hidden, inScale));
        HEARTH_RETURN_IF_ERROR(
            m.matrix(w, name("ffn_up.weight"), s.weightType, s.ffn, s.hidden, inScale));
        HEARTH_RETURN_IF_ERROR(m.matrix(w, name("ffn_down.weight"), s.weightType, s.hidden, s.ffn,
                                        1.0f / std::sqrt(static_cast<float>(s.ffn))));
    }
    formats::GgufWriter second;
    formats::GgufWriter& last = s.splitInTwo ? second : w;
    HEARTH_RETURN_IF_ERROR(m.vector(last, "output_norm.weight", m.normal(s.hidden, 0.1f, 1.0f)));
    if (!s.tiedOutput)
        HEARTH_RETURN_IF_ERROR(
            m.matrix(last, "output.weight", s.outputType, vocabRows, s.hidden, 0.25f));
    if (s.llama3RopeScaling) {
        HEARTH_RETURN_IF_ERROR(
            m.vector(last, "rope_freqs.weight", ops::llama3FreqFactors(headDim, 500000.0f)));
    }
    if (!s.splitInTwo) return w.write(path);

    const std::string firstSuffix = "-00001-of-00002.gguf";
    const std::string name = path.filename().string();
    if (!name.ends_with(firstSuffix))
        return Status::error("a split test model's name must end in " + firstSuffix);
    const auto tensors = static_cast<int32_t>(w.tensorCount() + second.tensorCount());
    for (uint32_t i = 0; i < 2; ++i) {
        formats::GgufWriter& file = i == 0 ? w : second;
        file.setUInt32("split.no", i);
        file.setUInt32("split.count", 2);
        file.setInt32("split.tensors.count", tensors);
    }
    HEARTH_RETURN_IF_ERROR(w.write(path));
    return second.write(path.parent_path() / (name.substr(0, name.size() - firstSuffix.size()) +
                                              "-00002-of-00002.gguf"));
}

}  // namespace hearth::testing

#include "models/hf_checkpoint.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <system_error>

#include "formats/gguf_image.h"  // quoteForMessage
#include "formats/safetensors.h"
#include "formats/strict_json.h"
#include "models/hf_json.h"

namespace hearth::models {

namespace {

using Json = nlohmann::json;

// Checkpoint formats built on Python's pickle: loading one runs whatever code it carries.
constexpr std::string_view kPickleSuffixes[] = {".bin", ".pt", ".pth", ".ckpt"};

// Hugging Face's names for one layer's tensors, and GGUF's.
struct NameMapping {
    std::string_view hf;
    const char* gguf;
};
constexpr NameMapping kLayerTensors[] = {
    {"input_layernorm.weight", "attn_norm.weight"},
    {"self_attn.q_proj.weight", "attn_q.weight"},
    {"self_attn.k_proj.weight", "attn_k.weight"},
    {"self_attn.v_proj.weight", "attn_v.weight"},
    {"self_attn.q_proj.bias", "attn_q.bias"},
    {"self_attn.k_proj.bias", "attn_k.bias"},
    {"self_attn.v_proj.bias", "attn_v.bias"},
    {"self_attn.o_proj.weight", "attn_output.weight"},
    {"post_attention_layernorm.weight", "ffn_norm.weight"},
    {"mlp.gate_proj.weight", "ffn_gate.weight"},
    {"mlp.up_proj.weight", "ffn_up.weight"},
    {"mlp.down_proj.weight", "ffn_down.weight"},
};
constexpr NameMapping kGlobalTensors[] = {
    {"model.embed_tokens.weight", "token_embd.weight"},
    {"model.norm.weight", "output_norm.weight"},
    {"lm_head.weight", "output.weight"},
};
// Tensors a variant of these architectures has that the forward pass would silently skip.
constexpr std::string_view kUnsupportedLayerTensors[] = {
    "self_attn.o_proj.bias", "mlp.gate_proj.bias", "mlp.up_proj.bias", "mlp.down_proj.bias"};

// GGUF's name for `hf` in `table`, or nullptr.
template <size_t N>
const char* ggufNameIn(const NameMapping (&table)[N], std::string_view hf) {
    for (const NameMapping& m : table)
        if (m.hf == hf) return m.gguf;
    return nullptr;
}

std::string quote(std::string_view text) {
    return formats::quoteForMessage(text);
}

// "pytorch_model.bin is a pickle file ...", when the folder has pickles and no safetensors.
Status refusePickleOnly(const std::filesystem::path& directory) {
    std::error_code error;
    std::vector<std::string> pickles;
    // increment(error) rather than a range-for, whose ++ throws.
    for (auto it = std::filesystem::directory_iterator(directory, error);
         !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name.ends_with(".safetensors")) return Status();
        for (std::string_view suffix : kPickleSuffixes)
            if (name.ends_with(suffix)) pickles.push_back(name);
    }
    if (error) return Status::error("cannot list the folder: " + error.message());
    if (pickles.empty()) return Status();
    std::sort(pickles.begin(), pickles.end());
    return Status::error(
        pickles.front() +
        " is a pickle file, which can run arbitrary code when loaded; Hearth only loads "
        "safetensors. Download the model's safetensors version, or convert this one in a "
        "sandbox you trust (for example with the safetensors/convert Space on Hugging Face)");
}

// The first architecture config.json names, as Hearth calls it.
Result<std::string> architectureOf(const Json& config) {
    const auto list = config.find("architectures");
    if (list == config.end() || !list->is_array() || list->empty() || !(*list)[0].is_string())
        return Status::error("config.json has no architectures list");
    const std::string name = (*list)[0].get<std::string>();
    if (name == "LlamaForCausalLM") return std::string("llama");
    if (name == "Qwen2ForCausalLM") return std::string("qwen2");
    return Status::error("config.json: architecture " + quote(name) +
                         " is not supported (Hearth runs LlamaForCausalLM and Qwen2ForCausalLM)");
}

// "model.layers.12.mlp.up_proj.weight" -> 12 and "mlp.up_proj.weight"; nullopt when the name
// is not a layer's or its number is not written plainly (no sign, no leading zero).
std::optional<std::pair<uint32_t, std::string_view>> splitLayerName(std::string_view name) {
    constexpr std::string_view kPrefix = "model.layers.";
    if (!name.starts_with(kPrefix)) return std::nullopt;
    name.remove_prefix(kPrefix.size());
    const size_t dot = name.find('.');
    if (dot == 0 || dot == std::string_view::npos || dot > 9) return std::nullopt;
    if (name[0] == '0' && dot > 1) return std::nullopt;
    uint32_t layer = 0;
    for (size_t i = 0; i < dot; ++i) {
        if (name[i] < '0' || name[i] > '9') return std::nullopt;
        layer = layer * 10 + static_cast<uint32_t>(name[i] - '0');
    }
    return std::make_pair(layer, name.substr(dot + 1));
}

}  // namespace

// Reads one directory into an HfCheckpoint; a friend of it.
class HfCheckpointReader {
public:
    explicit HfCheckpointReader(std::filesystem::path directory)
        : m_dir(std::move(directory)), m_ckpt(new HfCheckpoint()) {}

    Result<std::unique_ptr<HfCheckpoint>> run() {
        HEARTH_RETURN_IF_ERROR(refusePickleOnly(m_dir));
        for (const char* required : {"config.json", "tokenizer.json"}) {
            std::error_code error;
            if (!std::filesystem::exists(m_dir / required, error))
                return Status::error(std::string(required) +
                                     " is missing: a Hugging Face model folder needs "
                                     "config.json, tokenizer.json and *.safetensors files");
        }
        HEARTH_ASSIGN_OR_RETURN(const Json config, readHfJsonFile(m_dir / "config.json"));
        HEARTH_RETURN_IF_ERROR(readConfig(config));
        HEARTH_ASSIGN_OR_RETURN(m_ckpt->m_files, formats::SafetensorsSet::open(m_dir));
        HEARTH_RETURN_IF_ERROR(mapTensors());
        HEARTH_RETURN_IF_ERROR(completeConfigFromTensors(m_ckpt->m_config, *m_ckpt->m_tensors));
        const HfFields fields(config, "config.json");
        HEARTH_ASSIGN_OR_RETURN(const bool tied, fields.boolean("tie_word_embeddings", false));
        if (!tied && m_ckpt->m_config.tiedOutput)
            return Status::error(
                "tensor 'lm_head.weight' is missing (config.json says the output layer is not "
                "tied to the embeddings)");
        HEARTH_ASSIGN_OR_RETURN(m_ckpt->m_tokenizer,
                                readHfTokenizerFiles(m_dir, config, m_ckpt->m_config.vocab));
        return std::move(m_ckpt);
    }

private:
    Status readConfig(const Json& json) {
        const HfFields f(json, "config.json");
        ModelConfig& c = m_ckpt->m_config;
        HEARTH_ASSIGN_OR_RETURN(c.architecture, architectureOf(json));
        if (const Json* name = f.find("_name_or_path"); name && name->is_string()) {
            const std::string text = name->get<std::string>();
            c.name = text.substr(text.find_last_of('/') + 1);
        }
        if (c.name.empty()) c.name = (m_dir / "").parent_path().filename().string();
        HEARTH_ASSIGN_OR_RETURN(c.hidden, f.count("hidden_size"));
        HEARTH_ASSIGN_OR_RETURN(c.ffn, f.count("intermediate_size"));
        HEARTH_ASSIGN_OR_RETURN(c.nLayers, f.count("num_hidden_layers"));
        HEARTH_ASSIGN_OR_RETURN(c.nHeads, f.count("num_attention_heads"));
        HEARTH_ASSIGN_OR_RETURN(c.nKvHeads, f.count("num_key_value_heads", c.nHeads));
        HEARTH_ASSIGN_OR_RETURN(c.headDim, f.count("head_dim", c.hidden / c.nHeads));
        HEARTH_ASSIGN_OR_RETURN(c.contextTrained, f.count("max_position_embeddings"));
        if (c.nHeads % c.nKvHeads != 0)
            return f.error("num_key_value_heads", std::to_string(c.nKvHeads) +
                                                      " does not divide num_attention_heads " +
                                                      std::to_string(c.nHeads));
        if (c.headDim > 256 || c.headDim % 2 != 0)
            return f.error("head_dim", std::to_string(c.headDim) +
                                           " is not supported (it must be even and at most 256)");
        HEARTH_ASSIGN_OR_RETURN(const double eps, f.number("rms_norm_eps", 1e-6));
        if (!(eps > 0 && eps < 1))
            return f.error("rms_norm_eps", std::to_string(eps) + " is not a small positive number");
        c.rmsEps = static_cast<float>(eps);
        HEARTH_ASSIGN_OR_RETURN(const bool slidingWindow, f.boolean("use_sliding_window", false));
        if (slidingWindow)
            return f.error("use_sliding_window",
                           "is true, and Hearth's attention has no sliding window");
        return readRope(f);
    }

    // Hugging Face's rotate_half pairs dim i with i + headDim/2 in both architectures.
    Status readRope(const HfFields& f) {
        ModelConfig& c = m_ckpt->m_config;
        HEARTH_ASSIGN_OR_RETURN(const double theta, f.number("rope_theta", 10000.0));
        if (!(theta > 0)) return f.error("rope_theta", std::to_string(theta) + " is not positive");
        const auto base = static_cast<float>(theta);
        c.rope = ops::RopeParams::standard(ops::RopeStyle::NeoX, c.headDim, base);
        const Json* scaling = f.find("rope_scaling");
        if (scaling == nullptr) return Status();
        if (!scaling->is_object())
            return f.error("rope_scaling",
                           "is " + formats::describeJsonType(*scaling) + ", not an object");
        const HfFields s(*scaling, "config.json: rope_scaling");
        const Json* typeValue = s.find("rope_type") ? s.find("rope_type") : s.find("type");
        const std::string type =
            typeValue && typeValue->is_string() ? typeValue->get<std::string>() : "";
        if (type == "default") return Status();
        HEARTH_ASSIGN_OR_RETURN(const double factor, s.number("factor", 0.0));
        if (!(factor > 0) && (type == "llama3" || type == "linear" || type == "yarn"))
            return s.error("factor", "must be a positive number for " + type + " scaling");
        if (type == "linear") {
            c.rope.freqScale = static_cast<float>(1.0 / factor);
        } else if (type == "llama3") {
            ops::Llama3RopeScaling l3;
            l3.factor = static_cast<float>(factor);
            HEARTH_ASSIGN_OR_RETURN(const double low, s.number("low_freq_factor", 1.0));
            HEARTH_ASSIGN_OR_RETURN(const double high, s.number("high_freq_factor", 4.0));
            HEARTH_ASSIGN_OR_RETURN(l3.originalContext,
                                    s.count("original_max_position_embeddings", 8192));
            if (!(low > 0 && high > low))
                return s.error("low_freq_factor",
                               "and high_freq_factor must satisfy 0 < low < high");
            l3.lowFreqFactor = static_cast<float>(low);
            l3.highFreqFactor = static_cast<float>(high);
            m_ckpt->m_ropeFreqs = ops::llama3FreqFactors(c.headDim, base, l3);
        } else if (type == "yarn") {
            HEARTH_ASSIGN_OR_RETURN(const double betaFast, s.number("beta_fast", 32.0));
            HEARTH_ASSIGN_OR_RETURN(const double betaSlow, s.number("beta_slow", 1.0));
            HEARTH_ASSIGN_OR_RETURN(const uint32_t original,
                                    s.count("original_max_position_embeddings", c.contextTrained));
            // RopeParams multiplies by YaRN's default magnitude 1 + 0.1 ln(factor) itself; an
            // explicit attention_factor replaces that default.
            const double defaultMagnitude = 1.0 + 0.1 * std::log(factor);
            HEARTH_ASSIGN_OR_RETURN(const double magnitude,
                                    s.number("attention_factor", defaultMagnitude));
            c.rope = ops::RopeParams::yarn(
                ops::RopeStyle::NeoX, c.headDim, base, static_cast<float>(1.0 / factor), 1.0f,
                static_cast<float>(magnitude / defaultMagnitude), static_cast<float>(betaFast),
                static_cast<float>(betaSlow), original);
        } else {
            return Status::error("config.json: rope_scaling type " + quote(type) +
                                 " is not supported (Hearth supports llama3, linear and yarn)");
        }
        return Status();
    }

    // Renames the tensors Hearth uses to GGUF's names, reversing the shapes (GGUF lists dims
    // innermost first); other tensors (rotary_emb.inv_freq and the like) are left out.
    Status mapTensors() {
        const ModelConfig& c = m_ckpt->m_config;
        std::vector<TensorView> views;
        std::set<std::string> seen;
        for (const auto& [name, tensor] : m_ckpt->m_files->tensors()) {
            std::string gguf;
            if (const auto layer = splitLayerName(name)) {
                const auto& [index, suffix] = *layer;
                for (std::string_view unsupported : kUnsupportedLayerTensors)
                    if (suffix == unsupported)
                        return Status::error("tensor " + quote(name) +
                                             " is not supported: Hearth's forward pass has no "
                                             "bias there");
                const char* mapped = ggufNameIn(kLayerTensors, suffix);
                if (mapped == nullptr) continue;
                if (index >= c.nLayers)
                    return Status::error("tensor " + quote(name) +
                                         " is past the last layer (config.json's "
                                         "num_hidden_layers is " +
                                         std::to_string(c.nLayers) + ")");
                gguf = layerTensorName(index, mapped);
            } else {
                const char* mapped = ggufNameIn(kGlobalTensors, name);
                if (mapped == nullptr) continue;
                gguf = mapped;
            }
            if (!seen.insert(gguf).second)
                return Status::error("two tensors map to " + quote(gguf) + " (one is " +
                                     quote(name) + ")");
            const formats::SafetensorsTensor& t = *tensor;
            views.push_back({gguf, t.type, std::vector<uint64_t>(t.shape.rbegin(), t.shape.rend()),
                             t.elements, t.bytes, t.data});
        }
        const std::vector<float>& freqs = m_ckpt->m_ropeFreqs;
        if (!freqs.empty()) {
            views.push_back({"rope_freqs.weight",
                             TensorType::F32,
                             {freqs.size()},
                             freqs.size(),
                             freqs.size() * sizeof(float),
                             reinterpret_cast<const uint8_t*>(freqs.data())});
        }
        m_ckpt->m_tensors = std::make_unique<TensorList>(std::move(views));
        return Status();
    }

    std::filesystem::path m_dir;
    std::unique_ptr<HfCheckpoint> m_ckpt;
};

Result<std::unique_ptr<HfCheckpoint>> HfCheckpoint::open(const std::filesystem::path& directory) {
    return HfCheckpointReader(directory).run();
}

HfCheckpoint::~HfCheckpoint() = default;

}  // namespace hearth::models

#include "models/model_config.h"

#include <cmath>

#include "formats/gguf.h"
#include "models/tensor_source.h"

namespace hearth::models {

namespace {

// A metadata size that must be a positive 32-bit count.
Result<uint32_t> readCount(const formats::GgufFile& file, const std::string& key) {
    HEARTH_ASSIGN_OR_RETURN(const uint64_t value, file.getUInt(key));
    if (value == 0 || value > UINT32_MAX)
        return Status::error("metadata '" + key + "' is " + std::to_string(value) +
                             ", which is not a usable size");
    return static_cast<uint32_t>(value);
}

Result<ops::RopeStyle> ropeStyleFor(const std::string& architecture) {
    // Llama GGUFs store Q and K permuted for the interleaved rotation; Qwen2 rotates halves.
    if (architecture == "llama") return ops::RopeStyle::Normal;
    if (architecture == "qwen2") return ops::RopeStyle::NeoX;
    return Status::error("architecture '" + architecture +
                         "' is not supported (Hearth runs llama and qwen2 models)");
}

}  // namespace

std::string layerTensorName(uint32_t layer, const char* suffix) {
    return "blk." + std::to_string(layer) + "." + suffix;
}

Result<ModelConfig> readModelConfig(const formats::GgufFile& file, const TensorSource& tensors) {
    ModelConfig c;
    HEARTH_ASSIGN_OR_RETURN(c.architecture, file.getString("general.architecture"));
    HEARTH_ASSIGN_OR_RETURN(const ops::RopeStyle style, ropeStyleFor(c.architecture));
    HEARTH_ASSIGN_OR_RETURN(c.name, file.getStringOr("general.name", ""));
    const std::string a = c.architecture + ".";
    HEARTH_ASSIGN_OR_RETURN(c.nLayers, readCount(file, a + "block_count"));
    HEARTH_ASSIGN_OR_RETURN(c.hidden, readCount(file, a + "embedding_length"));
    HEARTH_ASSIGN_OR_RETURN(c.ffn, readCount(file, a + "feed_forward_length"));
    HEARTH_ASSIGN_OR_RETURN(c.nHeads, readCount(file, a + "attention.head_count"));
    HEARTH_ASSIGN_OR_RETURN(c.contextTrained, readCount(file, a + "context_length"));
    HEARTH_ASSIGN_OR_RETURN(const uint64_t kvHeads,
                            file.getUIntOr(a + "attention.head_count_kv", c.nHeads));
    HEARTH_ASSIGN_OR_RETURN(const uint64_t headDim,
                            file.getUIntOr(a + "attention.key_length", c.hidden / c.nHeads));
    HEARTH_ASSIGN_OR_RETURN(const uint64_t valueDim,
                            file.getUIntOr(a + "attention.value_length", headDim));
    if (kvHeads == 0 || c.nHeads % kvHeads != 0)
        return Status::error("metadata: " + std::to_string(c.nHeads) + " attention heads over " +
                             std::to_string(kvHeads) + " KV heads (must divide evenly)");
    if (headDim == 0 || headDim > 256 || headDim % 2 != 0 || valueDim != headDim)
        return Status::error("metadata: head size " + std::to_string(headDim) + " (values " +
                             std::to_string(valueDim) +
                             ") is not supported: it must be even, at most 256, and the same "
                             "for keys and values");
    if (uint64_t{c.nHeads} * headDim > (1u << 20))
        return Status::error("metadata: " + std::to_string(c.nHeads) + " heads of " +
                             std::to_string(headDim) + " values is not a usable size");
    c.nKvHeads = static_cast<uint32_t>(kvHeads);
    c.headDim = static_cast<uint32_t>(headDim);
    HEARTH_ASSIGN_OR_RETURN(const double eps,
                            file.getFloatOr(a + "attention.layer_norm_rms_epsilon", 1e-5));
    if (!(eps > 0 && eps < 1))
        return Status::error("metadata '" + a + "attention.layer_norm_rms_epsilon' is " +
                             std::to_string(eps) + ", expected a small positive number");
    c.rmsEps = static_cast<float>(eps);

    // Rope: base, rotated dims, and scaling (linear or YaRN; llama3 uses a rope_freqs tensor).
    HEARTH_ASSIGN_OR_RETURN(const double base, file.getFloatOr(a + "rope.freq_base", 10000.0));
    HEARTH_ASSIGN_OR_RETURN(const uint64_t nRot,
                            file.getUIntOr(a + "rope.dimension_count", c.headDim));
    if (!(base > 0 && std::isfinite(base)) || nRot == 0 || nRot > c.headDim || nRot % 2 != 0)
        return Status::error("metadata: rope base " + std::to_string(base) + " over " +
                             std::to_string(nRot) + " dims is not usable with head size " +
                             std::to_string(c.headDim));
    c.rope =
        ops::RopeParams::standard(style, static_cast<uint32_t>(nRot), static_cast<float>(base));
    HEARTH_ASSIGN_OR_RETURN(const std::string scaling,
                            file.getStringOr(a + "rope.scaling.type", "none"));
    HEARTH_ASSIGN_OR_RETURN(const double factor, file.getFloatOr(a + "rope.scaling.factor", 0.0));
    if (scaling == "linear" && factor > 0) {
        c.rope.freqScale = static_cast<float>(1.0 / factor);
    } else if (scaling == "yarn" && factor > 0) {
        HEARTH_ASSIGN_OR_RETURN(
            const uint64_t original,
            file.getUIntOr(a + "rope.scaling.original_context_length", c.contextTrained));
        c.rope = ops::RopeParams::yarn(style, static_cast<uint32_t>(nRot), static_cast<float>(base),
                                       static_cast<float>(1.0 / factor), 1.0f, 1.0f, 32.0f, 1.0f,
                                       static_cast<uint32_t>(original));
    } else if (scaling != "none" && scaling != "linear" && scaling != "yarn") {
        return Status::error("metadata: rope scaling '" + scaling + "' is not supported");
    }

    HEARTH_RETURN_IF_ERROR(completeConfigFromTensors(c, tensors));
    return c;
}

Status completeConfigFromTensors(ModelConfig& c, const TensorSource& tensors) {
    const TensorView* embedding = tensors.tensor("token_embd.weight");
    if (embedding == nullptr) return Status::error("tensor 'token_embd.weight' is missing");
    if (embedding->dims.size() != 2 || embedding->dims[0] != c.hidden || embedding->dims[1] == 0 ||
        embedding->dims[1] > UINT32_MAX)
        return Status::error("tensor 'token_embd.weight' has the wrong shape for hidden size " +
                             std::to_string(c.hidden));
    c.vocab = static_cast<uint32_t>(embedding->dims[1]);
    c.tiedOutput = tensors.tensor("output.weight") == nullptr;
    c.qkvBias = tensors.tensor(layerTensorName(0, "attn_q.bias")) != nullptr;
    c.ropeFreqFactors = tensors.tensor("rope_freqs.weight") != nullptr;
    return Status();
}

}  // namespace hearth::models

#include "support/test_hf_checkpoint.h"

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "formats/gguf.h"

namespace hearth::testing {

namespace {

using Json = nlohmann::json;

// GGUF's names of one layer's tensors, and Hugging Face's.
constexpr std::pair<const char*, const char*> kLayerNames[] = {
    {"attn_norm.weight", "input_layernorm.weight"},
    {"attn_q.weight", "self_attn.q_proj.weight"},
    {"attn_k.weight", "self_attn.k_proj.weight"},
    {"attn_v.weight", "self_attn.v_proj.weight"},
    {"attn_q.bias", "self_attn.q_proj.bias"},
    {"attn_k.bias", "self_attn.k_proj.bias"},
    {"attn_v.bias", "self_attn.v_proj.bias"},
    {"attn_output.weight", "self_attn.o_proj.weight"},
    {"ffn_norm.weight", "post_attention_layernorm.weight"},
    {"ffn_gate.weight", "mlp.gate_proj.weight"},
    {"ffn_up.weight", "mlp.up_proj.weight"},
    {"ffn_down.weight", "mlp.down_proj.weight"},
};

Result<std::string> hfName(const std::string& gguf) {
    if (gguf == "token_embd.weight") return std::string("model.embed_tokens.weight");
    if (gguf == "output_norm.weight") return std::string("model.norm.weight");
    if (gguf == "output.weight") return std::string("lm_head.weight");
    const size_t dot = gguf.find('.', 4);
    if (gguf.rfind("blk.", 0) == 0 && dot != std::string::npos) {
        const std::string suffix = gguf.substr(dot + 1);
        for (const auto& [ggufSuffix, hfSuffix] : kLayerNames)
            if (suffix == ggufSuffix)
                return "model.layers." + gguf.substr(4, dot - 4) + "." + hfSuffix;
    }
    return Status::error("no Hugging Face name for tensor " + gguf);
}

Result<std::string> dtypeOf(TensorType type) {
    if (type == TensorType::F32) return std::string("F32");
    if (type == TensorType::F16) return std::string("F16");
    if (type == TensorType::BF16) return std::string("BF16");
    return Status::error("safetensors holds F32, F16 and BF16 only");
}

// llama.cpp's conversion stores row (h, j, i) of a head (j: which half, i: pair index) at
// h * headDim + 2i + j; Hugging Face keeps it at h * headDim + j * headDim/2 + i.
std::vector<uint8_t> unpermuteRows(const uint8_t* data, uint64_t rows, uint64_t rowBytes,
                                   uint64_t heads) {
    std::vector<uint8_t> out(rows * rowBytes);
    const uint64_t headDim = rows / heads, half = headDim / 2;
    for (uint64_t h = 0; h < heads; ++h)
        for (uint64_t j = 0; j < 2; ++j)
            for (uint64_t i = 0; i < half; ++i)
                std::memcpy(out.data() + (h * headDim + j * half + i) * rowBytes,
                            data + (h * headDim + 2 * i + j) * rowBytes, rowBytes);
    return out;
}

Json configJson(const formats::GgufFile& file, const TestModelSpec& spec) {
    const std::string a = spec.architecture + ".";
    auto uint = [&](const std::string& key) { return file.getUInt(a + key).value(); };
    Json c;
    c["architectures"] = {spec.architecture == "llama" ? "LlamaForCausalLM" : "Qwen2ForCausalLM"};
    c["model_type"] = spec.architecture;
    c["_name_or_path"] = "hearth-tests/" + spec.name;
    c["hidden_size"] = uint("embedding_length");
    c["intermediate_size"] = uint("feed_forward_length");
    c["num_hidden_layers"] = uint("block_count");
    c["num_attention_heads"] = uint("attention.head_count");
    c["num_key_value_heads"] = uint("attention.head_count_kv");
    c["max_position_embeddings"] = uint("context_length");
    c["rms_norm_eps"] = file.getFloat(a + "attention.layer_norm_rms_epsilon").value();
    c["rope_theta"] = file.getFloat(a + "rope.freq_base").value();
    c["tie_word_embeddings"] = file.tensor("output.weight") == nullptr;
    c["torch_dtype"] = "bfloat16";
    if (file.tensor("rope_freqs.weight") != nullptr) {
        c["rope_scaling"] = {{"rope_type", "llama3"},
                             {"factor", 8.0},
                             {"low_freq_factor", 1.0},
                             {"high_freq_factor", 4.0},
                             {"original_max_position_embeddings", 8192}};
    }
    for (const char* key : {"bos", "eos"}) {
        const auto id = file.getUInt(std::string("tokenizer.ggml.") + key + "_token_id");
        if (id.ok()) c[std::string(key) + "_token_id"] = id.value();
    }
    return c;
}

}  // namespace

std::vector<uint8_t> serializeSafetensors(const std::vector<SafetensorsEntry>& tensors,
                                          const std::map<std::string, std::string>& metadata) {
    Json header = Json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const SafetensorsEntry& t : tensors) {
        header[t.name] = {{"dtype", t.dtype},
                          {"shape", t.shape},
                          {"data_offsets", {offset, offset + t.data.size()}}};
        offset += t.data.size();
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::vector<uint8_t> bytes(8);
    for (size_t i = 0; i < 8; ++i)
        bytes[i] = static_cast<uint8_t>(uint64_t{text.size()} >> (8 * i));
    bytes.insert(bytes.end(), text.begin(), text.end());
    for (const SafetensorsEntry& t : tensors)
        bytes.insert(bytes.end(), t.data.begin(), t.data.end());
    return bytes;
}

Status writeBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    return out ? Status() : Status::error("cannot write " + path.string());
}

Status writeText(const std::filesystem::path& path, const std::string& text) {
    return writeBytes(path, std::vector<uint8_t>(text.begin(), text.end()));
}

Status writeHfCheckpoint(const std::filesystem::path& gguf, const std::filesystem::path& directory,
                         const TestModelSpec& spec, const HfExportOptions& options) {
    HEARTH_ASSIGN_OR_RETURN(const std::unique_ptr<formats::GgufFile> file,
                            formats::GgufFile::open(gguf));
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) return Status::error("cannot create " + directory.string());

    const std::string a = spec.architecture + ".";
    const uint64_t heads = file->getUInt(a + "attention.head_count").value();
    const uint64_t kvHeads = file->getUInt(a + "attention.head_count_kv").value();
    std::vector<SafetensorsEntry> entries;
    for (const formats::GgufTensor& t : file->tensors()) {
        if (t.name == "rope_freqs.weight") continue;  // config.json's rope_scaling says it
        HEARTH_ASSIGN_OR_RETURN(std::string name, hfName(t.name));
        HEARTH_ASSIGN_OR_RETURN(std::string dtype, dtypeOf(t.type));
        std::vector<uint8_t> data(t.data, t.data + t.bytes);
        const bool q = t.name.ends_with("attn_q.weight"), k = t.name.ends_with("attn_k.weight");
        if (spec.architecture == "llama" && (q || k))
            data = unpermuteRows(t.data, t.rows(), t.bytes / t.rows(), q ? heads : kvHeads);
        entries.push_back(
            {std::move(name), std::move(dtype), {t.dims.rbegin(), t.dims.rend()}, std::move(data)});
    }

    const uint32_t shards = std::max<uint32_t>(options.shards, 1);
    Json weightMap = Json::object();
    uint64_t totalBytes = 0;
    for (uint32_t s = 0; s < shards; ++s) {
        char name[64];
        std::snprintf(name, sizeof(name), "model-%05u-of-%05u.safetensors", s + 1, shards);
        const std::string fileName = shards == 1 ? "model.safetensors" : name;
        std::vector<SafetensorsEntry> part;
        for (size_t i = s; i < entries.size(); i += shards) {
            weightMap[entries[i].name] = fileName;
            totalBytes += entries[i].data.size();
            part.push_back(std::move(entries[i]));
        }
        HEARTH_RETURN_IF_ERROR(
            writeBytes(directory / fileName, serializeSafetensors(part, {{"format", "pt"}})));
    }
    if (shards > 1) {
        const Json index = {{"metadata", {{"total_size", totalBytes}}}, {"weight_map", weightMap}};
        HEARTH_RETURN_IF_ERROR(
            writeText(directory / "model.safetensors.index.json", index.dump(2)));
    }
    HEARTH_RETURN_IF_ERROR(writeText(directory / "config.json", configJson(*file, spec).dump(2)));
    const std::filesystem::path tokenizerFolder = spec.tokenizerJson.parent_path();
    for (const char* name : {"tokenizer.json", "tokenizer_config.json"}) {
        if (!std::filesystem::exists(tokenizerFolder / name)) continue;
        std::filesystem::copy_file(tokenizerFolder / name, directory / name,
                                   std::filesystem::copy_options::overwrite_existing, error);
        if (error)
            return Status::error("cannot copy " + std::string(name) + ": " + error.message());
    }
    return Status();
}

}  // namespace hearth::testing

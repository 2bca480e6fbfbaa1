// hearth/convert.h: a Hugging Face checkpoint, as HfCheckpoint reads it (tensors already under
// GGUF's names and in its dimension order), written with GgufWriter.
#include <cstring>

#include "formats/gguf.h"
#include "hearth/convert.h"
#include "models/hf_checkpoint.h"
#include "quant/blocks.h"
#include "quant/tensor_type.h"
#include "reference/quantize.h"
#include "tokenizer/gguf_token_list.h"

namespace hearth {

namespace {

float elementAt(const models::TensorView& t, uint64_t i) {
    switch (t.type) {
        case TensorType::F32: {
            float f;
            std::memcpy(&f, t.data + 4 * i, 4);  // safetensors data need not be aligned
            return f;
        }
        case TensorType::F16: {
            uint16_t h;
            std::memcpy(&h, t.data + 2 * i, 2);
            return halfToFloat(h);
        }
        default: {
            uint16_t b;
            std::memcpy(&b, t.data + 2 * i, 2);
            return bf16ToFloat(b);
        }
    }
}

// A matrix (dims {cols, rows}) in `type`, a row at a time; anything else as F32.
Status addTensor(formats::GgufWriter& w, const models::TensorView& t, TensorType matrixType) {
    std::vector<float> values(t.elements);
    for (uint64_t i = 0; i < t.elements; ++i) values[i] = elementAt(t, i);
    const bool matrix = t.dims.size() == 2 && t.name != "rope_freqs.weight";
    TensorType type = matrix ? matrixType : TensorType::F32;
    if (!tensorRowBytes(type, t.dims[0])) type = TensorType::F16;  // a width blocks don't fit
    const uint64_t cols = t.dims[0], rows = t.elements / cols;
    const uint64_t rowBytes = *tensorRowBytes(type, cols);
    std::vector<uint8_t> data(rowBytes * rows);
    for (uint64_t r = 0; r < rows; ++r)
        quantizeRow(type, values.data() + r * cols, data.data() + r * rowBytes,
                    static_cast<int64_t>(cols));
    return w.addTensor(t.name, type, t.dims, std::move(data));
}

}  // namespace

Status convertToGguf(const std::filesystem::path& checkpoint, const std::filesystem::path& out,
                     const std::string& matrixTypeName, const std::string& name) {
    TensorType matrixType;
    if (matrixTypeName == "q8_0")
        matrixType = TensorType::Q8_0;
    else if (matrixTypeName == "f16")
        matrixType = TensorType::F16;
    else if (matrixTypeName == "f32")
        matrixType = TensorType::F32;
    else
        return Status::error("convert: type '" + matrixTypeName + "' is not q8_0, f16 or f32");
    HEARTH_ASSIGN_OR_RETURN(const auto hf, models::HfCheckpoint::open(checkpoint));
    const models::ModelConfig& c = hf->config();
    if (c.architecture != "qwen2")
        return Status::error("convert: " + checkpoint.string() + " is " + c.architecture +
                             "; only qwen2 checkpoints convert (Llama's Q and K rows would need "
                             "permuting for GGUF's rope)");
    if (c.rope.extFactor != 0.0f)
        return Status::error("convert: YaRN rope scaling does not convert yet");
    const models::HfTokenizerFiles& tok = hf->tokenizer();
    HEARTH_ASSIGN_OR_RETURN(const tokenizer::GgufTokenList tokens,
                            tokenizer::readGgufTokenList(tok.tokenizerJson));
    if (tokens.sentencePiece)
        return Status::error("convert: a SentencePiece tokenizer does not convert yet");

    formats::GgufWriter w;
    const std::string a = c.architecture + ".";
    w.setString("general.architecture", c.architecture);
    w.setString("general.name", !name.empty()     ? name
                                : !c.name.empty() ? c.name
                                                  : checkpoint.filename().string());
    w.setUInt32(a + "block_count", c.nLayers);
    w.setUInt32(a + "context_length", c.contextTrained);
    w.setUInt32(a + "embedding_length", c.hidden);
    w.setUInt32(a + "feed_forward_length", c.ffn);
    w.setUInt32(a + "attention.head_count", c.nHeads);
    w.setUInt32(a + "attention.head_count_kv", c.nKvHeads);
    w.setUInt32(a + "attention.key_length", c.headDim);
    w.setUInt32(a + "attention.value_length", c.headDim);
    w.setFloat32(a + "attention.layer_norm_rms_epsilon", c.rmsEps);
    w.setFloat32(a + "rope.freq_base", c.rope.base);
    w.setUInt32(a + "rope.dimension_count", c.rope.nRot);
    if (c.rope.freqScale != 1.0f) {
        w.setString(a + "rope.scaling.type", "linear");
        w.setFloat32(a + "rope.scaling.factor", 1.0f / c.rope.freqScale);
    }
    w.setString("tokenizer.ggml.model", "gpt2");
    w.setString("tokenizer.ggml.pre", "qwen2");
    std::vector<std::string> names = tokens.tokens;
    std::vector<int32_t> types = tokens.types;
    for (size_t i = names.size(); i < c.vocab; ++i) {  // the embedding's padding rows
        names.push_back("[PAD" + std::to_string(i) + "]");
        types.push_back(tokenizer::kGgufUnusedToken);
    }
    w.setStringArray("tokenizer.ggml.tokens", names);
    w.setInt32Array("tokenizer.ggml.token_type", types);
    w.setStringArray("tokenizer.ggml.merges", tokens.merges);
    if (tok.bosToken >= 0) w.setUInt32("tokenizer.ggml.bos_token_id", tok.bosToken);
    if (!tok.eosTokens.empty()) w.setUInt32("tokenizer.ggml.eos_token_id", tok.eosTokens[0]);
    if (tok.eosTokens.size() > 1) w.setUInt32("tokenizer.ggml.eot_token_id", tok.eosTokens[1]);
    w.setBool("tokenizer.ggml.add_bos_token", tok.addBos);
    if (!tok.chatTemplate.empty()) w.setString("tokenizer.chat_template", tok.chatTemplate);
    if (tok.generation.temperature)
        w.setFloat32("general.sampling.temp", static_cast<float>(*tok.generation.temperature));
    if (tok.generation.topP)
        w.setFloat32("general.sampling.top_p", static_cast<float>(*tok.generation.topP));
    if (tok.generation.topK)
        w.setUInt32("general.sampling.top_k", static_cast<uint32_t>(*tok.generation.topK));
    for (const models::TensorView& t : hf->tensors().tensors())
        HEARTH_RETURN_IF_ERROR(addTensor(w, t, matrixType));
    return w.write(out);
}

}  // namespace hearth

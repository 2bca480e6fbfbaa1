#include "hearth/model.h"

#include <algorithm>
#include <map>

#include "formats/gguf.h"
#include "hearth/session.h"
#include "models/tensor_source.h"
#include "session/gpu_session.h"
#include "session/model_impl.h"

namespace hearth {

namespace {

// Parameters per tensor type, largest share first.
std::vector<std::pair<std::string, uint64_t>> quantMix(const formats::GgufFile& file,
                                                       uint64_t& parameters) {
    std::map<std::string, uint64_t> byType;
    parameters = 0;
    for (const formats::GgufTensor& t : file.tensors()) {
        const TensorTypeTraits* traits = tensorTypeTraits(t.type);
        byType[traits ? traits->name : "unknown"] += t.elements;
        parameters += t.elements;
    }
    std::vector<std::pair<std::string, uint64_t>> mix(byType.begin(), byType.end());
    std::sort(mix.begin(), mix.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    return mix;
}

int32_t tokenId(const formats::GgufFile& file, const char* key) {
    const Result<uint64_t> id = file.getUInt(key);
    return id.ok() && id.value() <= INT32_MAX ? static_cast<int32_t>(id.value()) : -1;
}

// The model's recommended sampling: the file's own general.sampling.* keys where present, else
// DeepSeek's advice for R1 models (temperature 0.6, top-p 0.95) and llama.cpp's defaults for
// others.
Result<SamplingOptions> defaultSampling(const formats::GgufFile& file, const ModelInfo& info) {
    SamplingOptions s;
    const bool r1 = info.name.find("R1") != std::string::npos ||
                    info.chatTemplate.find(
                        "<\xEF\xBD\x9C"
                        "Assistant\xEF\xBD\x9C>") != std::string::npos;
    s.temperature = r1 ? 0.6f : 0.8f;
    s.topP = 0.95f;
    s.topK = r1 ? 0 : 40;
    s.minP = r1 ? 0.0f : 0.05f;
    HEARTH_ASSIGN_OR_RETURN(const double temp,
                            file.getFloatOr("general.sampling.temp", s.temperature));
    HEARTH_ASSIGN_OR_RETURN(const double topP, file.getFloatOr("general.sampling.top_p", s.topP));
    HEARTH_ASSIGN_OR_RETURN(const uint64_t topK, file.getUIntOr("general.sampling.top_k", s.topK));
    s.temperature = static_cast<float>(temp);
    s.topP = static_cast<float>(topP);
    s.topK = static_cast<uint32_t>(std::min<uint64_t>(topK, UINT32_MAX));
    return s;
}

}  // namespace

Model::Model(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Model::~Model() = default;

const ModelInfo& Model::info() const {
    return m_impl->info;
}

Result<std::unique_ptr<Model>> Model::load(const std::filesystem::path& path,
                                           const LoadOptions& options) {
    const std::string where = path.filename().string();
    auto fail = [&](const Status& s) { return s.withContext("loading " + where); };
    if (std::filesystem::is_directory(path))
        return fail(
            Status::error("Hugging Face directories are not supported yet; convert the "
                          "model to GGUF"));
    auto file = formats::GgufFile::open(path);
    if (!file.ok()) return fail(file.status());
    const formats::GgufFile& gguf = *file.value();

    auto impl = std::make_unique<Impl>();
    const models::TensorList tensors = models::TensorList::fromGguf(gguf);
    auto config = models::readModelConfig(gguf, tensors);
    if (!config.ok()) return fail(config.status());
    impl->config = config.value();
    auto text = tokenizer::TokenText::fromGguf(gguf);
    if (!text.ok()) return fail(text.status());
    impl->text = std::move(text.value());

    ModelInfo& info = impl->info;
    const models::ModelConfig& c = impl->config;
    info.path = path.string();
    info.name = c.name.empty() ? path.stem().string() : c.name;
    info.architecture = c.architecture;
    info.quantMix = quantMix(gguf, info.parameterCount);
    info.contextLength = c.contextTrained;
    info.layers = c.nLayers;
    info.hidden = c.hidden;
    info.heads = c.nHeads;
    info.kvHeads = c.nKvHeads;
    info.headDim = c.headDim;
    info.ffn = c.ffn;
    info.vocabSize = c.vocab;
    info.chatTemplate = gguf.getStringOr("tokenizer.chat_template", "").value();
    info.bosToken = tokenId(gguf, "tokenizer.ggml.bos_token_id");
    info.eosToken = tokenId(gguf, "tokenizer.ggml.eos_token_id");
    info.eotToken = tokenId(gguf, "tokenizer.ggml.eot_token_id");
    info.addBos = gguf.getBool("tokenizer.ggml.add_bos_token").ok()
                      ? gguf.getBool("tokenizer.ggml.add_bos_token").value()
                      : true;
    info.kvBytesPerToken = 2ull * c.nLayers * c.kvDim() * 2;
    auto sampling = defaultSampling(gguf, info);
    if (!sampling.ok()) return fail(sampling.status());
    info.defaultSampling = sampling.value();
    for (const int32_t id : {info.eosToken, info.eotToken})
        if (id >= 0) impl->endOfGeneration.insert(id);

    auto device = vk::Device::create(options.deviceIndex);
    if (!device.ok()) return fail(device.status());
    impl->device = std::move(device.value());
    info.deviceName = impl->device->info().name;
    auto progress = [&](uint64_t done, uint64_t total) {
        if (options.cancel != nullptr && options.cancel->load()) return false;
        return !options.progress || options.progress(done, total);
    };
    auto weights = models::ModelWeights::upload(*impl->device, tensors, c, progress);
    if (!weights.ok()) return fail(weights.status());
    impl->weights = std::move(weights.value());
    info.weightBytes = impl->weights->deviceBytes();
    return std::unique_ptr<Model>(new Model(std::move(impl)));
}

Result<std::unique_ptr<Session>> Model::newSession(const SessionOptions& options) const {
    return GpuSession::create(*m_impl, options);
}

std::string Model::tokenBytes(int32_t id) const {
    return m_impl->text.bytes(id);
}

bool Model::isEndOfGeneration(int32_t id) const {
    return m_impl->endOfGeneration.count(id) != 0;
}

}  // namespace hearth

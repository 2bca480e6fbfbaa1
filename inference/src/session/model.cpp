#include "hearth/model.h"

#include <algorithm>
#include <map>
#include <optional>

#include "formats/gguf.h"
#include "hearth/session.h"
#include "models/hf_checkpoint.h"
#include "models/kv_cache.h"
#include "models/tensor_source.h"
#include "session/gpu_session.h"
#include "session/model_impl.h"
#include "tokenizer/vocabulary.h"

namespace hearth {

namespace {

// Parameters per tensor type, largest share first.
std::vector<std::pair<std::string, uint64_t>> quantMix(const models::TensorSource& tensors,
                                                       uint64_t& parameters) {
    std::map<std::string, uint64_t> byType;
    parameters = 0;
    for (const models::TensorView& t : tensors.tensors()) {
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

// What a checkpoint itself recommends for sampling (GGUF general.sampling.*, Hugging Face
// generation_config.json); unset where it says nothing.
struct SamplingAdvice {
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<uint64_t> topK;
};

// The model's recommended sampling: the checkpoint's own advice where it gives any, else
// DeepSeek's advice for R1 models (temperature 0.6, top-p 0.95) and llama.cpp's defaults for
// others.
SamplingOptions defaultSampling(const ModelInfo& info, const SamplingAdvice& advice) {
    SamplingOptions s;
    const bool r1 = info.name.find("R1") != std::string::npos ||
                    info.chatTemplate.find(
                        "<\xEF\xBD\x9C"
                        "Assistant\xEF\xBD\x9C>") != std::string::npos;
    s.temperature = static_cast<float>(advice.temperature.value_or(r1 ? 0.6 : 0.8));
    s.topP = static_cast<float>(advice.topP.value_or(0.95));
    s.topK =
        static_cast<uint32_t>(std::min<uint64_t>(advice.topK.value_or(r1 ? 0 : 40), UINT32_MAX));
    s.minP = r1 ? 0.0f : 0.05f;
    return s;
}

// The fields every checkpoint format fills the same way.
void describeConfig(ModelInfo& info, const models::ModelConfig& c,
                    const models::TensorSource& tensors) {
    info.architecture = c.architecture;
    info.quantMix = quantMix(tensors, info.parameterCount);
    info.contextLength = c.contextTrained;
    info.layers = c.nLayers;
    info.hidden = c.hidden;
    info.heads = c.nHeads;
    info.kvHeads = c.nKvHeads;
    info.headDim = c.headDim;
    info.ffn = c.ffn;
    info.vocabSize = c.vocab;
    info.kvBytesPerToken = models::KvCache::bytesFor(c, 1, TensorType::F16);
}

Status describeGguf(Model::Impl& impl, const formats::GgufFile& gguf,
                    const models::TensorSource& tensors, const std::filesystem::path& path) {
    HEARTH_ASSIGN_OR_RETURN(impl.config, models::readModelConfig(gguf, tensors));
    HEARTH_ASSIGN_OR_RETURN(tokenizer::Vocabulary vocabulary, tokenizer::vocabularyFromGguf(gguf));
    impl.info.addBos = vocabulary.addBos;
    impl.tokenizer.emplace(std::make_shared<const tokenizer::Vocabulary>(std::move(vocabulary)));
    ModelInfo& info = impl.info;
    const models::ModelConfig& c = impl.config;
    info.name = c.name.empty() ? path.stem().string() : c.name;
    describeConfig(info, c, tensors);
    info.chatTemplate = gguf.getStringOr("tokenizer.chat_template", "").value();
    info.bosToken = tokenId(gguf, "tokenizer.ggml.bos_token_id");
    info.eosToken = tokenId(gguf, "tokenizer.ggml.eos_token_id");
    info.eotToken = tokenId(gguf, "tokenizer.ggml.eot_token_id");
    SamplingAdvice advice;
    if (gguf.find("general.sampling.temp") != nullptr) {
        HEARTH_ASSIGN_OR_RETURN(advice.temperature, gguf.getFloat("general.sampling.temp"));
    }
    if (gguf.find("general.sampling.top_p") != nullptr) {
        HEARTH_ASSIGN_OR_RETURN(advice.topP, gguf.getFloat("general.sampling.top_p"));
    }
    if (gguf.find("general.sampling.top_k") != nullptr) {
        HEARTH_ASSIGN_OR_RETURN(advice.topK, gguf.getUInt("general.sampling.top_k"));
    }
    info.defaultSampling = defaultSampling(info, advice);
    for (const int32_t id : {info.eosToken, info.eotToken})
        if (id >= 0) impl.endOfGeneration.insert(id);
    return Status();
}

// A Hugging Face directory: models/hf_checkpoint.h reads it; this only fills the description.
Status describeHf(Model::Impl& impl, const models::HfCheckpoint& checkpoint) {
    impl.config = checkpoint.config();
    const models::HfTokenizerFiles& files = checkpoint.tokenizer();
    impl.tokenizer.emplace(files.vocabulary);
    ModelInfo& info = impl.info;
    info.name = impl.config.name;
    describeConfig(info, impl.config, checkpoint.tensors());
    info.chatTemplate = files.chatTemplate;
    info.bosToken = files.bosToken;
    info.eosToken = files.eosTokens.empty() ? -1 : files.eosTokens.front();
    info.addBos = files.addBos;
    const models::HfGenerationDefaults& g = files.generation;
    info.defaultSampling = defaultSampling(info, {g.temperature, g.topP, g.topK});
    impl.endOfGeneration.insert(files.eosTokens.begin(), files.eosTokens.end());
    return Status();
}

Status uploadWeights(Model::Impl& impl, const models::TensorSource& tensors,
                     const LoadOptions& options) {
    HEARTH_ASSIGN_OR_RETURN(impl.device, vk::Device::create(options.deviceIndex));
    impl.info.deviceName = impl.device->info().name;
    auto progress = [&](uint64_t done, uint64_t total) {
        if (options.cancel != nullptr && options.cancel->load()) return false;
        return !options.progress || options.progress(done, total);
    };
    // Where device memory is host memory, matrices stay in the file's pages: no copy.
    const bool inPlace = impl.device->caps().importHostMemory && !options.copyWeights;
    HEARTH_ASSIGN_OR_RETURN(
        impl.weights,
        models::ModelWeights::upload(*impl.device, tensors, impl.config, progress, inPlace));
    impl.info.weightBytes = impl.weights->deviceBytes();
    impl.info.weightBytesInPlace = impl.weights->inPlaceBytes();
    return Status();
}

Status loadInto(Model::Impl& impl, const std::filesystem::path& path, const LoadOptions& options) {
    impl.info.path = path.string();
    if (std::filesystem::is_directory(path)) {
        HEARTH_ASSIGN_OR_RETURN(std::shared_ptr<const models::HfCheckpoint> checkpoint,
                                models::HfCheckpoint::open(path));
        HEARTH_RETURN_IF_ERROR(describeHf(impl, *checkpoint));
        if (options.metadataOnly) return Status();
        HEARTH_RETURN_IF_ERROR(uploadWeights(impl, checkpoint->tensors(), options));
        if (impl.info.weightBytesInPlace != 0) impl.mappedSource = std::move(checkpoint);
        return Status();
    }
    HEARTH_ASSIGN_OR_RETURN(std::shared_ptr<const formats::GgufFile> gguf,
                            formats::GgufFile::open(path));
    for (const std::filesystem::path& file : gguf->paths())
        impl.info.files.push_back(file.string());
    const models::TensorList tensors = models::TensorList::fromGguf(*gguf);
    HEARTH_RETURN_IF_ERROR(describeGguf(impl, *gguf, tensors, path));
    if (options.metadataOnly) return Status();
    HEARTH_RETURN_IF_ERROR(uploadWeights(impl, tensors, options));
    if (impl.info.weightBytesInPlace != 0) impl.mappedSource = std::move(gguf);
    return Status();
}

}  // namespace

Model::Model(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Model::~Model() = default;

const ModelInfo& Model::info() const {
    return m_impl->info;
}

Result<std::unique_ptr<Model>> Model::load(const std::filesystem::path& path,
                                           const LoadOptions& options) {
    auto impl = std::make_unique<Impl>();
    const Status loaded = loadInto(*impl, path, options);
    // "dir/" names the directory by its parent path's last part.
    const std::filesystem::path name =
        path.has_filename() ? path.filename() : path.parent_path().filename();
    if (!loaded.ok()) return loaded.withContext("loading " + name.string());
    return std::unique_ptr<Model>(new Model(std::move(impl)));
}

Result<std::unique_ptr<Session>> Model::newSession(const SessionOptions& options) const {
    if (m_impl->weights == nullptr)
        return Status::error("the model was loaded without its weights (metadataOnly)");
    return GpuSession::create(*m_impl, options);
}

std::string Model::tokenBytes(int32_t id) const {
    return m_impl->pieceOf(id);
}

const Tokenizer& Model::tokenizer() const {
    return *m_impl->tokenizer;
}

bool Model::isEndOfGeneration(int32_t id) const {
    return m_impl->endOfGeneration.count(id) != 0;
}

}  // namespace hearth

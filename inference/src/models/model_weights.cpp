#include "models/model_weights.h"

#include <algorithm>
#include <cstring>

#include "quant/blocks.h"
#include "vk/device.h"

namespace hearth::models {

namespace {

std::string shapeText(const std::vector<uint64_t>& dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

// Bytes copied per upload call: progress and cancel are checked between them.
constexpr uint64_t kUploadChunkBytes = 32ull << 20;

}  // namespace

// Validates every tensor first (plan), then uploads them (run), so a bad file fails before any
// device memory is spent.
class WeightUploader {
public:
    WeightUploader(vk::Device& device, const TensorSource& file, const ModelConfig& config,
                   bool inPlace)
        : m_device(device), m_file(file), m_config(config), m_inPlace(inPlace) {}

    Result<std::unique_ptr<ModelWeights>> run(const UploadProgress& progress) {
        const ModelConfig& c = m_config;
        std::unique_ptr<ModelWeights> w(new ModelWeights);
        m_weights = w.get();
        // Plan: look every tensor up and check it; ranges are filled in by the upload below.
        HEARTH_RETURN_IF_ERROR(planMatrix("token_embd.weight", c.vocab, c.hidden, &w->embedding));
        w->layers.resize(c.nLayers);
        for (uint32_t i = 0; i < c.nLayers; ++i) {
            LayerWeights& l = w->layers[i];
            HEARTH_RETURN_IF_ERROR(
                planVector(layerTensorName(i, "attn_norm.weight"), c.hidden, &l.attnNorm));
            HEARTH_RETURN_IF_ERROR(
                planMatrix(layerTensorName(i, "attn_q.weight"), c.qDim(), c.hidden, &l.q));
            HEARTH_RETURN_IF_ERROR(
                planMatrix(layerTensorName(i, "attn_k.weight"), c.kvDim(), c.hidden, &l.k));
            HEARTH_RETURN_IF_ERROR(
                planMatrix(layerTensorName(i, "attn_v.weight"), c.kvDim(), c.hidden, &l.v));
            if (c.qkvBias) {
                HEARTH_RETURN_IF_ERROR(
                    planVector(layerTensorName(i, "attn_q.bias"), c.qDim(), &l.qBias));
                HEARTH_RETURN_IF_ERROR(
                    planVector(layerTensorName(i, "attn_k.bias"), c.kvDim(), &l.kBias));
                HEARTH_RETURN_IF_ERROR(
                    planVector(layerTensorName(i, "attn_v.bias"), c.kvDim(), &l.vBias));
            }
            HEARTH_RETURN_IF_ERROR(
                planMatrix(layerTensorName(i, "attn_output.weight"), c.hidden, c.qDim(), &l.o));
            HEARTH_RETURN_IF_ERROR(
                planVector(layerTensorName(i, "ffn_norm.weight"), c.hidden, &l.ffnNorm));
            HEARTH_RETURN_IF_ERROR(
                planMatrix(layerTensorName(i, "ffn_gate.weight"), c.ffn, c.hidden, &l.gate));
            HEARTH_RETURN_IF_ERROR(
                planMatrix(layerTensorName(i, "ffn_up.weight"), c.ffn, c.hidden, &l.up));
            HEARTH_RETURN_IF_ERROR(
                planMatrix(layerTensorName(i, "ffn_down.weight"), c.hidden, c.ffn, &l.down));
        }
        HEARTH_RETURN_IF_ERROR(planVector("output_norm.weight", c.hidden, &w->outputNorm));
        if (!c.tiedOutput)
            HEARTH_RETURN_IF_ERROR(planMatrix("output.weight", c.vocab, c.hidden, &w->output));
        if (c.ropeFreqFactors)
            HEARTH_RETURN_IF_ERROR(planVector("rope_freqs.weight", c.rope.nRot / 2, &w->ropeFreqs));

        uint64_t total = 0, done = 0;
        for (const Planned& p : m_planned) total += p.deviceBytes;
        for (const Planned& p : m_planned) {
            HEARTH_RETURN_IF_ERROR(upload(p, done, total, progress));
            done += p.deviceBytes;
        }
        if (c.tiedOutput) w->output = w->embedding;
        w->m_deviceBytes = total;
        return w;
    }

private:
    struct Planned {
        const TensorView* tensor;
        uint64_t deviceBytes;
        ops::WeightView* matrix = nullptr;  // one of these two is set
        vk::BufferRange* vector = nullptr;
    };

    Result<const TensorView*> find(const std::string& name) {
        const TensorView* t = m_file.tensor(name);
        if (t == nullptr) return Status::error("tensor '" + name + "' is missing");
        return t;
    }

    Status planMatrix(const std::string& name, uint32_t rows, uint32_t cols, ops::WeightView* out) {
        HEARTH_ASSIGN_OR_RETURN(const TensorView* t, find(name));
        if (t->dims.size() != 2 || t->dims[0] != cols || t->dims[1] != rows)
            return Status::error("tensor '" + name + "' has shape " + shapeText(t->dims) +
                                 ", expected [" + std::to_string(cols) + ", " +
                                 std::to_string(rows) + "]");
        if (!ops::weightLayout(t->type, cols).ok()) {
            const TensorTypeTraits* traits = tensorTypeTraits(t->type);
            return Status::error("tensor '" + name + "' has type " +
                                 (traits ? traits->name : "unknown") +
                                 ", which Hearth cannot run yet");
        }
        *out = {{}, t->type, rows, cols};
        m_planned.push_back({t, t->bytes, out, nullptr});
        return Status();
    }

    Status planVector(const std::string& name, uint32_t n, vk::BufferRange* out) {
        HEARTH_ASSIGN_OR_RETURN(const TensorView* t, find(name));
        if (t->elements != n || t->dims.size() != 1)
            return Status::error("tensor '" + name + "' has shape " + shapeText(t->dims) +
                                 ", expected [" + std::to_string(n) + "]");
        if (t->type != TensorType::F32 && t->type != TensorType::F16 && t->type != TensorType::BF16)
            return Status::error("tensor '" + name + "' must be f32, f16 or bf16");
        m_planned.push_back({t, uint64_t{n} * 4, nullptr, out});
        return Status();
    }

    Status upload(const Planned& p, uint64_t done, uint64_t total, const UploadProgress& progress) {
        const TensorView& t = *p.tensor;
        if (m_inPlace && p.matrix != nullptr) {
            uint64_t offset = 0;
            Result<vk::Buffer> imported = vk::Buffer::importHost(m_device, t.data, t.bytes, offset,
                                                                 "using tensor '" + t.name + "'");
            if (imported.ok()) {
                m_weights->m_inPlaceBytes += t.bytes;
                if (progress && !progress(done + p.deviceBytes, total))
                    return Status::error("loading was cancelled");
                return keep(std::move(imported.value()), p, offset);
            }
            // Not importable (alignment, driver): copy it like any other device.
        }
        HEARTH_ASSIGN_OR_RETURN(vk::Buffer buffer,
                                vk::Buffer::create(m_device, p.deviceBytes, vk::MemoryUse::Device,
                                                   "loading tensor '" + t.name + "'"));
        if (p.vector != nullptr) {
            // Norm weights and biases are small: widened to f32 on the host.
            std::vector<float> values(t.elements);
            for (uint64_t i = 0; i < t.elements; ++i) {
                uint16_t bits;
                if (t.type == TensorType::F32) {
                    std::memcpy(&values[i], t.data + 4 * i, 4);
                    continue;
                }
                std::memcpy(&bits, t.data + 2 * i, 2);
                values[i] = t.type == TensorType::F16 ? halfToFloat(bits) : bf16ToFloat(bits);
            }
            HEARTH_RETURN_IF_ERROR(m_device.upload(buffer, 0, values.data(), p.deviceBytes));
        } else {
            for (uint64_t offset = 0; offset < t.bytes; offset += kUploadChunkBytes) {
                const uint64_t bytes = std::min(kUploadChunkBytes, t.bytes - offset);
                HEARTH_RETURN_IF_ERROR(m_device.upload(buffer, offset, t.data + offset, bytes));
                if (progress && !progress(done + offset + bytes, total))
                    return Status::error("loading was cancelled");
            }
        }
        if (progress && !progress(done + p.deviceBytes, total))
            return Status::error("loading was cancelled");
        return keep(std::move(buffer), p);
    }

    Status keep(vk::Buffer buffer, const Planned& p, uint64_t offset = 0) {
        m_weights->m_buffers.push_back(std::move(buffer));
        const vk::BufferRange range{&m_weights->m_buffers.back(), offset, p.deviceBytes};
        if (p.matrix != nullptr) p.matrix->range = range;
        if (p.vector != nullptr) *p.vector = range;
        return Status();
    }

    vk::Device& m_device;
    const TensorSource& m_file;
    const ModelConfig& m_config;
    const bool m_inPlace;
    ModelWeights* m_weights = nullptr;
    std::vector<Planned> m_planned;
};

Result<std::unique_ptr<ModelWeights>> ModelWeights::upload(vk::Device& device,
                                                           const TensorSource& file,
                                                           const ModelConfig& config,
                                                           const UploadProgress& progress,
                                                           bool inPlace) {
    return WeightUploader(device, file, config, inPlace).run(progress);
}

}  // namespace hearth::models

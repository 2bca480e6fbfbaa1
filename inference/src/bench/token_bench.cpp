#include "bench/token_bench.h"

#include <chrono>
#include <cmath>
#include <deque>
#include <random>
#include <vector>

#include "ops/add.h"
#include "ops/argmax.h"
#include "ops/attention.h"
#include "ops/get_rows.h"
#include "ops/kv_write.h"
#include "ops/matvec.h"
#include "ops/rms_norm.h"
#include "ops/rope.h"
#include "ops/swiglu.h"
#include "reference/quantize.h"
#include "vk/command_stream.h"
#include "vk/device.h"

namespace hearth::bench {

namespace {

// DeepSeek-R1-Distill-Qwen-1.5B (REFERENCES.md §1).
constexpr uint32_t kLayers = 28, kHidden = 1536, kHeads = 12, kKvHeads = 2, kHeadDim = 128;
constexpr uint32_t kFfn = 8960, kVocab = 151936;
constexpr float kRmsEps = 1e-6f, kRopeBase = 10000.0f;

class TokenGraph {
public:
    explicit TokenGraph(vk::Device& device) : m_device(device) {}

    Result<vk::Buffer> buffer(uint64_t bytes) {
        return vk::Buffer::create(m_device, bytes, vk::MemoryUse::Device, "allocating bench data");
    }

    // A rows x cols matrix of `type` whose rows are one quantized random row, repeated.
    Result<ops::WeightView> matrix(TensorType type, uint32_t rows, uint32_t cols) {
        const uint64_t rowBytes = tensorRowBytes(type, cols).value();
        std::vector<float> row(cols);
        std::normal_distribution<float> dist(0.0f, 0.02f);
        for (float& v : row) v = dist(m_rng);
        std::vector<uint8_t> quantized(rowBytes);
        quantizeRow(type, row.data(), quantized.data(), cols);
        std::vector<uint8_t> host(rowBytes * rows);
        for (uint32_t r = 0; r < rows; ++r)
            std::copy(quantized.begin(), quantized.end(), host.begin() + r * rowBytes);
        HEARTH_ASSIGN_OR_RETURN(vk::Buffer b, buffer(host.size()));
        HEARTH_RETURN_IF_ERROR(m_device.upload(b, 0, host.data(), host.size()));
        m_weightBytes += host.size();
        m_buffers.push_back(std::move(b));
        return ops::WeightView{vk::BufferRange::whole(m_buffers.back()), type, rows, cols};
    }

    Result<vk::BufferRange> vector(uint64_t floats, float value = 0.0f) {
        HEARTH_ASSIGN_OR_RETURN(vk::Buffer b, buffer(floats * 4));
        std::vector<float> host(floats, value);
        HEARTH_RETURN_IF_ERROR(m_device.upload(b, 0, host.data(), floats * 4));
        m_buffers.push_back(std::move(b));
        return vk::BufferRange::whole(m_buffers.back());
    }

    uint64_t weightBytes() const { return m_weightBytes; }

private:
    vk::Device& m_device;
    std::mt19937 m_rng{42};
    std::deque<vk::Buffer> m_buffers;  // a deque: views keep pointing at its elements
    uint64_t m_weightBytes = 0;
};

struct Layer {
    ops::WeightView q, k, v, o, gate, up, down;
    vk::BufferRange attnNorm, ffnNorm, qBias, kBias, vBias, kCache, vCache;
};

}  // namespace

Result<TokenBenchResult> runTokenBench(vk::Device& device, uint32_t context, int repetitions) {
    TokenGraph g(device);
    const ops::KvCacheLayout cache{TensorType::F16, context + 1, kKvHeads, kHeadDim};
    std::vector<Layer> layers(kLayers);
    for (Layer& l : layers) {
        HEARTH_ASSIGN_OR_RETURN(l.q, g.matrix(TensorType::Q4_K, kHeads * kHeadDim, kHidden));
        HEARTH_ASSIGN_OR_RETURN(l.k, g.matrix(TensorType::Q4_K, kKvHeads * kHeadDim, kHidden));
        HEARTH_ASSIGN_OR_RETURN(l.v, g.matrix(TensorType::Q4_K, kKvHeads * kHeadDim, kHidden));
        HEARTH_ASSIGN_OR_RETURN(l.o, g.matrix(TensorType::Q4_K, kHidden, kHeads * kHeadDim));
        HEARTH_ASSIGN_OR_RETURN(l.gate, g.matrix(TensorType::Q4_K, kFfn, kHidden));
        HEARTH_ASSIGN_OR_RETURN(l.up, g.matrix(TensorType::Q4_K, kFfn, kHidden));
        HEARTH_ASSIGN_OR_RETURN(l.down, g.matrix(TensorType::Q4_K, kHidden, kFfn));
        HEARTH_ASSIGN_OR_RETURN(l.attnNorm, g.vector(kHidden, 1.0f));
        HEARTH_ASSIGN_OR_RETURN(l.ffnNorm, g.vector(kHidden, 1.0f));
        HEARTH_ASSIGN_OR_RETURN(l.qBias, g.vector(kHeads * kHeadDim));
        HEARTH_ASSIGN_OR_RETURN(l.kBias, g.vector(kKvHeads * kHeadDim));
        HEARTH_ASSIGN_OR_RETURN(l.vBias, g.vector(kKvHeads * kHeadDim));
        HEARTH_ASSIGN_OR_RETURN(l.kCache, g.vector(cache.bufferBytes() / 4 + 1));
        HEARTH_ASSIGN_OR_RETURN(l.vCache, g.vector(cache.bufferBytes() / 4 + 1));
    }
    HEARTH_ASSIGN_OR_RETURN(ops::WeightView embedding, g.matrix(TensorType::Q4_K, kVocab, kHidden));
    HEARTH_ASSIGN_OR_RETURN(ops::WeightView output, g.matrix(TensorType::Q6_K, kVocab, kHidden));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange outNorm, g.vector(kHidden, 1.0f));

    // Activations: x (residual), h (normed), q/k/v, attention out, FFN intermediates, logits.
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange tokenId, g.vector(4));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange position, g.vector(4));
    const int32_t pos = static_cast<int32_t>(context);
    HEARTH_RETURN_IF_ERROR(device.upload(*position.buffer, 0, &pos, 4));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange x, g.vector(kHidden));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange h, g.vector(kHidden));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange q, g.vector(kHeads * kHeadDim));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange k, g.vector(kKvHeads * kHeadDim));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange v, g.vector(kKvHeads * kHeadDim));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange attn, g.vector(kHeads * kHeadDim));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange proj, g.vector(kHidden));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange gate, g.vector(kFfn));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange up, g.vector(kFfn));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange act, g.vector(kFfn));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange logits, g.vector(kVocab));
    HEARTH_ASSIGN_OR_RETURN(vk::BufferRange next, g.vector(4));

    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<vk::CommandStream> stream,
                            vk::CommandStream::create(device));
    HEARTH_RETURN_IF_ERROR(stream->begin());
    ops::OpContext ctx{device, *stream};
    const ops::RopeParams rope =
        ops::RopeParams::standard(ops::RopeStyle::NeoX, kHeadDim, kRopeBase);
    const ops::AttentionParams attnParams{1, kHeads, static_cast<uint32_t>(pos),
                                          1.0f / std::sqrt(static_cast<float>(kHeadDim))};
    HEARTH_RETURN_IF_ERROR(ops::getRows(ctx, embedding, tokenId, 1, x));
    for (const Layer& l : layers) {
        HEARTH_RETURN_IF_ERROR(ops::rmsNorm(ctx, x, l.attnNorm, h, 1, kHidden, kRmsEps));
        HEARTH_RETURN_IF_ERROR(ops::matvec(ctx, l.q, h, q));
        HEARTH_RETURN_IF_ERROR(ops::matvec(ctx, l.k, h, k));
        HEARTH_RETURN_IF_ERROR(ops::matvec(ctx, l.v, h, v));
        HEARTH_RETURN_IF_ERROR(ops::add(ctx, q, l.qBias, q, kHeads * kHeadDim, kHeads * kHeadDim));
        HEARTH_RETURN_IF_ERROR(
            ops::add(ctx, k, l.kBias, k, kKvHeads * kHeadDim, kKvHeads * kHeadDim));
        HEARTH_RETURN_IF_ERROR(
            ops::add(ctx, v, l.vBias, v, kKvHeads * kHeadDim, kKvHeads * kHeadDim));
        HEARTH_RETURN_IF_ERROR(ops::rope(ctx, q, position, {}, q, 1, kHeads, kHeadDim, rope));
        HEARTH_RETURN_IF_ERROR(ops::rope(ctx, k, position, {}, k, 1, kKvHeads, kHeadDim, rope));
        HEARTH_RETURN_IF_ERROR(ops::kvWrite(ctx, cache, k, l.kCache, pos, 1));
        HEARTH_RETURN_IF_ERROR(ops::kvWrite(ctx, cache, v, l.vCache, pos, 1));
        HEARTH_RETURN_IF_ERROR(ops::attention(ctx, cache, attnParams, q, l.kCache, l.vCache, attn));
        HEARTH_RETURN_IF_ERROR(ops::matvec(ctx, l.o, attn, proj));
        HEARTH_RETURN_IF_ERROR(ops::add(ctx, x, proj, x, kHidden, kHidden));
        HEARTH_RETURN_IF_ERROR(ops::rmsNorm(ctx, x, l.ffnNorm, h, 1, kHidden, kRmsEps));
        HEARTH_RETURN_IF_ERROR(ops::matvec(ctx, l.gate, h, gate));
        HEARTH_RETURN_IF_ERROR(ops::matvec(ctx, l.up, h, up));
        HEARTH_RETURN_IF_ERROR(ops::swiglu(ctx, gate, up, act, kFfn));
        HEARTH_RETURN_IF_ERROR(ops::matvec(ctx, l.down, act, proj));
        HEARTH_RETURN_IF_ERROR(ops::add(ctx, x, proj, x, kHidden, kHidden));
    }
    HEARTH_RETURN_IF_ERROR(ops::rmsNorm(ctx, x, outNorm, h, 1, kHidden, kRmsEps));
    HEARTH_RETURN_IF_ERROR(ops::matvec(ctx, output, h, logits));
    HEARTH_RETURN_IF_ERROR(ops::argmax(ctx, logits, next, 1, kVocab));
    HEARTH_RETURN_IF_ERROR(stream->end());

    TokenBenchResult result;
    result.layers = kLayers;
    result.context = context;
    result.dispatches = stream->dispatchCount();
    result.barriers = stream->barrierCount();
    result.weightBytes = g.weightBytes() - embedding.range.size;
    HEARTH_RETURN_IF_ERROR(stream->submit());  // warm-up
    HEARTH_RETURN_IF_ERROR(stream->wait());
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repetitions; ++i) {
        HEARTH_RETURN_IF_ERROR(stream->submit());
        HEARTH_RETURN_IF_ERROR(stream->wait());
    }
    const std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - start;
    result.millisecondsPerToken = elapsed.count() / repetitions;
    return result;
}

}  // namespace hearth::bench

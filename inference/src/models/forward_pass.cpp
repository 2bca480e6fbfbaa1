#include "models/forward_pass.h"

#include <algorithm>
#include <cmath>

#include "ops/add.h"
#include "ops/attention.h"
#include "ops/get_rows.h"
#include "ops/kv_write.h"
#include "ops/matmul.h"
#include "ops/matvec.h"
#include "ops/rms_norm.h"
#include "ops/rope.h"
#include "ops/swiglu.h"
#include "vk/command_stream.h"
#include "vk/device.h"

namespace hearth::models {

namespace {

// y = W x for one row (matvec, the decode kernel) or for many (matmul, the prefill kernel).
Status project(ops::OpContext& ctx, const ops::WeightView& w, vk::BufferRange x, uint32_t rows,
               vk::BufferRange y) {
    if (rows == 1) return ops::matvec(ctx, w, x, y);
    return ops::matmul(ctx, w, x, rows, y);
}

}  // namespace

Result<vk::BufferRange> ForwardPass::allocate(vk::Device& device, uint64_t bytes,
                                              vk::MemoryUse use) {
    HEARTH_ASSIGN_OR_RETURN(vk::Buffer b, vk::Buffer::create(device, std::max<uint64_t>(bytes, 16),
                                                             use, "allocating activations"));
    m_scratchBytes += b.size();
    m_buffers.push_back(std::move(b));
    return vk::BufferRange{&m_buffers.back(), 0, bytes};
}

Result<std::unique_ptr<ForwardPass>> ForwardPass::create(vk::Device& device,
                                                         const ModelConfig& config,
                                                         const ModelWeights& weights,
                                                         const KvCache& cache, uint32_t maxBatch,
                                                         uint32_t maxLogitRows) {
    std::unique_ptr<ForwardPass> f(new ForwardPass(config, weights, cache));
    const uint64_t b = std::max(maxBatch, 1u);
    f->m_maxBatch = static_cast<uint32_t>(b);
    f->m_maxLogitRows = std::clamp(maxLogitRows, 1u, f->m_maxBatch);
    auto hostBuffer = [&](uint64_t bytes, vk::MemoryUse use) -> Result<vk::Buffer> {
        HEARTH_ASSIGN_OR_RETURN(vk::Buffer buffer,
                                vk::Buffer::create(device, bytes, use, "allocating model inputs"));
        if (buffer.mapped() == nullptr)
            return Status::error(device.info().name + " has no host-visible memory for inputs");
        f->m_scratchBytes += buffer.size();
        return buffer;
    };
    HEARTH_ASSIGN_OR_RETURN(f->m_ids, hostBuffer(b * 4, vk::MemoryUse::Upload));
    HEARTH_ASSIGN_OR_RETURN(f->m_positions, hostBuffer(b * 4, vk::MemoryUse::Upload));
    HEARTH_ASSIGN_OR_RETURN(f->m_logits, hostBuffer(uint64_t{f->m_maxLogitRows} * config.vocab * 4,
                                                    vk::MemoryUse::Readback));
    const vk::MemoryUse use = vk::MemoryUse::Device;
    HEARTH_ASSIGN_OR_RETURN(f->m_x, f->allocate(device, b * config.hidden * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_h, f->allocate(device, b * config.hidden * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_q, f->allocate(device, b * config.qDim() * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_k, f->allocate(device, b * config.kvDim() * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_v, f->allocate(device, b * config.kvDim() * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_attn, f->allocate(device, b * config.qDim() * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_proj, f->allocate(device, b * config.hidden * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_gate, f->allocate(device, b * config.ffn * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_up, f->allocate(device, b * config.ffn * 4, use));
    HEARTH_ASSIGN_OR_RETURN(f->m_act, f->allocate(device, b * config.ffn * 4, use));
    // Attention scratch for the longest split: a full batch at the end of the cache, or a
    // recorded decode step (which splits as if the cache were full).
    const ops::KvCacheLayout& layout = cache.layout();
    const uint32_t batch = std::min(f->m_maxBatch, layout.capacity);
    const ops::AttentionParams prefill{batch, config.nHeads, layout.capacity - batch, 1.0f};
    const ops::AttentionParams decode{1, config.nHeads, 0, 1.0f};
    const uint64_t attentionScratch =
        std::max(ops::attentionScratchBytes(device, layout, prefill),
                 ops::attentionScratchBytes(device, layout, decode, true));
    HEARTH_ASSIGN_OR_RETURN(f->m_attentionScratch, f->allocate(device, attentionScratch, use));
    return f;
}

Status ForwardPass::recordPrefill(ops::OpContext& ctx, uint32_t nTokens, uint32_t pos0,
                                  LogitsFor logits) {
    if (nTokens == 0 || nTokens > m_maxBatch ||
        (logits == LogitsFor::AllTokens && nTokens > m_maxLogitRows))
        return Status::error("internal error: a batch of " + std::to_string(nTokens) +
                             " tokens does not fit the forward pass's scratch");
    return record(ctx, nTokens, pos0, logits, false);
}

Status ForwardPass::recordDecode(ops::OpContext& ctx) {
    return record(ctx, 1, 0, LogitsFor::LastToken, true);
}

Status ForwardPass::record(ops::OpContext& ctx, uint32_t n, uint32_t pos0, LogitsFor logits,
                           bool decode) {
    const ModelConfig& c = m_config;
    const ModelWeights& w = m_weights;
    const ops::KvCacheLayout& layout = m_cache.layout();
    const vk::BufferRange ids = vk::BufferRange::whole(m_ids);
    const vk::BufferRange positions = vk::BufferRange::whole(m_positions);
    // A decode step reads its position from `positions` when it runs.
    const vk::BufferRange positionSource = decode ? positions : vk::BufferRange{};
    const ops::AttentionParams attention{n, c.nHeads, pos0,
                                         1.0f / std::sqrt(static_cast<float>(c.headDim))};

    HEARTH_RETURN_IF_ERROR(ops::getRows(ctx, w.embedding, ids, n, m_x));
    for (uint32_t i = 0; i < c.nLayers; ++i) {
        const LayerWeights& l = w.layers[i];
        // Attention block.
        HEARTH_RETURN_IF_ERROR(ops::rmsNorm(ctx, m_x, l.attnNorm, m_h, n, c.hidden, c.rmsEps));
        HEARTH_RETURN_IF_ERROR(project(ctx, l.q, m_h, n, m_q));
        HEARTH_RETURN_IF_ERROR(project(ctx, l.k, m_h, n, m_k));
        HEARTH_RETURN_IF_ERROR(project(ctx, l.v, m_h, n, m_v));
        if (c.qkvBias) {
            HEARTH_RETURN_IF_ERROR(ops::add(ctx, m_q, l.qBias, m_q, n * c.qDim(), c.qDim()));
            HEARTH_RETURN_IF_ERROR(ops::add(ctx, m_k, l.kBias, m_k, n * c.kvDim(), c.kvDim()));
            HEARTH_RETURN_IF_ERROR(ops::add(ctx, m_v, l.vBias, m_v, n * c.kvDim(), c.kvDim()));
        }
        HEARTH_RETURN_IF_ERROR(
            ops::rope(ctx, m_q, positions, w.ropeFreqs, m_q, n, c.nHeads, c.headDim, c.rope));
        HEARTH_RETURN_IF_ERROR(
            ops::rope(ctx, m_k, positions, w.ropeFreqs, m_k, n, c.nKvHeads, c.headDim, c.rope));
        HEARTH_RETURN_IF_ERROR(
            ops::kvWrite(ctx, layout, m_k, m_cache.keys(i), pos0, n, positionSource));
        HEARTH_RETURN_IF_ERROR(
            ops::kvWrite(ctx, layout, m_v, m_cache.values(i), pos0, n, positionSource));
        HEARTH_RETURN_IF_ERROR(ops::attention(ctx, layout, attention, m_q, m_cache.keys(i),
                                              m_cache.values(i), m_attn, m_attentionScratch,
                                              positionSource));
        HEARTH_RETURN_IF_ERROR(project(ctx, l.o, m_attn, n, m_proj));
        HEARTH_RETURN_IF_ERROR(ops::add(ctx, m_x, m_proj, m_x, n * c.hidden, n * c.hidden));
        // Feed-forward block.
        HEARTH_RETURN_IF_ERROR(ops::rmsNorm(ctx, m_x, l.ffnNorm, m_h, n, c.hidden, c.rmsEps));
        HEARTH_RETURN_IF_ERROR(project(ctx, l.gate, m_h, n, m_gate));
        HEARTH_RETURN_IF_ERROR(project(ctx, l.up, m_h, n, m_up));
        HEARTH_RETURN_IF_ERROR(ops::swiglu(ctx, m_gate, m_up, m_act, n * c.ffn));
        HEARTH_RETURN_IF_ERROR(project(ctx, l.down, m_act, n, m_proj));
        HEARTH_RETURN_IF_ERROR(ops::add(ctx, m_x, m_proj, m_x, n * c.hidden, n * c.hidden));
    }
    const vk::BufferRange out = vk::BufferRange::whole(m_logits);
    if (logits == LogitsFor::AllTokens) {
        HEARTH_RETURN_IF_ERROR(ops::rmsNorm(ctx, m_x, w.outputNorm, m_h, n, c.hidden, c.rmsEps));
        return project(ctx, w.output, m_h, n, out);
    }
    // Only the last row is needed: normalize it alone and take one matrix-vector product.
    const uint64_t rowBytes = uint64_t{c.hidden} * 4, last = (n - 1) * rowBytes;
    HEARTH_RETURN_IF_ERROR(ops::rmsNorm(ctx, m_x.sub(last, rowBytes), w.outputNorm,
                                        m_h.sub(0, rowBytes), 1, c.hidden, c.rmsEps));
    return ops::matvec(ctx, w.output, m_h.sub(0, rowBytes), out);
}

}  // namespace hearth::models

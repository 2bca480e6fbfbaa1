#include "bench/op_bench.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>

#include "ops/dequantize.h"
#include "ops/get_rows.h"
#include "ops/matmul.h"
#include "ops/matvec.h"
#include "ops/read_bandwidth.h"
#include "quant/tensor_type.h"
#include "reference/quantize.h"
#include "vk/device.h"

namespace hearth::bench {

namespace {

// Weights are rotated through enough copies that each dispatch reads memory no cache holds
// (the "weights cold" condition of a real decode, where every layer's weights are new).
constexpr uint64_t kColdBytes = 256ull << 20;

class Bench {
public:
    Bench(vk::Device& device, const OpBenchOptions& options, OpBenchReport& report)
        : m_device(device), m_options(options), m_report(report) {}

    bool wants(const std::string& op) const {
        return m_options.ops.empty() ||
               std::find(m_options.ops.begin(), m_options.ops.end(), op) != m_options.ops.end();
    }
    std::vector<TensorType> types() const {
        std::vector<TensorType> out;
        for (TensorType t : supportedTensorTypes()) {
            const std::string name = tensorTypeTraits(t)->name;
            auto same = [&](const std::string& n) {
                return std::equal(n.begin(), n.end(), name.begin(), name.end(), [](char a, char b) {
                    return std::tolower(a) == std::tolower(b);
                });
            };
            if (m_options.types.empty() ||
                std::any_of(m_options.types.begin(), m_options.types.end(), same))
                out.push_back(t);
        }
        return out;
    }
    int reps(int fallback) const {
        return m_options.repetitions > 0 ? m_options.repetitions : fallback;
    }

    Result<vk::Buffer> buffer(uint64_t bytes) {
        return vk::Buffer::create(m_device, bytes, vk::MemoryUse::Device, "allocating bench data");
    }

    // Quantized copies of one random matrix; each copy at an offset the kernels can bind.
    Result<std::vector<vk::Buffer>> weightCopies(TensorType type, uint32_t rows, uint32_t cols,
                                                 int copies) {
        const uint64_t rowBytes = tensorRowBytes(type, cols).value();
        std::vector<uint8_t> host(rowBytes * rows);
        std::mt19937 rng(7);
        std::normal_distribution<float> dist(0.0f, 0.02f);
        std::vector<float> row(cols);
        for (uint32_t r = 0; r < rows; ++r) {
            for (float& v : row) v = dist(rng);
            quantizeRow(type, row.data(), host.data() + r * rowBytes, cols);
        }
        std::vector<vk::Buffer> out;
        for (int i = 0; i < copies; ++i) {
            HEARTH_ASSIGN_OR_RETURN(vk::Buffer b, buffer(host.size()));
            HEARTH_RETURN_IF_ERROR(m_device.upload(b, 0, host.data(), host.size()));
            out.push_back(std::move(b));
        }
        return out;
    }

    // Records `count` dispatches through `record(i)` in one command buffer and returns the
    // wall-clock microseconds per dispatch (after one warm-up run).
    Result<double> time(int count, const std::function<Status(ops::OpContext&, int)>& record) {
        HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<vk::CommandStream> stream,
                                vk::CommandStream::create(m_device));
        HEARTH_RETURN_IF_ERROR(stream->begin());
        ops::OpContext ctx{m_device, *stream};
        for (int i = 0; i < count; ++i) HEARTH_RETURN_IF_ERROR(record(ctx, i));
        HEARTH_RETURN_IF_ERROR(stream->end());
        HEARTH_RETURN_IF_ERROR(stream->submit());  // warm-up: page faults, pipeline first use
        HEARTH_RETURN_IF_ERROR(stream->wait());
        const auto start = std::chrono::steady_clock::now();
        HEARTH_RETURN_IF_ERROR(stream->submit());
        HEARTH_RETURN_IF_ERROR(stream->wait());
        const std::chrono::duration<double, std::micro> elapsed =
            std::chrono::steady_clock::now() - start;
        return elapsed.count() / count;
    }

    void add(std::string op, TensorType type, std::string shape, double us, double bytes,
             double flops) {
        m_report.results.push_back({std::move(op), tensorTypeTraits(type)->name, std::move(shape),
                                    us, bytes / us / 1e3, flops / us / 1e3});
    }

    Status readBandwidth() {
        const uint64_t bytes =
            std::min<uint64_t>(m_device.info().maxStorageBufferRange / 16 * 16, 128ull << 20);
        const int copies = 3;
        std::vector<vk::Buffer> data;
        for (int i = 0; i < copies; ++i) {
            HEARTH_ASSIGN_OR_RETURN(vk::Buffer b, buffer(bytes));
            std::vector<uint8_t> zeros(bytes, 1);
            HEARTH_RETURN_IF_ERROR(m_device.upload(b, 0, zeros.data(), bytes));
            data.push_back(std::move(b));
        }
        HEARTH_ASSIGN_OR_RETURN(vk::Buffer sink,
                                buffer(ops::readBandwidthInvocations(m_device) * 4ull));
        HEARTH_ASSIGN_OR_RETURN(double us, time(reps(3) * copies, [&](ops::OpContext& ctx, int i) {
                                    return ops::readBandwidth(
                                        ctx, vk::BufferRange::whole(data[i % copies]),
                                        vk::BufferRange::whole(sink));
                                }));
        m_report.readGigabytesPerSecond = static_cast<double>(bytes) / us / 1e3;
        return Status();
    }

    Status matvec(uint32_t rows, uint32_t cols) {
        for (TensorType type : types()) {
            const uint64_t bytes = tensorRowBytes(type, cols).value() * rows;
            const int copies =
                static_cast<int>(std::clamp<uint64_t>(kColdBytes / bytes + 1, 2, 32));
            HEARTH_ASSIGN_OR_RETURN(std::vector<vk::Buffer> w,
                                    weightCopies(type, rows, cols, copies));
            HEARTH_ASSIGN_OR_RETURN(vk::Buffer x, buffer(cols * 4ull));
            HEARTH_ASSIGN_OR_RETURN(vk::Buffer y, buffer(rows * 4ull));
            HEARTH_ASSIGN_OR_RETURN(
                double us, time(copies * reps(2), [&](ops::OpContext& ctx, int i) {
                    const ops::WeightView view{vk::BufferRange::whole(w[i % copies]), type, rows,
                                               cols};
                    return ops::matvec(ctx, view, vk::BufferRange::whole(x),
                                       vk::BufferRange::whole(y));
                }));
            add("matvec", type, std::to_string(rows) + "x" + std::to_string(cols), us,
                static_cast<double>(bytes), 2.0 * rows * cols);
        }
        return Status();
    }

    Status matmul(uint32_t m, uint32_t rows, uint32_t cols) {
        for (TensorType type : types()) {
            HEARTH_ASSIGN_OR_RETURN(std::vector<vk::Buffer> w, weightCopies(type, rows, cols, 1));
            HEARTH_ASSIGN_OR_RETURN(vk::Buffer a, buffer(uint64_t{m} * cols * 4));
            HEARTH_ASSIGN_OR_RETURN(vk::Buffer c, buffer(uint64_t{m} * rows * 4));
            std::vector<float> act(uint64_t{m} * cols, 0.01f);
            HEARTH_RETURN_IF_ERROR(m_device.upload(a, 0, act.data(), act.size() * 4));
            HEARTH_ASSIGN_OR_RETURN(
                double us, time(reps(3), [&](ops::OpContext& ctx, int) {
                    const ops::WeightView view{vk::BufferRange::whole(w[0]), type, rows, cols};
                    return ops::matmul(ctx, view, vk::BufferRange::whole(a), m,
                                       vk::BufferRange::whole(c));
                }));
            add("matmul", type,
                std::to_string(m) + "x" + std::to_string(rows) + "x" + std::to_string(cols), us, 0,
                2.0 * m * rows * cols);
        }
        return Status();
    }

    Status dequantizeAndGetRows(uint32_t rows, uint32_t cols, uint32_t ids) {
        for (TensorType type : types()) {
            const uint64_t bytes = tensorRowBytes(type, cols).value() * rows;
            HEARTH_ASSIGN_OR_RETURN(std::vector<vk::Buffer> w, weightCopies(type, rows, cols, 1));
            const ops::WeightView view{vk::BufferRange::whole(w[0]), type, rows, cols};
            if (wants("dequantize")) {
                HEARTH_ASSIGN_OR_RETURN(vk::Buffer out, buffer(uint64_t{rows} * cols * 4));
                HEARTH_ASSIGN_OR_RETURN(double us, time(reps(3), [&](ops::OpContext& ctx, int) {
                                            return ops::dequantize(ctx, view,
                                                                   vk::BufferRange::whole(out));
                                        }));
                add("dequantize", type, std::to_string(rows) + "x" + std::to_string(cols), us,
                    static_cast<double>(bytes) + 4.0 * rows * cols, 0);
            }
            if (wants("get_rows")) {
                std::vector<uint32_t> idValues(ids);
                for (uint32_t i = 0; i < ids; ++i) idValues[i] = (i * 7919u) % rows;
                HEARTH_ASSIGN_OR_RETURN(vk::Buffer idBuffer, buffer(ids * 4ull));
                HEARTH_RETURN_IF_ERROR(m_device.upload(idBuffer, 0, idValues.data(), ids * 4ull));
                HEARTH_ASSIGN_OR_RETURN(vk::Buffer out, buffer(uint64_t{ids} * cols * 4));
                HEARTH_ASSIGN_OR_RETURN(double us, time(reps(10), [&](ops::OpContext& ctx, int) {
                                            return ops::getRows(ctx, view,
                                                                vk::BufferRange::whole(idBuffer),
                                                                ids, vk::BufferRange::whole(out));
                                        }));
                add("get_rows", type,
                    std::to_string(ids) + " of " + std::to_string(rows) + "x" +
                        std::to_string(cols),
                    us, static_cast<double>(bytes) / rows * ids + 4.0 * ids * cols, 0);
            }
        }
        return Status();
    }

private:
    vk::Device& m_device;
    const OpBenchOptions& m_options;
    OpBenchReport& m_report;
};

}  // namespace

Result<OpBenchReport> runOpBench(const OpBenchOptions& options) {
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<vk::Device> device, vk::Device::create());
    OpBenchReport report;
    report.device = device->info();
    report.cpuKernels = device->useCpuKernels();
    Bench bench(*device, options, report);
    HEARTH_RETURN_IF_ERROR(bench.readBandwidth());
    // The shapes of DeepSeek-R1-Distill-Qwen-1.5B: the FFN down/up projections and a prompt.
    if (bench.wants("matvec")) HEARTH_RETURN_IF_ERROR(bench.matvec(8960, 1536));
    if (bench.wants("matmul")) HEARTH_RETURN_IF_ERROR(bench.matmul(512, 1536, 1536));
    if (bench.wants("dequantize") || bench.wants("get_rows"))
        HEARTH_RETURN_IF_ERROR(bench.dequantizeAndGetRows(8960, 1536, 512));
    if (bench.wants("token")) {
        HEARTH_ASSIGN_OR_RETURN(report.token, runTokenBench(*device, 512, bench.reps(5)));
    }
    return report;
}

}  // namespace hearth::bench

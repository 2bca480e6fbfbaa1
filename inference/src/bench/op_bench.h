// The kernel benchmark behind `hearth-cli bench --ops`: per op and tensor type, the time of one
// dispatch and the achieved GB/s (memory-bound ops) or GFLOP/s (matmul), next to the device's
// own measured read bandwidth. Times are wall-clock over many dispatches recorded in one
// command buffer, so the per-dispatch cost a real token pays is included.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/token_bench.h"

#include "hearth/devices.h"
#include "hearth/status.h"

namespace hearth::bench {

struct OpBenchResult {
    std::string op;                 // "matvec"
    std::string type;               // "q4_K", or "f32" for ops without weights
    std::string shape;              // "8960x1536"
    double microseconds = 0;        // per dispatch
    double gigabytesPerSecond = 0;  // bytes the op must move / time; 0 when not meaningful
    double gigaflops = 0;           // for products; 0 otherwise
};

struct OpBenchReport {
    DeviceInfo device;
    bool cpuKernels = false;
    double readGigabytesPerSecond = 0;  // the device's own measured read bandwidth
    std::vector<OpBenchResult> results;
    std::optional<TokenBenchResult> token;  // a whole decode token in one command buffer
};

struct OpBenchOptions {
    std::vector<std::string> ops;    // empty = all; "token" = the whole-token benchmark
    std::vector<std::string> types;  // empty = all supported
    int repetitions = 0;             // 0 = choose per op
};

Result<OpBenchReport> runOpBench(const OpBenchOptions& options);

}  // namespace hearth::bench

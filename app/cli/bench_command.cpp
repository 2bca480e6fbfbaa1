// hearth-cli bench --ops [--op NAME]... [--type TYPE]... [-r N] [--json]
// (The model benchmark, `hearth-cli bench MODEL`, is in model_bench.cpp.)
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

#include "bench/op_bench.h"
#include "cli/cli.h"

namespace hearth::cli {

namespace {

QJsonObject toJson(const bench::OpBenchReport& report) {
    QJsonObject o;
    o[QStringLiteral("device")] = QString::fromStdString(report.device.name);
    o[QStringLiteral("kernels")] =
        report.cpuKernels ? QStringLiteral("cpu") : QStringLiteral("gpu");
    o[QStringLiteral("read_gbps")] = report.readGigabytesPerSecond;
    QJsonArray results;
    for (const bench::OpBenchResult& r : report.results) {
        QJsonObject row;
        row[QStringLiteral("op")] = QString::fromStdString(r.op);
        row[QStringLiteral("type")] = QString::fromStdString(r.type);
        row[QStringLiteral("shape")] = QString::fromStdString(r.shape);
        row[QStringLiteral("us")] = r.microseconds;
        row[QStringLiteral("gbps")] = r.gigabytesPerSecond;
        row[QStringLiteral("gflops")] = r.gigaflops;
        results.append(row);
    }
    o[QStringLiteral("results")] = results;
    if (report.token) {
        const bench::TokenBenchResult& t = *report.token;
        QJsonObject token;
        token[QStringLiteral("layers")] = static_cast<qint64>(t.layers);
        token[QStringLiteral("context")] = static_cast<qint64>(t.context);
        token[QStringLiteral("dispatches")] = static_cast<qint64>(t.dispatches);
        token[QStringLiteral("barriers")] = static_cast<qint64>(t.barriers);
        token[QStringLiteral("weight_bytes")] = static_cast<qint64>(t.weightBytes);
        token[QStringLiteral("ms_per_token")] = t.millisecondsPerToken;
        token[QStringLiteral("tokens_per_second")] = 1000.0 / t.millisecondsPerToken;
        o[QStringLiteral("token")] = token;
    }
    return o;
}

void printTable(const bench::OpBenchReport& report) {
    std::printf("device: %s (%s kernels)\n", report.device.name.c_str(),
                report.cpuKernels ? "cpu" : "gpu");
    std::printf("measured read bandwidth: %.1f GB/s\n\n", report.readGigabytesPerSecond);
    std::printf("%-12s %-6s %-22s %10s %9s %8s %9s\n", "op", "type", "shape", "us", "GB/s",
                "of read", "GFLOP/s");
    for (const bench::OpBenchResult& r : report.results) {
        std::printf("%-12s %-6s %-22s %10.1f", r.op.c_str(), r.type.c_str(), r.shape.c_str(),
                    r.microseconds);
        if (r.gigabytesPerSecond > 0) {
            std::printf(" %9.2f %7.0f%%", r.gigabytesPerSecond,
                        100.0 * r.gigabytesPerSecond / report.readGigabytesPerSecond);
        } else {
            std::printf(" %9s %8s", "-", "-");
        }
        if (r.gigaflops > 0) std::printf(" %9.1f", r.gigaflops);
        std::printf("\n");
    }
    if (report.token) {
        const bench::TokenBenchResult& t = *report.token;
        std::printf(
            "\ndecode token, R1-Distill-Qwen-1.5B shape (%u layers, Q4_K + Q6_K output, %.0f MB "
            "of weights read per token, %u positions of f16 KV cache):\n"
            "  %u dispatches and %u barriers in one command buffer, %.1f ms per token "
            "(%.2f tokens/s, %.1f GB/s of weights)\n",
            t.layers, static_cast<double>(t.weightBytes) / 1e6, t.context, t.dispatches, t.barriers,
            t.millisecondsPerToken, 1000.0 / t.millisecondsPerToken,
            static_cast<double>(t.weightBytes) / t.millisecondsPerToken / 1e6);
    }
}

}  // namespace

int benchCommand(const QStringList& arguments) {
    if (!arguments.contains(QStringLiteral("--ops"))) return modelBenchCommand(arguments);
    bool json = false;
    bench::OpBenchOptions options;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        const bool hasValue = i + 1 < arguments.size();
        if (a == QLatin1String("--ops")) {
            continue;
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--op") && hasValue) {
            options.ops.push_back(arguments[++i].toStdString());
        } else if (a == QLatin1String("--type") && hasValue) {
            options.types.push_back(arguments[++i].toStdString());
        } else if ((a == QLatin1String("-r") || a == QLatin1String("--repetitions")) && hasValue) {
            bool ok = false;
            options.repetitions = arguments[++i].toInt(&ok);
            if (!ok || options.repetitions <= 0) {
                std::fprintf(stderr, "hearth-cli bench: -r needs a positive number\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "hearth-cli bench: unknown or incomplete option '%s'\n",
                         qPrintable(a));
            return 2;
        }
    }
    Result<bench::OpBenchReport> report = bench::runOpBench(options);
    if (!report.ok()) {
        std::fprintf(stderr, "hearth-cli bench: %s\n", report.status().message().c_str());
        return 1;
    }
    if (json) {
        std::fputs(
            QJsonDocument(toJson(report.value())).toJson(QJsonDocument::Indented).constData(),
            stdout);
    } else {
        printTable(report.value());
    }
    return 0;
}

}  // namespace hearth::cli

// hearth-cli devices [--json]
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

#include "cli/cli.h"
#include "hearth/devices.h"

namespace hearth::cli {

namespace {

QString mib(uint64_t bytes) {
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 0) +
           QStringLiteral(" MiB");
}

QJsonObject toJson(const DeviceInfo& d) {
    QJsonObject o;
    o[QStringLiteral("index")] = d.index;
    o[QStringLiteral("name")] = QString::fromStdString(d.name);
    o[QStringLiteral("type")] = QString::fromUtf8(
        deviceTypeName(d.type).data(), static_cast<qsizetype>(deviceTypeName(d.type).size()));
    o[QStringLiteral("vendor_id")] = static_cast<qint64>(d.vendorId);
    o[QStringLiteral("vendor")] = QString::fromStdString(d.vendorName);
    o[QStringLiteral("driver")] = QString::fromStdString(d.driverName);
    o[QStringLiteral("driver_info")] = QString::fromStdString(d.driverInfo);
    o[QStringLiteral("api_version")] = QString::fromStdString(d.apiVersion);
    o[QStringLiteral("device_local_bytes")] = static_cast<qint64>(d.deviceLocalBytes);
    o[QStringLiteral("budget_bytes")] = static_cast<qint64>(d.budgetBytes);
    o[QStringLiteral("subgroup_size")] = static_cast<qint64>(d.subgroupSize);
    o[QStringLiteral("fp16")] = d.fp16;
    o[QStringLiteral("int8_dot_product")] = d.int8DotProduct;
    o[QStringLiteral("cooperative_matrix")] = d.cooperativeMatrix;
    o[QStringLiteral("max_storage_buffer_range")] = static_cast<qint64>(d.maxStorageBufferRange);
    o[QStringLiteral("max_compute_shared_memory_size")] =
        static_cast<qint64>(d.maxComputeSharedMemorySize);
    o[QStringLiteral("preferred")] = d.preferred;
    return o;
}

}  // namespace

int devicesCommand(const QStringList& arguments) {
    bool json = false;
    for (const QString& a : arguments) {
        if (a == QLatin1String("--json")) {
            json = true;
        } else {
            std::fprintf(stderr, "hearth-cli devices: unknown option '%s'\n", qPrintable(a));
            return 2;
        }
    }
    Result<std::vector<DeviceInfo>> devices = listDevices();
    if (!devices.ok()) {
        std::fprintf(stderr, "hearth-cli devices: %s\n", devices.status().message().c_str());
        return 1;
    }
    if (json) {
        QJsonArray array;
        for (const DeviceInfo& d : devices.value()) array.append(toJson(d));
        std::fputs(QJsonDocument(array).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    for (const DeviceInfo& d : devices.value()) {
        const std::string_view type = deviceTypeName(d.type);
        std::printf("%s%d: %s (%.*s, %s, driver %s %s, Vulkan %s)\n", d.preferred ? "* " : "  ",
                    d.index, d.name.c_str(), static_cast<int>(type.size()), type.data(),
                    d.vendorName.c_str(), d.driverName.c_str(), d.driverInfo.c_str(),
                    d.apiVersion.c_str());
        std::printf("     memory %s", qPrintable(mib(d.deviceLocalBytes)));
        if (d.budgetBytes) std::printf(" (budget %s)", qPrintable(mib(d.budgetBytes)));
        std::printf(", subgroup %u, fp16 %s, int8 dot %s, cooperative matrix %s\n", d.subgroupSize,
                    d.fp16 ? "yes" : "no", d.int8DotProduct ? "yes" : "no",
                    d.cooperativeMatrix ? "yes" : "no");
        std::printf("     max storage buffer range %s, shared memory %u KiB\n",
                    qPrintable(mib(d.maxStorageBufferRange)), d.maxComputeSharedMemorySize / 1024);
    }
    return 0;
}

}  // namespace hearth::cli

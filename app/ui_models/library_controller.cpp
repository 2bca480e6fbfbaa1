#include "ui_models/library_controller.h"

#include <QDir>
#include <QFileInfo>

#include "library/download.h"
#include "library/memory_fit.h"
#include "library/models_folder.h"
#include "storage/data_paths.h"

namespace hearth::ui {

namespace {

QString quantOf(const library::InstalledModel& m) {
    return m.quantMix.isEmpty() ? QString() : m.quantMix.front().first;
}

}  // namespace

LibraryController::LibraryController(QObject* parent)
    : QObject(parent), m_folder(library::modelsFolder()) {
    auto catalog = library::builtinCatalog();
    if (catalog.ok())
        m_catalog = std::move(catalog).value();
    else
        setError(QString::fromStdString(catalog.status().message()));
    connectHub();
    auto history = storage::History::open(storage::historyDatabasePath());
    if (!history.ok()) {
        setError(tr("Downloads are unavailable: %1")
                     .arg(QString::fromStdString(history.status().message())));
        return;
    }
    m_history = std::move(history).value();
    m_manager = std::make_unique<library::DownloadManager>(*m_history);
    m_downloads = std::make_unique<DownloadListModel>(*m_manager);
    connect(m_manager.get(), &library::DownloadManager::completed, this,
            [this](qint64 id, const QString&) { onCompleted(id); });
}

LibraryController::~LibraryController() {
    m_downloads.reset();
    m_manager.reset();  // before the history it writes to
}

void LibraryController::setError(const QString& message) {
    m_error = message;
    emit errorChanged();
}

void LibraryController::setContextLength(int tokens) {
    if (tokens <= 0 || tokens == m_contextLength) return;
    m_contextLength = tokens;
    rebuildViews();
}

void LibraryController::refresh() {
    if (!m_deviceRead) {
        m_deviceRead = true;
        m_available = library::preferredDeviceMemory(&m_deviceName);
    }
    m_models = library::scanModelsFolder(m_folder);
    rebuildViews();
}

void LibraryController::rebuildViews() {
    auto fitOf = [this](const library::InstalledModel& m, QVariantMap& row) {
        if (m_available == 0) return;
        const library::MemoryFit fit =
            library::estimateMemoryFit(m, static_cast<quint32>(m_contextLength), m_available);
        row[QStringLiteral("fit")] = library::fitName(fit.fit);
        row[QStringLiteral("neededBytes")] = static_cast<double>(fit.neededBytes);
    };
    m_installed.clear();
    for (const library::InstalledModel& m : m_models) {
        QVariantMap row{{QStringLiteral("path"), m.path},
                        {QStringLiteral("entry"), m.entryName},
                        {QStringLiteral("name"), m.name.isEmpty() ? m.entryName : m.name},
                        {QStringLiteral("architecture"), m.architecture},
                        {QStringLiteral("parameters"), static_cast<double>(m.parameterCount)},
                        {QStringLiteral("quant"), quantOf(m)},
                        {QStringLiteral("bytes"), static_cast<double>(m.bytes)},
                        {QStringLiteral("contextLength"), m.contextLength},
                        {QStringLiteral("error"), m.error}};
        if (m.error.isEmpty()) fitOf(m, row);
        m_installed.append(row);
    }
    m_catalogView.clear();
    for (const library::CatalogModel& m : m_catalog) {
        QVariantList quants;
        for (const library::CatalogQuantization& q : m.quantizations) {
            QVariantMap row{{QStringLiteral("quant"), q.quant},
                            {QStringLiteral("bytes"), static_cast<double>(q.approxBytes)},
                            {QStringLiteral("files"), static_cast<int>(q.files.size())},
                            {QStringLiteral("repo"), q.repo}};
            fitOf(m.asInstalled(q), row);
            quants.append(row);
        }
        m_catalogView.append(QVariantMap{{QStringLiteral("id"), m.id},
                                         {QStringLiteral("name"), m.name},
                                         {QStringLiteral("architecture"), m.architecture},
                                         {QStringLiteral("quantizations"), quants}});
    }
    emit libraryChanged();
}

bool LibraryController::download(const QString& modelId, const QString& quant) {
    if (!m_manager) return false;
    for (const library::CatalogModel& m : m_catalog) {
        if (m.id != modelId) continue;
        for (const library::CatalogQuantization& q : m.quantizations) {
            if (q.quant != quant) continue;
            auto queued =
                enqueue(q, m.name + QLatin1Char(' ') + q.quant, m.id + QLatin1Char('/') + q.quant);
            if (!queued.ok()) {
                setError(QString::fromStdString(queued.status().message()));
                return false;
            }
            setError({});
            return true;
        }
    }
    setError(tr("The catalog has no %1 %2").arg(modelId, quant));
    return false;
}

Result<std::vector<qint64>> LibraryController::enqueue(const library::CatalogQuantization& q,
                                                       const QString& name, const QString& batch) {
    std::vector<storage::NewDownload> files;
    const auto count = static_cast<int>(q.files.size());
    for (int i = 0; i < count; ++i) {
        const library::CatalogFile& f = q.files[static_cast<size_t>(i)];
        QString title = name;
        if (count > 1) title += tr(" (part %1 of %2)").arg(i + 1).arg(count);
        files.push_back({q.url(f), QDir(m_folder).filePath(f.path.section(u'/', -1)), title, batch,
                         f.bytes, f.sha256});
    }
    return m_manager->enqueue(files);
}

bool LibraryController::downloadUrl(const QString& url, const QString& sha256) {
    if (!m_manager) return false;
    const QUrl parsed = QUrl::fromUserInput(url.trimmed());
    const QByteArray sha = sha256.trimmed().toLower().toLatin1();
    if (!library::isAllowedDownloadUrl(parsed) ||
        !parsed.fileName().endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive)) {
        setError(tr("Paste an https link to a .gguf file"));
        return false;
    }
    if (!sha.isEmpty() && !library::isSha256Hex(sha)) {
        setError(tr("A SHA-256 is 64 hex digits"));
        return false;
    }
    auto queued = m_manager->enqueue(
        {{parsed, QDir(m_folder).filePath(parsed.fileName()), parsed.fileName(), {}, 0, sha}});
    if (!queued.ok()) {
        setError(QString::fromStdString(queued.status().message()));
        return false;
    }
    setError({});
    return true;
}

void LibraryController::pause(qint64 id) {
    if (m_manager) m_manager->pause(id);
}

void LibraryController::resume(qint64 id) {
    if (m_manager) m_manager->resume(id);
}

void LibraryController::cancel(qint64 id) {
    if (m_manager) m_manager->cancel(id);
}

bool LibraryController::remove(const QString& path) {
    if (const Status s = library::removeModel(path, m_folder); !s.ok()) {
        setError(QString::fromStdString(s.message()));
        return false;
    }
    setError({});
    refresh();
    return true;
}

void LibraryController::onCompleted(qint64 id) {
    QString batch, first;
    for (const storage::QueuedDownload& d : m_manager->downloads())
        if (d.id == id) batch = d.request.batch;
    for (const storage::QueuedDownload& d : m_manager->downloads()) {
        if (d.id != id && (batch.isEmpty() || d.request.batch != batch)) continue;
        if (d.state != storage::DownloadState::Done) return;  // a part still to come
        if (first.isEmpty()) first = d.request.destination;
    }
    refresh();
    if (!first.isEmpty()) emit modelDownloaded(first);
}

}  // namespace hearth::ui

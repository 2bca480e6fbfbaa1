// The Library singleton's Hugging Face part: a search the user starts, its results as the
// window shows them, and downloads of what it found.
#include "ui_models/library_controller.h"

namespace hearth::ui {

void LibraryController::connectHub() {
    connect(&m_hub, &library::HubSearch::reposFound, this,
            [this](const std::vector<library::HubRepo>& repos) {
                m_hubModels.clear();
                m_hubView.clear();
                m_hubRepo.clear();
                for (const library::HubRepo& r : repos)
                    m_hubView.append(QVariantMap{{QStringLiteral("kind"), QStringLiteral("repo")},
                                                 {QStringLiteral("repo"), r.id},
                                                 {QStringLiteral("downloads"), r.downloads}});
                m_hubError =
                    repos.empty() ? tr("No repositories with GGUF files match") : QString();
                emit hubChanged();
            });
    connect(&m_hub, &library::HubSearch::modelsFound, this,
            [this](const QString& repo, const std::vector<library::HubModel>& models) {
                m_hubModels = models;
                m_hubView.clear();
                m_hubRepo = repo;
                for (const library::HubModel& m : models) {
                    bool hashed = true;
                    for (const library::CatalogFile& f : m.download.files)
                        hashed = hashed && !f.sha256.isEmpty();
                    m_hubView.append(QVariantMap{
                        {QStringLiteral("kind"), QStringLiteral("model")},
                        {QStringLiteral("name"), m.name},
                        {QStringLiteral("quant"), m.download.quant},
                        {QStringLiteral("bytes"), static_cast<double>(m.bytes())},
                        {QStringLiteral("files"), static_cast<int>(m.download.files.size())},
                        {QStringLiteral("hashed"), hashed}});
                }
                m_hubError = models.empty() ? tr("%1 has no GGUF files").arg(repo) : QString();
                emit hubChanged();
            });
    connect(&m_hub, &library::HubSearch::failed, this, [this](const QString& message) {
        m_hubError = message;
        emit hubChanged();
    });
}

void LibraryController::searchHub(const QString& text) {
    m_hubShown = true;
    m_hubError.clear();
    m_hub.search(text);
    emit hubChanged();
}

void LibraryController::closeHub() {
    m_hub.stop();
    m_hubShown = false;
    m_hubModels.clear();
    m_hubView.clear();
    m_hubRepo.clear();
    m_hubError.clear();
    emit hubChanged();
}

bool LibraryController::downloadHubModel(int index) {
    if (!m_manager || index < 0 || index >= static_cast<int>(m_hubModels.size())) return false;
    const library::HubModel& model = m_hubModels[static_cast<size_t>(index)];
    auto queued = enqueue(model.download, model.name, model.download.repo + u'/' + model.name);
    if (!queued.ok()) {
        setError(QString::fromStdString(queued.status().message()));
        return false;
    }
    setError({});
    return true;
}

}  // namespace hearth::ui

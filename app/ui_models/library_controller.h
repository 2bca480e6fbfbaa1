// The model library as the window sees it (QML singleton `Library` of module HearthCore): the
// models in the folder with their memory fit, the catalog to download from, and the download
// queue. It keeps its own connection to the history database for the queue.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QVariantList>
#include <memory>

#include "library/catalog.h"
#include "library/download_manager.h"
#include "library/hugging_face.h"
#include "storage/history.h"
#include "ui_models/download_list_model.h"

namespace hearth::ui {

class LibraryController : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Library)
    QML_SINGLETON

    Q_PROPERTY(QString folder READ folder CONSTANT)
    // [{path, entry, name, architecture, parameters, quant, bytes, contextLength, fit,
    //   neededBytes, error}], after refresh().
    Q_PROPERTY(QVariantList installed READ installed NOTIFY libraryChanged)
    // [{id, name, architecture, quantizations: [{quant, bytes, files, fit, neededBytes}]}]
    Q_PROPERTY(QVariantList catalog READ catalog NOTIFY libraryChanged)
    Q_PROPERTY(DownloadListModel* downloads READ downloads CONSTANT)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY libraryChanged)
    Q_PROPERTY(double availableBytes READ availableBytes NOTIFY libraryChanged)
    Q_PROPERTY(int contextLength READ contextLength WRITE setContextLength NOTIFY libraryChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // Hugging Face, only when asked (library_controller_hub.cpp): after searchHub(words),
    // [{kind: "repo", repo, downloads}]; after searchHub(repo), [{kind: "model", name, quant,
    // bytes, files, hashed}] of hubRepo.
    Q_PROPERTY(QVariantList hubResults READ hubResults NOTIFY hubChanged)
    Q_PROPERTY(QString hubRepo READ hubRepo NOTIFY hubChanged)
    Q_PROPERTY(bool hubBusy READ hubBusy NOTIFY hubChanged)
    Q_PROPERTY(QString hubError READ hubError NOTIFY hubChanged)
    Q_PROPERTY(
        bool hubShown READ hubShown NOTIFY hubChanged)  // anything to show instead of the catalog

public:
    explicit LibraryController(QObject* parent = nullptr);
    ~LibraryController() override;

    QString folder() const { return m_folder; }
    QVariantList installed() const { return m_installed; }
    QVariantList catalog() const { return m_catalogView; }
    DownloadListModel* downloads() { return m_downloads.get(); }
    QString deviceName() const { return m_deviceName; }
    double availableBytes() const { return static_cast<double>(m_available); }
    int contextLength() const { return m_contextLength; }
    void setContextLength(int tokens);
    QString error() const { return m_error; }
    QVariantList hubResults() const { return m_hubView; }
    QString hubRepo() const { return m_hubRepo; }
    bool hubBusy() const { return m_hub.busy(); }
    QString hubError() const { return m_hubError; }
    bool hubShown() const { return m_hubShown; }

    // Reads the folder again (and the device's memory, the first time).
    Q_INVOKABLE void refresh();
    // Queues the catalog quantization's files (a split set as one batch) into the folder.
    Q_INVOKABLE bool download(const QString& modelId, const QString& quant);
    // Queues a pasted https URL of a .gguf file, with an optional SHA-256 to check.
    Q_INVOKABLE bool downloadUrl(const QString& url, const QString& sha256 = {});
    // Asks Hugging Face: words search repositories, a repository id or link lists its models.
    Q_INVOKABLE void searchHub(const QString& text);
    Q_INVOKABLE void closeHub();  // back to the catalog
    // Queues hubResults[index]'s files (a split set as one batch), checked against the Hub's
    // sizes and hashes.
    Q_INVOKABLE bool downloadHubModel(int index);
    Q_INVOKABLE void pause(qint64 id);
    Q_INVOKABLE void resume(qint64 id);
    Q_INVOKABLE void cancel(qint64 id);
    Q_INVOKABLE bool remove(const QString& path);  // asks nothing: the window confirms first

signals:
    void libraryChanged();
    void errorChanged();
    void hubChanged();
    // Every file of a download is in place and verified: `path` is ready to load.
    void modelDownloaded(const QString& path);

private:
    void setError(const QString& message);
    void rebuildViews();
    void onCompleted(qint64 id);
    void connectHub();
    Result<std::vector<qint64>> enqueue(const library::CatalogQuantization& q, const QString& name,
                                        const QString& batch);

    QString m_folder;
    std::unique_ptr<storage::History> m_history;
    std::unique_ptr<library::DownloadManager> m_manager;
    std::unique_ptr<DownloadListModel> m_downloads;
    std::vector<library::CatalogModel> m_catalog;
    std::vector<library::InstalledModel> m_models;
    QVariantList m_installed;
    QVariantList m_catalogView;
    QString m_deviceName;
    quint64 m_available = 0;
    bool m_deviceRead = false;
    int m_contextLength = 4096;
    QString m_error;
    library::HubSearch m_hub;
    std::vector<library::HubModel> m_hubModels;
    QVariantList m_hubView;
    QString m_hubRepo;
    QString m_hubError;
    bool m_hubShown = false;
};

}  // namespace hearth::ui

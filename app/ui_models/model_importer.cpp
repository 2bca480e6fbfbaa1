#include "ui_models/model_importer.h"

#include <QFileInfo>

#include "library/model_import.h"
#include "library/models_folder.h"

namespace hearth::ui {

ModelImporter::ModelImporter(const QString& folder, QObject* parent)
    : QObject(parent), m_folder(folder.isEmpty() ? library::modelsFolder() : folder) {}

ModelImporter::~ModelImporter() {
    if (m_thread == nullptr) return;
    m_cancel = true;  // the copy stops within a chunk and removes what it wrote
    m_thread->wait();
    delete m_thread;
}

bool ModelImporter::start(const QUrl& file) {
    if (busy()) return false;
    const QString source = file.isLocalFile() ? file.toLocalFile() : file.toString();
    m_cancel = false;
    m_progress = 0;
    m_fileName = QFileInfo(source).fileName();
    m_error.clear();
    const QString folder = m_folder;
    m_thread = QThread::create([this, source, folder] {
        library::ImportOptions options;
        int shownPercent = 0;
        options.progress = [&](qint64 done, qint64 total) {
            const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
            if (percent != shownPercent) {
                shownPercent = percent;
                QMetaObject::invokeMethod(
                    this,
                    [this, percent] {
                        m_progress = percent / 100.0;
                        emit stateChanged();
                    },
                    Qt::QueuedConnection);
            }
            return !m_cancel.load();
        };
        auto result = library::importModel(source, folder, options);
        const QString path = result.ok() ? *result : QString();
        const QString error =
            result.ok() ? QString() : QString::fromStdString(result.status().message());
        QMetaObject::invokeMethod(
            this, [this, path, error] { finish(path, error); }, Qt::QueuedConnection);
    });
    m_thread->start();
    emit stateChanged();
    return true;
}

void ModelImporter::clearError() {
    m_error.clear();
    emit stateChanged();
}

void ModelImporter::finish(const QString& path, const QString& error) {
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_error = m_cancel ? QString() : error;
    m_progress = path.isEmpty() ? 0 : 1;
    emit stateChanged();
    if (!path.isEmpty()) emit imported(path);
}

}  // namespace hearth::ui

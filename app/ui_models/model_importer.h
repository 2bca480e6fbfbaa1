// Dropping a .gguf on the window (QML singleton `ModelImporter` of module HearthCore): copies
// it into the library folder on a thread of its own (library/model_import.h), with progress
// and cancel, then says `imported` with the path to load. One import at a time.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QString>
#include <QThread>
#include <QUrl>
#include <atomic>
#include <memory>

namespace hearth::ui {

class ModelImporter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(double progress READ progress NOTIFY stateChanged)  // 0..1
    Q_PROPERTY(QString fileName READ fileName NOTIFY stateChanged)
    Q_PROPERTY(QString error READ error NOTIFY stateChanged)  // the last import's, in words

public:
    // `folder` empty: library::modelsFolder().
    explicit ModelImporter(const QString& folder = {}, QObject* parent = nullptr);
    ~ModelImporter() override;

    bool busy() const { return m_thread != nullptr; }
    double progress() const { return m_progress; }
    QString fileName() const { return m_fileName; }
    QString error() const { return m_error; }

    // A local file URL (drops and file dialogs) or a path. False when one is already running.
    Q_INVOKABLE bool start(const QUrl& file);
    Q_INVOKABLE void cancel() { m_cancel = true; }
    Q_INVOKABLE void clearError();

signals:
    void stateChanged();
    void imported(const QString& path);

private:
    void finish(const QString& path, const QString& error);

    QString m_folder;
    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel = false;
    double m_progress = 0;
    QString m_fileName;
    QString m_error;
};

}  // namespace hearth::ui

// Qt Quick Test runner for the QML module (label ui, offscreen platform). The Chat singleton is a
// real ChatController over a history database in a temporary folder, with no model loaded;
// HEARTH_HOME points there too, so the model importer's library folder is fresh. Tests find a
// small model file at `testModelPath`, a file that is no model at `testNotAModelPath`, and the
// model served over HTTP on 127.0.0.1 at `testDownloadUrl` (the download tests' server). The
// same server plays Hugging Face (HF_ENDPOINT): a search finds hearth/served-GGUF, whose one
// model, hub-model-Q8_0.gguf, is that file with its SHA-256.
#include <QtQml/qqmlextensionplugin.h>
#include <QCryptographicHash>
#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>

#include "library/fault_server.h"
#include "support/tiny_models.h"
#include "ui_models/chat_controller.h"

Q_IMPORT_QML_PLUGIN(HearthPlugin)
Q_IMPORT_QML_PLUGIN(HearthCorePlugin)

class Setup : public QObject {
    Q_OBJECT

public slots:
    void qmlEngineAvailable(QQmlEngine* engine) {
        if (!m_chat) {
            qputenv("HEARTH_HOME", m_home.filePath(QStringLiteral("home")).toUtf8());
            writeFiles();
            m_chat = std::make_unique<hearth::ui::ChatController>(m_home.filePath("hearth.db"));
            hearth::ui::ChatController::setInstance(m_chat.get());
        }
        engine->rootContext()->setContextProperty(QStringLiteral("testModelPath"), modelPath());
        engine->rootContext()->setContextProperty(QStringLiteral("testNotAModelPath"),
                                                  notAModelPath());
        engine->rootContext()->setContextProperty(
            QStringLiteral("testDownloadUrl"),
            m_server->url(QStringLiteral("/served.gguf")).toString());
    }

private:
    QString modelPath() const { return m_home.filePath(QStringLiteral("tiny.gguf")); }
    QString notAModelPath() const { return m_home.filePath(QStringLiteral("notes.gguf")); }
    void writeFiles() {
        if (const hearth::Status s = hearth::testing::writeTestModel(
                modelPath().toStdString(), hearth::testing::tinyModelSpec());
            !s.ok())
            qFatal("cannot write the test model: %s", s.message().c_str());
        QFile notes(notAModelPath());
        if (!notes.open(QIODevice::WriteOnly) || notes.write("not a model") < 0)
            qFatal("cannot write %s", qPrintable(notAModelPath()));
        QFile model(modelPath());
        if (!model.open(QIODevice::ReadOnly)) qFatal("cannot read the test model");
        const QByteArray bytes = model.readAll();
        m_server = std::make_unique<hearth::testing::FaultServer>(bytes);
        qputenv("HF_ENDPOINT", m_server->url(QStringLiteral("/")).toString().toUtf8());
        m_server->pages["/api/models"] = {R"([{"id": "hearth/served-GGUF", "downloads": 7}])", {}};
        m_server->pages["/api/models/hearth/served-GGUF/tree/main"] = {
            QStringLiteral(R"([{"type": "file", "path": "hub-model-Q8_0.gguf", "size": %1, )"
                           R"("lfs": {"oid": "%2", "size": %1}}])")
                .arg(bytes.size())
                .arg(QString::fromLatin1(
                    QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()))
                .toUtf8(),
            {}};
    }

    QTemporaryDir m_home;
    std::unique_ptr<hearth::testing::FaultServer> m_server;
    std::unique_ptr<hearth::ui::ChatController> m_chat;
};

QUICK_TEST_MAIN_WITH_SETUP(hearth_ui, Setup)

#include "qml_test_main.moc"

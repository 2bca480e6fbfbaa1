// Qt Quick Test runner for the QML module (label ui, offscreen platform). The Chat singleton is a
// real ChatController over a history database in a temporary folder, with no model loaded;
// HEARTH_HOME points there too, so the model importer's library folder is fresh. Tests find a
// small model file at `testModelPath` and a file that is no model at `testNotAModelPath`.
#include <QtQml/qqmlextensionplugin.h>
#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>

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
    }

private:
    QString modelPath() const { return m_home.filePath(QStringLiteral("tiny.gguf")); }
    QString notAModelPath() const { return m_home.filePath(QStringLiteral("notes.gguf")); }
    void writeFiles() {
        hearth::testing::TestModelSpec spec;
        spec.layers = 1;
        spec.hidden = 64;
        spec.heads = 2;
        spec.kvHeads = 1;
        spec.ffn = 64;
        if (const hearth::Status s =
                hearth::testing::writeTestModel(modelPath().toStdString(), spec);
            !s.ok())
            qFatal("cannot write the test model: %s", s.message().c_str());
        QFile notes(notAModelPath());
        if (!notes.open(QIODevice::WriteOnly) || notes.write("not a model") < 0)
            qFatal("cannot write %s", qPrintable(notAModelPath()));
    }

    QTemporaryDir m_home;
    std::unique_ptr<hearth::ui::ChatController> m_chat;
};

QUICK_TEST_MAIN_WITH_SETUP(hearth_ui, Setup)

#include "qml_test_main.moc"

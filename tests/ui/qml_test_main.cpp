// Qt Quick Test runner for the QML module (label ui, offscreen platform). The Chat singleton is a
// real ChatController over a history database in a temporary folder, with no model loaded.
#include <QtQml/qqmlextensionplugin.h>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>

#include "ui_models/chat_controller.h"

Q_IMPORT_QML_PLUGIN(HearthPlugin)
Q_IMPORT_QML_PLUGIN(HearthCorePlugin)

class Setup : public QObject {
    Q_OBJECT

public slots:
    void qmlEngineAvailable(QQmlEngine*) {
        if (!m_chat) {
            m_chat = std::make_unique<hearth::ui::ChatController>(m_home.filePath("hearth.db"));
            hearth::ui::ChatController::setInstance(m_chat.get());
        }
    }

private:
    QTemporaryDir m_home;
    std::unique_ptr<hearth::ui::ChatController> m_chat;
};

QUICK_TEST_MAIN_WITH_SETUP(hearth_ui, Setup)

#include "qml_test_main.moc"

// The desktop app: a Qt Quick window over hearth_core. Everything testable lives in the
// libraries; this wires them up.
//   hearth [--model PATH]   starts with that model loaded; else the last one used.
#include <QtQml/qqmlextensionplugin.h>
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSettings>

#include "quit_on_signals.h"
#include "storage/data_paths.h"
#include "ui_models/chat_controller.h"

Q_IMPORT_QML_PLUGIN(HearthPlugin)
Q_IMPORT_QML_PLUGIN(HearthCorePlugin)

namespace {

// The window comes back where the user left it.
void rememberGeometry(QQuickWindow* window) {
    QSettings settings(hearth::storage::settingsPath(), QSettings::IniFormat);
    const QRect saved = settings.value(QStringLiteral("window/geometry")).toRect();
    if (saved.isValid()) window->setGeometry(saved);
    QObject::connect(qApp, &QCoreApplication::aboutToQuit, window, [window] {
        QSettings(hearth::storage::settingsPath(), QSettings::IniFormat)
            .setValue(QStringLiteral("window/geometry"), window->geometry());
    });
}

}  // namespace

int main(int argc, char* argv[]) {
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("hearth"));
    // No display name: the platform would append it to the title ("… — Hearth"), which the
    // window already starts with.
    QGuiApplication::setOrganizationName(QStringLiteral("hearth"));
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Basic"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Private chat with local language models"));
    parser.addHelpOption();
    const QCommandLineOption modelOption(QStringLiteral("model"),
                                         QStringLiteral("Start with this model loaded."),
                                         QStringLiteral("path"));
    parser.addOption(modelOption);
    parser.process(app);
    hearth::quitOnTerminationSignals(app);

    hearth::ui::ChatController chat{QString()};
    hearth::ui::ChatController::setInstance(&chat);
    const QString model = parser.isSet(modelOption)
                              ? parser.value(modelOption)
                              : QSettings(hearth::storage::settingsPath(), QSettings::IniFormat)
                                    .value(QStringLiteral("model/lastPath"))
                                    .toString();
    if (!model.isEmpty()) chat.loadModel(model);

    QQmlApplicationEngine engine;
    // Qt 6.4 has no loadFromModule: the module's Main.qml sits at its qrc path.
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/Hearth/Main.qml")));
    if (!engine.rootObjects().isEmpty())
        if (auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first()))
            rememberGeometry(window);
    return QGuiApplication::exec();
}

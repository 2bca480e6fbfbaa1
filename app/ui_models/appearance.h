// The user's choice of theme (QML singleton `Appearance` of module HearthCore): "system" (the
// default: Theme.qml follows the system palette), "light" or "dark". Kept in settings.ini
// (storage::settingsPath()) under appearance/theme.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QColor>
#include <QObject>
#include <QString>

namespace hearth::ui {

class Appearance : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)

public:
    explicit Appearance(QObject* parent = nullptr);

    QString theme() const { return m_theme; }
    // Anything but "light" or "dark" means "system".
    void setTheme(const QString& theme);

    // Links in Markdown take the application palette's link colour when the text is read (Qt's
    // Markdown importer), not the window's: Theme.qml hands its colour over here.
    Q_INVOKABLE void useLinkColor(const QColor& color);

signals:
    void themeChanged();

private:
    QString m_theme;
};

}  // namespace hearth::ui

#include "ui_models/appearance.h"

#include <QGuiApplication>
#include <QPalette>
#include <QSettings>

#include "storage/data_paths.h"

namespace hearth::ui {

namespace {

const QString kThemeKey = QStringLiteral("appearance/theme");

QString validTheme(const QString& theme) {
    return theme == QLatin1String("light") || theme == QLatin1String("dark")
               ? theme
               : QStringLiteral("system");
}

}  // namespace

Appearance::Appearance(QObject* parent)
    : QObject(parent),
      m_theme(validTheme(
          QSettings(storage::settingsPath(), QSettings::IniFormat).value(kThemeKey).toString())) {}

void Appearance::setTheme(const QString& theme) {
    const QString valid = validTheme(theme);
    if (valid == m_theme) return;
    m_theme = valid;
    QSettings(storage::settingsPath(), QSettings::IniFormat).setValue(kThemeKey, m_theme);
    emit themeChanged();
}

void Appearance::useLinkColor(const QColor& color) {
    QPalette palette = QGuiApplication::palette();
    if (palette.color(QPalette::Link) == color) return;
    palette.setColor(QPalette::Link, color);
    palette.setColor(QPalette::LinkVisited, color);
    QGuiApplication::setPalette(palette);
}

}  // namespace hearth::ui

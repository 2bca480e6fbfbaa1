#include "storage/date_group.h"

#include <QLocale>

namespace hearth::storage {

QString dateGroup(const QDateTime& updatedAt, const QDateTime& now, bool pinned) {
    if (pinned) return QStringLiteral("Pinned");
    const QDate day = updatedAt.toLocalTime().date();
    const QDate today = now.toLocalTime().date();
    const qint64 daysAgo = day.daysTo(today);
    if (daysAgo <= 0) return QStringLiteral("Today");  // also a clock set back: not "the future"
    if (daysAgo == 1) return QStringLiteral("Yesterday");
    if (daysAgo <= 7) return QStringLiteral("Previous 7 days");
    if (daysAgo <= 30) return QStringLiteral("Previous 30 days");
    // English month names, like the other headings (the UI is not translated yet).
    const QLocale english(QLocale::English);
    if (day.year() == today.year()) return english.standaloneMonthName(day.month());
    return english.standaloneMonthName(day.month()) + QLatin1Char(' ') +
           QString::number(day.year());
}

}  // namespace hearth::storage

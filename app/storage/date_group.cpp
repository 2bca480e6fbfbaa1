#include "storage/date_group.h"

#include <QLocale>

namespace hearth::storage {

namespace {

qint64 localMidnight(const QDate& day) {
    return QDateTime(day, QTime(0, 0)).toMSecsSinceEpoch();
}

}  // namespace

DateGrouper::DateGrouper(const QDateTime& now) {
    const QDate today = now.toLocalTime().date();
    m_today = localMidnight(today);
    m_yesterday = localMidnight(today.addDays(-1));
    m_week = localMidnight(today.addDays(-7));
    m_month = localMidnight(today.addDays(-30));
    m_year = today.year();
}

QString DateGrouper::group(const QDateTime& time, bool pinned) {
    if (pinned) return QStringLiteral("Pinned");
    const qint64 t = time.toMSecsSinceEpoch();
    if (t >= m_today) return QStringLiteral("Today");  // also a clock set back: not "the future"
    if (t >= m_yesterday) return QStringLiteral("Yesterday");
    if (t >= m_week) return QStringLiteral("Previous 7 days");
    if (t >= m_month) return QStringLiteral("Previous 30 days");
    if (t >= m_cachedStart && t < m_cachedEnd) return m_cachedLabel;
    const QDate day = time.toLocalTime().date();
    const QDate first(day.year(), day.month(), 1);
    m_cachedStart = localMidnight(first);
    m_cachedEnd = localMidnight(first.addMonths(1));
    // English month names, like the other headings (the UI is not translated yet).
    const QLocale english(QLocale::English);
    m_cachedLabel = english.standaloneMonthName(day.month());
    if (day.year() != m_year) m_cachedLabel += QLatin1Char(' ') + QString::number(day.year());
    return m_cachedLabel;
}

}  // namespace hearth::storage

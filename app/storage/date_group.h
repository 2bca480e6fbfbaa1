// The headings of the conversation list, as in the chat apps people know: "Pinned", "Today",
// "Yesterday", "Previous 7 days", "Previous 30 days", then a month ("March") for this year and
// a month with its year ("March 2023") before. Days are the local calendar's.
#pragma once

#include <QDateTime>
#include <QString>

namespace hearth::storage {

// Groups many times against one `now`. Local-time conversions are slow in Qt (a time zone
// lookup each), so the day boundaries are computed once and a month's range is reused while
// times fall in it: a list sorted by time converts once per month, not once per row.
class DateGrouper {
public:
    explicit DateGrouper(const QDateTime& now);
    QString group(const QDateTime& time, bool pinned = false);

private:
    qint64 m_today = 0, m_yesterday = 0, m_week = 0, m_month = 0;  // local midnights, UTC ms
    int m_year = 0;
    qint64 m_cachedStart = 0, m_cachedEnd = 0;  // the last month looked up: [start, end)
    QString m_cachedLabel;
};

inline QString dateGroup(const QDateTime& time, const QDateTime& now, bool pinned = false) {
    return DateGrouper(now).group(time, pinned);
}

}  // namespace hearth::storage

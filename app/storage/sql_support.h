// Small helpers shared by the storage sources (not part of the module's interface): Qt SQL
// errors turned into Status values, and the time format of the schema.
#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include "hearth/status.h"

namespace hearth::storage {

// "history database: <what>: <SQLite's words>".
Status sqlFailure(const QSqlQuery& query, const QString& what);
Status sqlFailure(const QSqlDatabase& db, const QString& what);

// Runs one statement without binds (pragmas, BEGIN/COMMIT, migration statements).
Status execSql(QSqlDatabase& db, const QString& sql, const QString& what);

// Prepares `sql` on `query`, failing with the statement's error.
Status prepareSql(QSqlQuery& query, const QString& sql, const QString& what);

// Qt SQL binds a null QString as NULL; the schema's text columns are NOT NULL, '' when empty.
inline QString notNull(const QString& text) {
    return text.isNull() ? QStringLiteral("") : text;
}

// Times are stored as milliseconds since the epoch, UTC.
inline qint64 toStoredTime(const QDateTime& t) {
    return t.toMSecsSinceEpoch();
}
inline QDateTime fromStoredTime(const QVariant& v) {
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

}  // namespace hearth::storage

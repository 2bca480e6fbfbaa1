#include "storage/sql_support.h"

#include <QSqlError>

namespace hearth::storage {

namespace {

Status failure(const QSqlError& error, const QString& what) {
    // databaseText() is SQLite's own message; driverText() only adds "Unable to fetch row".
    QString detail = error.databaseText();
    if (detail.isEmpty()) detail = error.driverText();
    if (detail.isEmpty()) detail = QStringLiteral("unknown SQLite error");
    return Status::error(
        QStringLiteral("history database: %1: %2").arg(what, detail).toStdString());
}

}  // namespace

Status sqlFailure(const QSqlQuery& query, const QString& what) {
    return failure(query.lastError(), what);
}

Status sqlFailure(const QSqlDatabase& db, const QString& what) {
    return failure(db.lastError(), what);
}

Status execSql(QSqlDatabase& db, const QString& sql, const QString& what) {
    QSqlQuery query(db);
    if (!query.exec(sql)) return sqlFailure(query, what);
    return {};
}

Status prepareSql(QSqlQuery& query, const QString& sql, const QString& what) {
    if (!query.prepare(sql)) return sqlFailure(query, what);
    return {};
}

}  // namespace hearth::storage

#include "storage/migrations.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>

#include "storage/sql_script.h"
#include "storage/sql_support.h"

namespace hearth::storage {

namespace {

Status applyOne(QSqlDatabase& db, const Migration& migration) {
    const QString what = QStringLiteral("migration %1").arg(migration.name);
    // IMMEDIATE: take the write lock first, then re-read the version, so two processes
    // starting together cannot both apply the same migration.
    HEARTH_RETURN_IF_ERROR(execSql(db, QStringLiteral("BEGIN IMMEDIATE"), what));
    auto rollback = [&](const Status& failure) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return failure;
    };
    Result<int> version = userVersion(db);
    if (!version.ok()) return rollback(version.status());
    if (*version >= migration.version) return execSql(db, QStringLiteral("COMMIT"), what);

    for (const QString& statement : splitSqlStatements(migration.sql)) {
        QSqlQuery query(db);
        if (!query.exec(statement)) return rollback(sqlFailure(query, what));
    }
    QSqlQuery check(db);
    if (!check.exec(QStringLiteral("PRAGMA foreign_key_check")))
        return rollback(sqlFailure(check, what));
    if (check.next())
        return rollback(Status::error(
            QStringLiteral("history database: %1 leaves a broken reference in table %2")
                .arg(migration.name, check.value(0).toString())
                .toStdString()));
    // PRAGMA takes no binds; the number is ours, not input.
    const QString bump = QStringLiteral("PRAGMA user_version = %1").arg(migration.version);
    if (Status s = execSql(db, bump, what); !s.ok()) return rollback(s);
    if (Status s = execSql(db, QStringLiteral("COMMIT"), what); !s.ok()) return rollback(s);
    return {};
}

}  // namespace

Result<std::vector<Migration>> bundledMigrations() {
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})_[a-z0-9_]+\\.sql$"));
    const QDir dir(QStringLiteral(":/hearth/sql"));
    std::vector<Migration> migrations;
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name)) {
        const QRegularExpressionMatch match = pattern.match(name);
        if (!match.hasMatch()) continue;
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return Status::error("cannot read the bundled migration " + name.toStdString());
        migrations.push_back({match.captured(1).toInt(), name, QString::fromUtf8(file.readAll())});
    }
    if (migrations.empty())
        return Status::error("this build has no schema migrations (resources/sql is not embedded)");
    for (size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1)
            return Status::error("schema migrations are not numbered 1, 2, ...: " +
                                 migrations[i].name.toStdString() + " is number " +
                                 std::to_string(i + 1));
    }
    return migrations;
}

Result<int> userVersion(QSqlDatabase& db) {
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return sqlFailure(query, QStringLiteral("reading the schema version"));
    return query.value(0).toInt();
}

Status migrate(QSqlDatabase& db, const std::vector<Migration>& migrations, int target) {
    HEARTH_ASSIGN_OR_RETURN(const int current, userVersion(db));
    if (current >= target) return {};
    HEARTH_RETURN_IF_ERROR(
        execSql(db, QStringLiteral("PRAGMA foreign_keys = OFF"), QStringLiteral("migrating")));
    Status status;
    for (const Migration& migration : migrations) {
        if (migration.version <= current || migration.version > target) continue;
        status = applyOne(db, migration);
        if (!status.ok()) break;
    }
    const Status restore =
        execSql(db, QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("migrating"));
    return status.ok() ? restore : status;
}

}  // namespace hearth::storage

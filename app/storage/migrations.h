// Numbered schema migrations, keyed on PRAGMA user_version. Migration N is the file
// resources/sql/NNNN_name.sql (embedded at :/hearth/sql/); the database is at version N once it
// has been applied. Each migration runs in its own transaction together with the version bump,
// so a failure leaves the database exactly at the previous version.
//
// To change the schema, add the next file; never edit a released one (databases out there
// already ran it). tests/app/storage_migration_test.cpp checks every version upgrades.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <vector>

#include "hearth/status.h"

namespace hearth::storage {

struct Migration {
    int version = 0;  // 1, 2, ...: the user_version after it
    QString name;     // the file name, for messages
    QString sql;      // one or more statements
};

// The migrations shipped with this build, in order. An error is a packaging bug (a gap or a
// duplicate in the numbering).
Result<std::vector<Migration>> bundledMigrations();

Result<int> userVersion(QSqlDatabase& db);

// Brings the database from its user_version up to `target` (<= the last of `migrations`,
// which must be numbered 1, 2, ... in order). Foreign keys are off while a migration runs, as
// SQLite recommends for schema changes, and checked before it commits.
Status migrate(QSqlDatabase& db, const std::vector<Migration>& migrations, int target);

}  // namespace hearth::storage

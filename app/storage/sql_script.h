// Splits an SQL script into statements. Qt's SQLite driver runs one statement per exec(), and
// a migration file holds many, triggers among them, whose bodies contain semicolons of their
// own. Quotes, comments and BEGIN ... END blocks of CREATE TRIGGER are respected.
#pragma once

#include <QString>
#include <QStringList>

namespace hearth::storage {

QStringList splitSqlStatements(const QString& script);  // without the final ';', trimmed

}  // namespace hearth::storage

#include "storage/sql_script.h"

#include <QRegularExpression>

namespace hearth::storage {

namespace {

// A statement that creates a trigger ends only after its body's END: when it ends in END and
// has as many ENDs as BEGINs and CASEs (a CASE ... END may sit inside the body).
bool isComplete(const QString& statement) {
    static const QRegularExpression trigger(
        QStringLiteral("^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b"),
        QRegularExpression::CaseInsensitiveOption);
    if (!trigger.match(statement).hasMatch()) return true;
    static const QRegularExpression quoted(QStringLiteral("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\""));
    static const QRegularExpression opens(QStringLiteral("\\b(BEGIN|CASE)\\b"),
                                          QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression closes(QStringLiteral("\\bEND\\b"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression endsInEnd(QStringLiteral("\\bEND$"),
                                              QRegularExpression::CaseInsensitiveOption);
    QString words = statement;
    words.replace(quoted, QStringLiteral("''"));
    return endsInEnd.match(words).hasMatch() && words.count(closes) >= words.count(opens);
}

}  // namespace

QStringList splitSqlStatements(const QString& script) {
    QStringList statements;
    QString current;
    const qsizetype n = script.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = script[i];
        if (c == QLatin1Char('-') && i + 1 < n && script[i + 1] == QLatin1Char('-')) {
            while (i < n && script[i] != QLatin1Char('\n')) ++i;  // a line comment
            current += QLatin1Char('\n');
            continue;
        }
        if (c == QLatin1Char('/') && i + 1 < n && script[i + 1] == QLatin1Char('*')) {
            const qsizetype close = script.indexOf(QStringLiteral("*/"), i + 2);
            i = close < 0 ? n : close + 1;
            current += QLatin1Char(' ');
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            // A quoted string or name; a doubled quote inside stays inside.
            current += c;
            for (++i; i < n; ++i) {
                current += script[i];
                if (script[i] == c) {
                    if (i + 1 < n && script[i + 1] == c) {
                        current += script[++i];
                        continue;
                    }
                    break;
                }
            }
            continue;
        }
        if (c == QLatin1Char(';')) {
            const QString trimmed = current.trimmed();
            if (isComplete(trimmed)) {
                if (!trimmed.isEmpty()) statements << trimmed;
                current.clear();
                continue;
            }
        }
        current += c;
    }
    if (const QString rest = current.trimmed(); !rest.isEmpty()) statements << rest;
    return statements;
}

}  // namespace hearth::storage

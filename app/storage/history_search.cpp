// History: full-text search (FTS5, bm25 ranking) and the highlighting of its snippets.
#include <QRegularExpression>
#include <QSqlQuery>
#include <algorithm>

#include "storage/history.h"
#include "storage/sql_support.h"

namespace hearth::storage {

namespace {

// User text to an FTS5 query that means "all these words": each word becomes a quoted phrase
// (quotes inside doubled), so AND, OR, NEAR, *, ^, column filters and parentheses are plain
// text. The last word gets a prefix '*' outside its quotes, for search as you type. Words with
// no letter or digit are dropped: the tokenizer would make nothing of them anyway.
QString ftsQuery(const QString& text) {
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QStringList phrases;
    for (QString word : text.split(spaces, Qt::SkipEmptyParts)) {
        if (std::none_of(word.cbegin(), word.cend(), [](QChar c) { return c.isLetterOrNumber(); }))
            continue;
        word.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        phrases << QLatin1Char('"') + word + QLatin1Char('"');
    }
    if (phrases.isEmpty()) return {};
    phrases.last() += QLatin1Char('*');
    return phrases.join(QLatin1Char(' '));
}

constexpr int kSearchWindow = 5000;

}  // namespace

Result<std::vector<SearchHit>> History::search(const QString& text, int limit) {
    const QString query = ftsQuery(text);
    if (query.isEmpty()) return std::vector<SearchHit>{};
    // Three steps, for speed at a million messages: the newest kSearchWindow matches (FTS5
    // walks its rowids backwards and stops), the best `limit` of those by bm25 in live
    // conversations, and snippets for those only (in one ORDER BY ... LIMIT, snippet() would
    // run for every match before the sort). Words rarer than the window are ranked over all
    // their matches; for very common ones the oldest matches are left out of the ranking.
    HEARTH_ASSIGN_OR_RETURN(
        QSqlQuery * q,
        prepared("WITH recent AS ("
                 " SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH :q1"
                 " ORDER BY rowid DESC LIMIT :window), "
                 "ranked AS ("
                 " SELECT messages_fts.rowid AS id, messages_fts.rank AS rank FROM messages_fts"
                 " JOIN messages m ON m.id = messages_fts.rowid"
                 " JOIN conversations c ON c.id = m.conversation_id"
                 " WHERE messages_fts MATCH :q2 AND c.deleted_at IS NULL"
                 "  AND messages_fts.rowid >= (SELECT ifnull(min(id), 0) FROM recent)"
                 " ORDER BY messages_fts.rank LIMIT :limit) "
                 "SELECT m.conversation_id, m.id, c.title, m.role,"
                 " snippet(messages_fts, -1, char(1), char(2), '…', 16), ranked.rank "
                 "FROM ranked JOIN messages_fts ON messages_fts.rowid = ranked.id"
                 " JOIN messages m ON m.id = ranked.id"
                 " JOIN conversations c ON c.id = m.conversation_id "
                 "WHERE messages_fts MATCH :q3 ORDER BY ranked.rank"));
    q->bindValue(QStringLiteral(":q1"), query);
    q->bindValue(QStringLiteral(":q2"), query);
    q->bindValue(QStringLiteral(":q3"), query);
    q->bindValue(QStringLiteral(":window"), kSearchWindow);
    q->bindValue(QStringLiteral(":limit"), limit);
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("searching"));
    std::vector<SearchHit> hits;
    while (q->next()) {
        SearchHit hit;
        hit.conversationId = q->value(0).toLongLong();
        hit.messageId = q->value(1).toLongLong();
        hit.conversationTitle = q->value(2).toString();
        hit.role = roleFromName(q->value(3).toString()).value_or(Role::User);
        hit.snippet = q->value(4).toString();
        hit.rank = q->value(5).toDouble();
        hits.push_back(std::move(hit));
    }
    q->finish();
    return hits;
}

QString highlightedHtml(const QString& snippet) {
    QString html;
    QString plain;
    for (const QChar c : snippet) {
        if (c == QChar(0x0001) || c == QChar(0x0002)) {
            html += plain.toHtmlEscaped();
            plain.clear();
            html += c == QChar(0x0001) ? QStringLiteral("<b>") : QStringLiteral("</b>");
        } else {
            plain += c;
        }
    }
    return html + plain.toHtmlEscaped();
}

}  // namespace hearth::storage

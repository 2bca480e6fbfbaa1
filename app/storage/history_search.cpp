// History: full-text search (FTS5, bm25 ranking) and the highlighting of its snippets.
#include <QRegularExpression>
#include <QSqlQuery>
#include <algorithm>

#include "storage/history.h"
#include "storage/sql_support.h"

namespace hearth::storage {

namespace {

// Prefixes of these lengths (in characters) have their own index (resources/sql/0002_*.sql);
// a shorter word being typed is searched whole: its prefix would match most messages.
constexpr int kMinPrefixLength = 3;

// User text to an FTS5 query that means "all these words": each word becomes a quoted phrase
// (quotes inside doubled), so AND, OR, NEAR, *, ^, column filters and parentheses are plain
// text. With `prefix`, the last word gets a '*' outside its quotes, for search as you type.
// Words with no letter or digit are dropped: the tokenizer would make nothing of them anyway.
QString ftsQuery(const QString& text, bool prefix) {
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QStringList phrases;
    qsizetype lastLength = 0;
    for (QString word : text.split(spaces, Qt::SkipEmptyParts)) {
        if (std::none_of(word.cbegin(), word.cend(), [](QChar c) { return c.isLetterOrNumber(); }))
            continue;
        lastLength = word.toUcs4().size();
        word.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        phrases << QLatin1Char('"') + word + QLatin1Char('"');
    }
    if (phrases.isEmpty()) return {};
    if (prefix) {
        if (lastLength < kMinPrefixLength) return {};
        phrases.last() += QLatin1Char('*');
    }
    return phrases.join(QLatin1Char(' '));
}

constexpr int kSearchWindow = 5000;

}  // namespace

Result<std::vector<SearchHit>> History::search(const QString& text, int limit) {
    // Whole words first: they are read lazily from the newest end, while a prefix past the
    // indexed lengths merges the doclists of every word it could complete before the first
    // hit. The prefix query runs only when whole words find fewer than `limit` hits: while a
    // word is still being typed.
    HEARTH_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, runSearch(ftsQuery(text, false), limit));
    if (static_cast<int>(hits.size()) >= limit) return hits;
    const QString prefixQuery = ftsQuery(text, true);
    if (prefixQuery.isEmpty()) return hits;  // the last word is too short to be a prefix
    return runSearch(prefixQuery, limit);
}

Result<std::vector<SearchHit>> History::runSearch(const QString& query, int limit) {
    if (query.isEmpty()) return std::vector<SearchHit>{};
    // Three steps: the newest kSearchWindow matches (FTS5 walks its rowids backwards and
    // stops), the best `limit` of those by bm25 in live conversations (bm25() over that rowid
    // range; FTS5's own ORDER BY rank would score every match), and snippets for those only.
    // Words rarer than the window are ranked over all their matches; for very common ones the
    // oldest matches are left out of the ranking. The snippets come from one scan of the
    // hits' rowid range, filtered with +rowid so FTS5 does not look each hit up on its own: a
    // lookup by rowid restarts the query, which for a prefix means reading its whole doclist
    // again. MATERIALIZED keeps the planner from folding the steps into one another.
    HEARTH_ASSIGN_OR_RETURN(
        QSqlQuery * q,
        prepared("WITH recent AS ("
                 " SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH :q1"
                 " ORDER BY rowid DESC LIMIT :window), "
                 "ranked AS MATERIALIZED ("
                 " SELECT messages_fts.rowid AS id, bm25(messages_fts) AS score FROM messages_fts"
                 " JOIN messages m ON m.id = messages_fts.rowid"
                 " JOIN conversations c ON c.id = m.conversation_id"
                 " WHERE messages_fts MATCH :q2 AND c.deleted_at IS NULL"
                 "  AND messages_fts.rowid >= (SELECT ifnull(min(id), 0) FROM recent)"
                 " ORDER BY score LIMIT :limit), "
                 "snippets AS MATERIALIZED ("
                 " SELECT rowid AS id,"
                 "  snippet(messages_fts, -1, char(1), char(2), '…', 16) AS text"
                 " FROM messages_fts WHERE messages_fts MATCH :q3"
                 "  AND rowid BETWEEN (SELECT min(id) FROM ranked) AND (SELECT max(id) FROM ranked)"
                 "  AND +rowid IN (SELECT id FROM ranked)) "
                 "SELECT m.conversation_id, m.id, c.title, m.role, snippets.text, ranked.score "
                 "FROM ranked JOIN snippets ON snippets.id = ranked.id"
                 " JOIN messages m ON m.id = ranked.id"
                 " JOIN conversations c ON c.id = m.conversation_id "
                 "ORDER BY ranked.score"));
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

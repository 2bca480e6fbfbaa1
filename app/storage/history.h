// Chat history: conversations and their message trees in one SQLite file (all of the app's
// SQL lives in app/storage).
//
// - Opening applies the schema migrations (migrations.h), turns on WAL, foreign keys and a
//   busy timeout, and marks every answer left 'generating' by a crash as 'interrupted' (kept,
//   never deleted). A database written by a newer Hearth opens read-only: reads work, every
//   write fails with a message saying why (readOnlyReason()).
// - Messages form a tree. Nothing is overwritten: editing a user message or regenerating an
//   answer adds a sibling, a new branch. The conversation remembers the leaf on screen.
// - An answer streams into the database: addMessage(state Generating), updateGenerating()
//   every few hundred milliseconds (one small autocommit transaction each; WAL with
//   synchronous=NORMAL, so a crash of the app loses nothing committed, a power cut at most
//   the last moments), then finishMessage().
// - Errors are hearth::Status / hearth::Result<T> (hearth/status.h), in words.
//
// One History per thread: Qt SQL connections belong to the thread that opened them. Siblings
// are ordered by id, which is creation order (ids only grow; imports keep the file's order).
#pragma once

#include <QSqlDatabase>
#include <functional>
#include <memory>
#include <unordered_map>

#include "hearth/status.h"
#include "storage/history_types.h"
#include "storage/migrations.h"

namespace hearth::storage {

struct HistoryOptions {
    // Open without writing anything: no migration (an older schema is an error), no recovery
    // of interrupted answers. For readers beside a running app, such as hearth-cli.
    bool readOnly = false;
    std::function<QDateTime()> clock;   // empty: the system clock (tests pass their own)
    std::vector<Migration> migrations;  // empty: the bundled ones (tests pass others)
};

class History {
public:
    // Creates the file (and its folder) when missing.
    static Result<std::unique_ptr<History>> open(const QString& path, HistoryOptions options = {});
    ~History();
    History(const History&) = delete;
    History& operator=(const History&) = delete;

    int schemaVersion() const { return m_schemaVersion; }
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    const QString& readOnlyReason() const { return m_readOnlyReason; }
    int interruptedOnOpen() const { return m_interruptedOnOpen; }  // answers recovered
    Status checkIntegrity();  // PRAGMA integrity_check: ok, or what SQLite found wrong

    // Runs `work` in one transaction: all of it is committed, or none when it fails. Nested
    // calls join the outer transaction.
    Status transaction(const std::function<Status()>& work);

    // Conversations.
    Result<qint64> createConversation(const NewConversation& conversation = {});
    Status renameConversation(qint64 id, const QString& title);
    Status setPinned(qint64 id, bool pinned);
    Status setSettings(qint64 id, const ConversationSettings& settings);
    Status deleteConversation(qint64 id);  // to the trash; restoreConversation() undoes it
    Status restoreConversation(qint64 id);
    Status purgeConversation(qint64 id);  // for good, with all its messages
    Result<int> purgeTrashBefore(const QDateTime& cutoff);
    Result<Conversation> conversation(qint64 id);
    // Pinned first, then the most recently active; each with its date group relative to now.
    Result<std::vector<ConversationSummary>> listConversations(
        ConversationList which = ConversationList::Active);

    // Messages. addMessage makes the new message the conversation's current leaf.
    Result<qint64> addMessage(qint64 conversationId, const NewMessage& message);
    Result<Message> message(qint64 id);
    Result<std::vector<Message>> currentPath(qint64 conversationId);  // root to current leaf
    Result<std::vector<Message>> allMessages(qint64 conversationId);  // the tree, by id
    Result<Siblings> siblings(qint64 messageId);
    // Shows the branch through `messageId`: its most recent leaf becomes current (returned).
    Result<qint64> selectBranch(qint64 messageId);
    Status updateGenerating(qint64 messageId, const QString& content, const QString& reasoning);
    Status finishMessage(qint64 messageId, const FinishedMessage& finished);

    // Full-text search over all messages of live conversations, best first (bm25). Every word
    // of `text` must appear (case and accents ignored); the last may be the start of a word,
    // for search as you type. FTS5 syntax in `text` is taken literally. Ranking covers the
    // newest 5,000 matching messages (all of them, unless the words are very common).
    Result<std::vector<SearchHit>> search(const QString& text, int limit = 50);

private:
    friend class DownloadQueue;  // the same database and statements, its own table

    explicit History(HistoryOptions options);
    Status openAt(const QString& path);
    Status recoverInterrupted();
    Status checkWritable() const;
    QDateTime now() const;
    // The statement for `sql` (a string literal), prepared on first use and kept: the hot
    // paths (streaming updates, bulk imports) pay for parsing once.
    Result<QSqlQuery*> prepared(const char* sql);
    Status touchConversation(qint64 id, qint64 messageId, const QDateTime& at);
    Result<Message> readMessage(QSqlQuery& query) const;
    Result<std::vector<SearchHit>> runSearch(const QString& ftsQuery, int limit);

    HistoryOptions m_options;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unordered_map<const char*, std::unique_ptr<QSqlQuery>> m_statements;
    int m_schemaVersion = 0;
    QString m_readOnlyReason;
    int m_interruptedOnOpen = 0;
    int m_transactionDepth = 0;
};

// U+0001 ... U+0002 marks of a SearchHit snippet as HTML: the text escaped, hits in <b>.
QString highlightedHtml(const QString& snippet);

}  // namespace hearth::storage

// History: creating, changing, listing and deleting conversations.
#include <QJsonDocument>
#include <QSqlQuery>

#include "storage/date_group.h"
#include "storage/history.h"
#include "storage/sql_support.h"

namespace hearth::storage {

namespace {

Status noSuchConversation(qint64 id) {
    return Status::error("there is no conversation " + std::to_string(id));
}

QString samplingText(const QJsonObject& sampling) {
    return QString::fromUtf8(QJsonDocument(sampling).toJson(QJsonDocument::Compact));
}

// Runs an UPDATE of one conversation, failing when it does not exist.
Status updateOne(QSqlQuery& query, qint64 id, const QString& what) {
    query.bindValue(QStringLiteral(":id"), id);
    if (!query.exec()) return sqlFailure(query, what);
    if (query.numRowsAffected() == 0) return noSuchConversation(id);
    return {};
}

}  // namespace

Result<qint64> History::createConversation(const NewConversation& c) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    HEARTH_ASSIGN_OR_RETURN(QSqlQuery * q,
                            prepared("INSERT INTO conversations (title, pinned, created_at, "
                                     "updated_at, system_prompt, sampling_json, model_path) "
                                     "VALUES (:title, :pinned, :created, :updated, :system, "
                                     ":sampling, :model)"));
    const QDateTime created = c.createdAt.value_or(now());
    q->bindValue(QStringLiteral(":title"), notNull(c.title));
    q->bindValue(QStringLiteral(":pinned"), c.pinned ? 1 : 0);
    q->bindValue(QStringLiteral(":created"), toStoredTime(created));
    q->bindValue(QStringLiteral(":updated"), toStoredTime(c.updatedAt.value_or(created)));
    q->bindValue(QStringLiteral(":system"), notNull(c.settings.systemPrompt));
    q->bindValue(QStringLiteral(":sampling"), samplingText(c.settings.sampling));
    q->bindValue(QStringLiteral(":model"), notNull(c.settings.modelPath));
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("creating a conversation"));
    return q->lastInsertId().toLongLong();
}

Status History::renameConversation(qint64 id, const QString& title) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    QSqlQuery q(m_db);
    HEARTH_RETURN_IF_ERROR(
        prepareSql(q, QStringLiteral("UPDATE conversations SET title = :title WHERE id = :id"),
                   QStringLiteral("renaming")));
    q.bindValue(QStringLiteral(":title"), notNull(title));
    return updateOne(q, id, QStringLiteral("renaming a conversation"));
}

Status History::setPinned(qint64 id, bool pinned) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    QSqlQuery q(m_db);
    HEARTH_RETURN_IF_ERROR(
        prepareSql(q, QStringLiteral("UPDATE conversations SET pinned = :pinned WHERE id = :id"),
                   QStringLiteral("pinning")));
    q.bindValue(QStringLiteral(":pinned"), pinned ? 1 : 0);
    return updateOne(q, id, QStringLiteral("pinning a conversation"));
}

Status History::setSettings(qint64 id, const ConversationSettings& settings) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    QSqlQuery q(m_db);
    HEARTH_RETURN_IF_ERROR(
        prepareSql(q,
                   QStringLiteral("UPDATE conversations SET system_prompt = :system, "
                                  "sampling_json = :sampling, model_path = :model WHERE id = :id"),
                   QStringLiteral("saving settings")));
    q.bindValue(QStringLiteral(":system"), notNull(settings.systemPrompt));
    q.bindValue(QStringLiteral(":sampling"), samplingText(settings.sampling));
    q.bindValue(QStringLiteral(":model"), notNull(settings.modelPath));
    return updateOne(q, id, QStringLiteral("saving a conversation's settings"));
}

Status History::deleteConversation(qint64 id) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    QSqlQuery q(m_db);
    HEARTH_RETURN_IF_ERROR(
        prepareSql(q, QStringLiteral("UPDATE conversations SET deleted_at = :now WHERE id = :id"),
                   QStringLiteral("deleting")));
    q.bindValue(QStringLiteral(":now"), toStoredTime(now()));
    return updateOne(q, id, QStringLiteral("deleting a conversation"));
}

Status History::restoreConversation(qint64 id) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    QSqlQuery q(m_db);
    HEARTH_RETURN_IF_ERROR(
        prepareSql(q, QStringLiteral("UPDATE conversations SET deleted_at = NULL WHERE id = :id"),
                   QStringLiteral("restoring")));
    return updateOne(q, id, QStringLiteral("restoring a conversation"));
}

Status History::purgeConversation(qint64 id) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    QSqlQuery q(m_db);
    // The messages go by the ON DELETE CASCADE of messages.conversation_id.
    HEARTH_RETURN_IF_ERROR(prepareSql(q, QStringLiteral("DELETE FROM conversations WHERE id = :id"),
                                      QStringLiteral("purging")));
    return updateOne(q, id, QStringLiteral("purging a conversation"));
}

Result<int> History::purgeTrashBefore(const QDateTime& cutoff) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    QSqlQuery q(m_db);
    HEARTH_RETURN_IF_ERROR(prepareSql(
        q,
        QStringLiteral("DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at < "
                       ":cutoff"),
        QStringLiteral("emptying the trash")));
    q.bindValue(QStringLiteral(":cutoff"), toStoredTime(cutoff));
    if (!q.exec()) return sqlFailure(q, QStringLiteral("emptying the trash"));
    return q.numRowsAffected();
}

Result<Conversation> History::conversation(qint64 id) {
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    HEARTH_RETURN_IF_ERROR(
        prepareSql(q,
                   QStringLiteral("SELECT id, title, pinned, created_at, updated_at, deleted_at, "
                                  "system_prompt, sampling_json, model_path, current_leaf_id "
                                  "FROM conversations WHERE id = :id"),
                   QStringLiteral("reading a conversation")));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec()) return sqlFailure(q, QStringLiteral("reading a conversation"));
    if (!q.next()) return noSuchConversation(id);
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.title = q.value(1).toString();
    c.pinned = q.value(2).toInt() != 0;
    c.createdAt = fromStoredTime(q.value(3));
    c.updatedAt = fromStoredTime(q.value(4));
    if (!q.value(5).isNull()) c.deletedAt = fromStoredTime(q.value(5));
    c.settings.systemPrompt = q.value(6).toString();
    c.settings.sampling = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
    c.settings.modelPath = q.value(8).toString();
    c.currentLeafId = q.value(9).toLongLong();
    return c;
}

Result<std::vector<ConversationSummary>> History::listConversations(ConversationList which) {
    // Two literal statements rather than one assembled: each matches its partial index.
    const QString sql = which == ConversationList::Active
                            ? QStringLiteral(
                                  "SELECT id, title, pinned, updated_at FROM conversations "
                                  "WHERE deleted_at IS NULL ORDER BY pinned DESC, updated_at DESC, "
                                  "id DESC")
                            : QStringLiteral(
                                  "SELECT id, title, pinned, updated_at FROM conversations "
                                  "WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, id DESC");
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(sql)) return sqlFailure(q, QStringLiteral("listing conversations"));
    DateGrouper groups(now());
    std::vector<ConversationSummary> list;
    while (q.next()) {
        ConversationSummary s;
        s.id = q.value(0).toLongLong();
        s.title = q.value(1).toString();
        s.pinned = q.value(2).toInt() != 0;
        s.updatedAt = fromStoredTime(q.value(3));
        s.group = groups.group(s.updatedAt, s.pinned && which == ConversationList::Active);
        list.push_back(std::move(s));
    }
    return list;
}

}  // namespace hearth::storage

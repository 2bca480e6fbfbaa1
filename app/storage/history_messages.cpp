// History: the message tree of a conversation, branches, and answers as they stream.
#include <QSqlQuery>

#include "storage/history.h"
#include "storage/sql_support.h"

namespace hearth::storage {

namespace {

constexpr const char* kMessageColumns =
    "m.id, m.conversation_id, m.parent_id, m.role, m.content, m.reasoning, m.model, "
    "m.prompt_tokens, m.completion_tokens, m.time_to_first_token_ms, m.tokens_per_second, "
    "m.reasoning_seconds, m.state, m.error, m.created_at";
constexpr int kMessageColumnCount = 15;

Status noSuchMessage(qint64 id) {
    return Status::error("there is no message " + std::to_string(id));
}

template <typename T>
QVariant nullable(const std::optional<T>& value) {
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<T>());
}

template <typename T>
std::optional<T> optionalValue(const QVariant& v) {
    if (v.isNull()) return std::nullopt;
    return v.value<T>();
}

void bindStats(QSqlQuery& q, const MessageStats& s) {
    q.bindValue(QStringLiteral(":prompt_tokens"), nullable(s.promptTokens));
    q.bindValue(QStringLiteral(":completion_tokens"), nullable(s.completionTokens));
    q.bindValue(QStringLiteral(":ttft"), nullable(s.timeToFirstTokenMs));
    q.bindValue(QStringLiteral(":tps"), nullable(s.tokensPerSecond));
    q.bindValue(QStringLiteral(":reasoning_seconds"), nullable(s.reasoningSeconds));
}

QString messageQuery(const char* tail) {
    return QStringLiteral("SELECT %1 FROM messages m %2")
        .arg(QLatin1String(kMessageColumns), QLatin1String(tail));
}

}  // namespace

Result<Message> History::readMessage(QSqlQuery& q) const {
    Message m;
    m.id = q.value(0).toLongLong();
    m.conversationId = q.value(1).toLongLong();
    m.parentId = q.value(2).toLongLong();
    const std::optional<Role> role = roleFromName(q.value(3).toString());
    const std::optional<MessageState> state = stateFromName(q.value(12).toString());
    if (!role || !state)
        return Status::error("history database: message " + std::to_string(m.id) +
                             " has an unknown role or state");
    m.role = *role;
    m.content = q.value(4).toString();
    m.reasoning = q.value(5).toString();
    m.model = q.value(6).toString();
    m.stats.promptTokens = optionalValue<qint64>(q.value(7));
    m.stats.completionTokens = optionalValue<qint64>(q.value(8));
    m.stats.timeToFirstTokenMs = optionalValue<double>(q.value(9));
    m.stats.tokensPerSecond = optionalValue<double>(q.value(10));
    m.stats.reasoningSeconds = optionalValue<double>(q.value(11));
    m.state = *state;
    m.error = q.value(13).toString();
    m.createdAt = fromStoredTime(q.value(14));
    return m;
}

Result<qint64> History::addMessage(qint64 conversationId, const NewMessage& message) {
    qint64 id = 0;
    HEARTH_RETURN_IF_ERROR(transaction([&]() -> Status {
        if (message.parentId != 0) {
            HEARTH_ASSIGN_OR_RETURN(
                QSqlQuery * parent,
                prepared("SELECT conversation_id FROM messages WHERE id = :id"));
            parent->bindValue(QStringLiteral(":id"), message.parentId);
            if (!parent->exec()) return sqlFailure(*parent, QStringLiteral("adding a message"));
            const bool found = parent->next();
            const qint64 owner = found ? parent->value(0).toLongLong() : 0;
            parent->finish();
            if (!found) return noSuchMessage(message.parentId);
            if (owner != conversationId)
                return Status::error("message " + std::to_string(message.parentId) +
                                     " is not in conversation " + std::to_string(conversationId));
        }
        HEARTH_ASSIGN_OR_RETURN(
            QSqlQuery * insert,
            prepared("INSERT INTO messages (conversation_id, parent_id, role, content, reasoning, "
                     "model, prompt_tokens, completion_tokens, time_to_first_token_ms, "
                     "tokens_per_second, reasoning_seconds, state, error, created_at) VALUES "
                     "(:conversation, :parent, :role, :content, :reasoning, :model, "
                     ":prompt_tokens, :completion_tokens, :ttft, :tps, :reasoning_seconds, "
                     ":state, :error, :created)"));
        const QDateTime created = message.createdAt.value_or(now());
        insert->bindValue(QStringLiteral(":conversation"), conversationId);
        insert->bindValue(QStringLiteral(":parent"), message.parentId != 0
                                                         ? QVariant(message.parentId)
                                                         : QVariant(QMetaType::fromType<qint64>()));
        insert->bindValue(QStringLiteral(":role"), roleName(message.role));
        insert->bindValue(QStringLiteral(":content"), notNull(message.content));
        insert->bindValue(QStringLiteral(":reasoning"), notNull(message.reasoning));
        insert->bindValue(QStringLiteral(":model"), notNull(message.model));
        bindStats(*insert, message.stats);
        insert->bindValue(QStringLiteral(":state"), stateName(message.state));
        insert->bindValue(QStringLiteral(":error"), notNull(message.error));
        insert->bindValue(QStringLiteral(":created"), toStoredTime(created));
        if (!insert->exec()) {
            if (message.parentId == 0 && !conversation(conversationId).ok())
                return Status::error("there is no conversation " + std::to_string(conversationId));
            return sqlFailure(*insert, QStringLiteral("adding a message"));
        }
        id = insert->lastInsertId().toLongLong();
        return touchConversation(conversationId, id, created);
    }));
    return id;
}

Status History::touchConversation(qint64 id, qint64 messageId, const QDateTime& at) {
    // MAX: an imported message keeps the conversation's own updated_at when that is later.
    HEARTH_ASSIGN_OR_RETURN(QSqlQuery * q,
                            prepared("UPDATE conversations SET current_leaf_id = :leaf, "
                                     "updated_at = MAX(updated_at, :at) WHERE id = :id"));
    q->bindValue(QStringLiteral(":leaf"), messageId);
    q->bindValue(QStringLiteral(":at"), toStoredTime(at));
    q->bindValue(QStringLiteral(":id"), id);
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("updating a conversation"));
    return {};
}

Result<Message> History::message(qint64 id) {
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    HEARTH_RETURN_IF_ERROR(
        prepareSql(q, messageQuery("WHERE m.id = :id"), QStringLiteral("reading a message")));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec()) return sqlFailure(q, QStringLiteral("reading a message"));
    if (!q.next()) return noSuchMessage(id);
    return readMessage(q);
}

Result<std::vector<Message>> History::currentPath(qint64 conversationId) {
    // Up from the current leaf by primary key, then each message's place among its siblings
    // (two index lookups per message).
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    HEARTH_RETURN_IF_ERROR(prepareSql(
        q,
        QStringLiteral(
            "WITH RECURSIVE path(id, depth) AS ("
            " SELECT current_leaf_id, 0 FROM conversations"
            "  WHERE id = :conversation AND current_leaf_id IS NOT NULL"
            " UNION ALL"
            " SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path ON m.id = path.id"
            "  WHERE m.parent_id IS NOT NULL) "
            "SELECT %1,"
            " (SELECT count(*) FROM messages s WHERE s.conversation_id = m.conversation_id"
            "   AND s.parent_id IS m.parent_id AND s.id < m.id),"
            " (SELECT count(*) FROM messages s WHERE s.conversation_id = m.conversation_id"
            "   AND s.parent_id IS m.parent_id) "
            "FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth DESC")
            .arg(QLatin1String(kMessageColumns)),
        QStringLiteral("reading a conversation")));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    if (!q.exec()) return sqlFailure(q, QStringLiteral("reading a conversation"));
    std::vector<Message> path;
    while (q.next()) {
        HEARTH_ASSIGN_OR_RETURN(Message m, readMessage(q));
        m.siblingIndex = q.value(kMessageColumnCount).toInt();
        m.siblingCount = q.value(kMessageColumnCount + 1).toInt();
        path.push_back(std::move(m));
    }
    return path;
}

Result<std::vector<Message>> History::allMessages(qint64 conversationId) {
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    HEARTH_RETURN_IF_ERROR(prepareSql(q,
                                      messageQuery("WHERE m.conversation_id = :conversation "
                                                   "ORDER BY m.id"),
                                      QStringLiteral("reading a conversation")));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    if (!q.exec()) return sqlFailure(q, QStringLiteral("reading a conversation"));
    std::vector<Message> messages;
    while (q.next()) {
        HEARTH_ASSIGN_OR_RETURN(Message m, readMessage(q));
        messages.push_back(std::move(m));
    }
    return messages;
}

Result<Siblings> History::siblings(qint64 messageId) {
    HEARTH_ASSIGN_OR_RETURN(const Message m, message(messageId));
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    HEARTH_RETURN_IF_ERROR(prepareSql(q,
                                      QStringLiteral("SELECT id FROM messages WHERE "
                                                     "conversation_id = :conversation AND "
                                                     "parent_id IS :parent ORDER BY id"),
                                      QStringLiteral("reading branches")));
    q.bindValue(QStringLiteral(":conversation"), m.conversationId);
    q.bindValue(QStringLiteral(":parent"),
                m.parentId != 0 ? QVariant(m.parentId) : QVariant(QMetaType::fromType<qint64>()));
    if (!q.exec()) return sqlFailure(q, QStringLiteral("reading branches"));
    Siblings s;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (id == messageId) s.index = static_cast<int>(s.ids.size());
        s.ids.push_back(id);
    }
    return s;
}

Result<qint64> History::selectBranch(qint64 messageId) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    HEARTH_ASSIGN_OR_RETURN(const Message m, message(messageId));
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // The newest leaf of the subtree: the branch last written to under this message.
    HEARTH_RETURN_IF_ERROR(
        prepareSql(q,
                   QStringLiteral("WITH RECURSIVE sub(id) AS (SELECT :id UNION ALL"
                                  " SELECT m.id FROM messages m JOIN sub ON m.parent_id = sub.id) "
                                  "SELECT max(id) FROM sub WHERE NOT EXISTS"
                                  " (SELECT 1 FROM messages c WHERE c.parent_id = sub.id)"),
                   QStringLiteral("switching branches")));
    q.bindValue(QStringLiteral(":id"), messageId);
    if (!q.exec() || !q.next()) return sqlFailure(q, QStringLiteral("switching branches"));
    const qint64 leaf = q.value(0).toLongLong();
    q.finish();
    QSqlQuery update(m_db);
    HEARTH_RETURN_IF_ERROR(prepareSql(
        update, QStringLiteral("UPDATE conversations SET current_leaf_id = :leaf WHERE id = :id"),
        QStringLiteral("switching branches")));
    update.bindValue(QStringLiteral(":leaf"), leaf);
    update.bindValue(QStringLiteral(":id"), m.conversationId);
    if (!update.exec()) return sqlFailure(update, QStringLiteral("switching branches"));
    return leaf;
}

Status History::updateGenerating(qint64 messageId, const QString& content,
                                 const QString& reasoning) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    HEARTH_ASSIGN_OR_RETURN(QSqlQuery * q,
                            prepared("UPDATE messages SET content = :content, reasoning = "
                                     ":reasoning WHERE id = :id AND state = 'generating'"));
    q->bindValue(QStringLiteral(":content"), notNull(content));
    q->bindValue(QStringLiteral(":reasoning"), notNull(reasoning));
    q->bindValue(QStringLiteral(":id"), messageId);
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("saving a streaming answer"));
    if (q->numRowsAffected() == 0)
        return Status::error("message " + std::to_string(messageId) +
                             " is not being generated (it finished, or does not exist)");
    return {};
}

Status History::finishMessage(qint64 messageId, const FinishedMessage& f) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    if (f.state == MessageState::Generating)
        return Status::error("finishMessage needs a final state, not 'generating'");
    HEARTH_ASSIGN_OR_RETURN(
        QSqlQuery * q,
        prepared("UPDATE messages SET content = :content, reasoning = :reasoning, state = :state, "
                 "error = :error, prompt_tokens = :prompt_tokens, completion_tokens = "
                 ":completion_tokens, time_to_first_token_ms = :ttft, tokens_per_second = :tps, "
                 "reasoning_seconds = :reasoning_seconds WHERE id = :id AND state = 'generating'"));
    q->bindValue(QStringLiteral(":content"), notNull(f.content));
    q->bindValue(QStringLiteral(":reasoning"), notNull(f.reasoning));
    q->bindValue(QStringLiteral(":state"), stateName(f.state));
    q->bindValue(QStringLiteral(":error"), notNull(f.error));
    bindStats(*q, f.stats);
    q->bindValue(QStringLiteral(":id"), messageId);
    if (!q->exec()) return sqlFailure(*q, QStringLiteral("finishing an answer"));
    if (q->numRowsAffected() == 0)
        return Status::error("message " + std::to_string(messageId) +
                             " is not being generated (it finished, or does not exist)");
    return {};
}

}  // namespace hearth::storage

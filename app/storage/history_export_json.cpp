// The JSON export (format in history_export.h).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "storage/history_export.h"

namespace hearth::storage {

namespace {

QJsonValue timeValue(const QDateTime& t) {
    return t.toUTC().toString(Qt::ISODateWithMs);
}

template <typename T>
QJsonValue nullable(const std::optional<T>& v) {
    return v ? QJsonValue(static_cast<double>(*v)) : QJsonValue(QJsonValue::Null);
}

QJsonValue idOrNull(qint64 id) {
    return id != 0 ? QJsonValue(static_cast<double>(id)) : QJsonValue(QJsonValue::Null);
}

QJsonObject messageObject(const Message& m) {
    QJsonObject o;
    o[QStringLiteral("id")] = static_cast<double>(m.id);
    o[QStringLiteral("parent")] = idOrNull(m.parentId);
    o[QStringLiteral("role")] = roleName(m.role);
    o[QStringLiteral("content")] = m.content;
    o[QStringLiteral("reasoning")] = m.reasoning;
    o[QStringLiteral("model")] = m.model;
    o[QStringLiteral("state")] = stateName(m.state);
    o[QStringLiteral("error")] = m.error;
    o[QStringLiteral("created_at")] = timeValue(m.createdAt);
    o[QStringLiteral("prompt_tokens")] = nullable(m.stats.promptTokens);
    o[QStringLiteral("completion_tokens")] = nullable(m.stats.completionTokens);
    o[QStringLiteral("time_to_first_token_ms")] = nullable(m.stats.timeToFirstTokenMs);
    o[QStringLiteral("tokens_per_second")] = nullable(m.stats.tokensPerSecond);
    o[QStringLiteral("reasoning_seconds")] = nullable(m.stats.reasoningSeconds);
    return o;
}

Result<QJsonObject> conversationObject(History& history, qint64 id) {
    HEARTH_ASSIGN_OR_RETURN(const Conversation c, history.conversation(id));
    HEARTH_ASSIGN_OR_RETURN(const std::vector<Message> messages, history.allMessages(id));
    QJsonArray array;
    for (const Message& m : messages) array.append(messageObject(m));
    QJsonObject o;
    o[QStringLiteral("id")] = static_cast<double>(c.id);
    o[QStringLiteral("title")] = c.title;
    o[QStringLiteral("pinned")] = c.pinned;
    o[QStringLiteral("created_at")] = timeValue(c.createdAt);
    o[QStringLiteral("updated_at")] = timeValue(c.updatedAt);
    o[QStringLiteral("system_prompt")] = c.settings.systemPrompt;
    o[QStringLiteral("sampling")] = c.settings.sampling;
    o[QStringLiteral("model_path")] = c.settings.modelPath;
    o[QStringLiteral("current_leaf")] = idOrNull(c.currentLeafId);
    o[QStringLiteral("messages")] = array;
    return o;
}

}  // namespace

Result<QByteArray> exportJson(History& history, qint64 conversationId) {
    HEARTH_ASSIGN_OR_RETURN(const std::vector<qint64> ids,
                            exportedConversations(history, conversationId));
    QJsonArray conversations;
    for (qint64 id : ids) {
        HEARTH_ASSIGN_OR_RETURN(QJsonObject o, conversationObject(history, id));
        conversations.append(o);
    }
    QJsonObject root;
    root[QStringLiteral("format")] = QStringLiteral("hearth-history");
    root[QStringLiteral("version")] = kHistoryExportVersion;
    root[QStringLiteral("conversations")] = conversations;
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

}  // namespace hearth::storage

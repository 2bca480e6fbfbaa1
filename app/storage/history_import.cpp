// The JSON import (format in history_export.h): the whole file is read and checked before
// anything is written, then written in one transaction.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <map>

#include "storage/history_export.h"

namespace hearth::storage {

namespace {

struct ImportedMessage {
    qint64 fileId = 0;
    qint64 fileParent = 0;
    NewMessage message;
};

struct ImportedConversation {
    NewConversation conversation;
    qint64 fileLeaf = 0;
    std::vector<ImportedMessage> messages;
};

// Reads typed fields of one JSON object, naming the place of a problem in its message.
class Fields {
public:
    Fields(const QJsonObject& object, QString where)
        : m_object(object), m_where(std::move(where)) {}

    Result<QString> string(const char* key, bool required = true) const {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() && !required) return QString();
        if (!v.isString()) return problem(key, "a string");
        return v.toString();
    }
    Result<bool> boolean(const char* key) const {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined()) return false;
        if (!v.isBool()) return problem(key, "true or false");
        return v.toBool();
    }
    // An id: a whole number from 1; null gives 0 (none) when `nullable`.
    Result<qint64> integer(const char* key, bool nullable) const {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (nullable && (v.isNull() || v.isUndefined())) return qint64(0);
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 1 || d > 9.0e15 || d != std::floor(d))
            return problem(
                key, nullable ? "a positive whole number or null" : "a positive whole number");
        return static_cast<qint64>(d);
    }
    Result<std::optional<qint64>> count(const char* key) const {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isNull() || v.isUndefined()) return std::optional<qint64>();
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d > 9.0e15 || d != std::floor(d))
            return problem(key, "a whole number or null");
        return std::optional<qint64>(static_cast<qint64>(d));
    }
    Result<std::optional<double>> number(const char* key) const {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isNull() || v.isUndefined()) return std::optional<double>();
        if (!v.isDouble() || v.toDouble() < 0) return problem(key, "a non-negative number or null");
        return std::optional<double>(v.toDouble());
    }
    Result<QDateTime> time(const char* key) const {
        HEARTH_ASSIGN_OR_RETURN(const QString text, string(key));
        QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!t.isValid()) return problem(key, "an ISO 8601 time such as 2024-05-01T10:00:00.000Z");
        return t.toUTC();
    }
    Status error(const std::string& what) const {
        return Status::error("import: " + m_where.toStdString() + ": " + what);
    }

private:
    Status problem(const char* key, const char* expected) const {
        return error(std::string("\"") + key + "\" must be " + expected);
    }
    QJsonObject m_object;
    QString m_where;
};

Result<ImportedMessage> readMessage(const QJsonValue& value, const QString& where,
                                    const std::map<qint64, size_t>& earlier) {
    if (!value.isObject()) return Fields({}, where).error("a message must be an object");
    const Fields f(value.toObject(), where);
    ImportedMessage im;
    NewMessage& m = im.message;
    HEARTH_ASSIGN_OR_RETURN(im.fileId, f.integer("id", false));
    HEARTH_ASSIGN_OR_RETURN(im.fileParent, f.integer("parent", true));
    if (earlier.count(im.fileId)) return f.error("id " + std::to_string(im.fileId) + " repeats");
    if (im.fileParent != 0 && !earlier.count(im.fileParent))
        return f.error("parent " + std::to_string(im.fileParent) +
                       " is not an earlier message of this conversation");
    HEARTH_ASSIGN_OR_RETURN(const QString role, f.string("role"));
    if (!roleFromName(role)) return f.error("unknown role '" + role.toStdString() + "'");
    m.role = *roleFromName(role);
    HEARTH_ASSIGN_OR_RETURN(m.content, f.string("content"));
    HEARTH_ASSIGN_OR_RETURN(m.reasoning, f.string("reasoning", false));
    HEARTH_ASSIGN_OR_RETURN(m.model, f.string("model", false));
    HEARTH_ASSIGN_OR_RETURN(const QString state, f.string("state"));
    if (!stateFromName(state)) return f.error("unknown state '" + state.toStdString() + "'");
    m.state = *stateFromName(state);
    if (m.state == MessageState::Generating) m.state = MessageState::Interrupted;
    HEARTH_ASSIGN_OR_RETURN(m.error, f.string("error", false));
    HEARTH_ASSIGN_OR_RETURN(m.createdAt, f.time("created_at"));
    HEARTH_ASSIGN_OR_RETURN(m.stats.promptTokens, f.count("prompt_tokens"));
    HEARTH_ASSIGN_OR_RETURN(m.stats.completionTokens, f.count("completion_tokens"));
    HEARTH_ASSIGN_OR_RETURN(m.stats.timeToFirstTokenMs, f.number("time_to_first_token_ms"));
    HEARTH_ASSIGN_OR_RETURN(m.stats.tokensPerSecond, f.number("tokens_per_second"));
    HEARTH_ASSIGN_OR_RETURN(m.stats.reasoningSeconds, f.number("reasoning_seconds"));
    return im;
}

Result<ImportedConversation> readConversation(const QJsonValue& value, const QString& where) {
    if (!value.isObject()) return Fields({}, where).error("a conversation must be an object");
    const QJsonObject object = value.toObject();
    const Fields f(object, where);
    ImportedConversation ic;
    NewConversation& c = ic.conversation;
    HEARTH_ASSIGN_OR_RETURN(c.title, f.string("title"));
    HEARTH_ASSIGN_OR_RETURN(c.pinned, f.boolean("pinned"));
    HEARTH_ASSIGN_OR_RETURN(c.createdAt, f.time("created_at"));
    HEARTH_ASSIGN_OR_RETURN(c.updatedAt, f.time("updated_at"));
    HEARTH_ASSIGN_OR_RETURN(c.settings.systemPrompt, f.string("system_prompt", false));
    HEARTH_ASSIGN_OR_RETURN(c.settings.modelPath, f.string("model_path", false));
    const QJsonValue sampling = object.value(QLatin1String("sampling"));
    if (!sampling.isUndefined() && !sampling.isObject())
        return f.error("\"sampling\" must be an object");
    c.settings.sampling = sampling.toObject();
    HEARTH_ASSIGN_OR_RETURN(ic.fileLeaf, f.integer("current_leaf", true));
    const QJsonValue messages = object.value(QLatin1String("messages"));
    if (!messages.isArray()) return f.error("\"messages\" must be an array");
    std::map<qint64, size_t> seen;  // file id -> index
    const QJsonArray array = messages.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        HEARTH_ASSIGN_OR_RETURN(
            ImportedMessage m,
            readMessage(array[i], QStringLiteral("%1, message %2").arg(where).arg(i + 1), seen));
        seen[m.fileId] = ic.messages.size();
        ic.messages.push_back(std::move(m));
    }
    if (ic.fileLeaf != 0 && !seen.count(ic.fileLeaf))
        return f.error("current_leaf " + std::to_string(ic.fileLeaf) +
                       " is not a message of this conversation");
    return ic;
}

Result<std::vector<ImportedConversation>> readFile(const QByteArray& json) {
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull())
        return Status::error("import: not valid JSON: " + parseError.errorString().toStdString() +
                             " at byte " + std::to_string(parseError.offset));
    const QJsonObject root = doc.object();
    if (!doc.isObject() ||
        root.value(QLatin1String("format")).toString() != QLatin1String("hearth-history"))
        return Status::error(
            "import: not a Hearth history export (\"format\" is not "
            "\"hearth-history\")");
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() < 1)
        return Status::error("import: \"version\" must be a positive whole number");
    if (version.toDouble() > kHistoryExportVersion)
        return Status::error("import: the file is format version " +
                             std::to_string(version.toInt()) + ", written by a newer Hearth; " +
                             "this version reads up to " + std::to_string(kHistoryExportVersion));
    const QJsonValue conversations = root.value(QLatin1String("conversations"));
    if (!conversations.isArray())
        return Status::error("import: \"conversations\" must be an array");
    std::vector<ImportedConversation> result;
    const QJsonArray array = conversations.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        HEARTH_ASSIGN_OR_RETURN(
            ImportedConversation c,
            readConversation(array[i], QStringLiteral("conversation %1").arg(i + 1)));
        result.push_back(std::move(c));
    }
    return result;
}

}  // namespace

Result<std::vector<qint64>> importJson(History& history, const QByteArray& json) {
    HEARTH_ASSIGN_OR_RETURN(std::vector<ImportedConversation> file, readFile(json));
    std::vector<qint64> created;
    HEARTH_RETURN_IF_ERROR(history.transaction([&]() -> Status {
        for (ImportedConversation& ic : file) {
            HEARTH_ASSIGN_OR_RETURN(const qint64 conversationId,
                                    history.createConversation(ic.conversation));
            std::map<qint64, qint64> newIds;  // file id -> new id
            for (ImportedMessage& im : ic.messages) {
                im.message.parentId = im.fileParent != 0 ? newIds.at(im.fileParent) : 0;
                HEARTH_ASSIGN_OR_RETURN(newIds[im.fileId],
                                        history.addMessage(conversationId, im.message));
            }
            if (ic.fileLeaf != 0) {
                HEARTH_ASSIGN_OR_RETURN(const qint64 leaf,
                                        history.selectBranch(newIds.at(ic.fileLeaf)));
                (void)leaf;
            }
            created.push_back(conversationId);
        }
        return Status();
    }));
    return created;
}

}  // namespace hearth::storage

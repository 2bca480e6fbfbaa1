#include "ui_models/message_list_model.h"

namespace hearth::ui {

void MessageListModel::reset(std::vector<storage::Message> messages) {
    beginResetModel();
    m_messages = std::move(messages);
    endResetModel();
}

void MessageListModel::update(qint64 id, const std::function<void(storage::Message&)>& change) {
    for (size_t row = m_messages.size(); row-- > 0;) {
        if (m_messages[row].id != id) continue;
        change(m_messages[row]);
        const QModelIndex at = index(static_cast<int>(row));
        emit dataChanged(at, at);
        return;
    }
}

int MessageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_messages.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const storage::Message& m = m_messages[static_cast<size_t>(index.row())];
    switch (role) {
        case IdRole:
            return m.id;
        case RoleRole:
            return storage::roleName(m.role);
        case ContentRole:
            return m.content;
        case ReasoningRole:
            return m.reasoning;
        case ReasoningSecondsRole:
            return m.stats.reasoningSeconds.value_or(-1.0);
        case StateRole:
            return storage::stateName(m.state);
        case ErrorRole:
            return m.error;
        case SiblingIndexRole:
            return m.siblingIndex;
        case SiblingCountRole:
            return m.siblingCount;
        case ModelRole:
            return m.model;
        case CompletionTokensRole:
            return static_cast<int>(m.stats.completionTokens.value_or(0));
        case TokensPerSecondRole:
            return m.stats.tokensPerSecond.value_or(0.0);
        case TimeToFirstTokenRole:
            return m.stats.timeToFirstTokenMs.value_or(0.0) / 1000.0;
        default:
            return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const {
    return {{IdRole, "messageId"},
            {RoleRole, "role"},
            {ContentRole, "content"},
            {ReasoningRole, "reasoning"},
            {ReasoningSecondsRole, "reasoningSeconds"},
            {StateRole, "state"},
            {ErrorRole, "errorText"},
            {SiblingIndexRole, "siblingIndex"},
            {SiblingCountRole, "siblingCount"},
            {ModelRole, "modelName"},
            {CompletionTokensRole, "completionTokens"},
            {TokensPerSecondRole, "tokensPerSecond"},
            {TimeToFirstTokenRole, "timeToFirstToken"}};
}

}  // namespace hearth::ui

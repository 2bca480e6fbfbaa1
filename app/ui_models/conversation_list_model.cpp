#include "ui_models/conversation_list_model.h"

namespace hearth::ui {

void ConversationListModel::reset(std::vector<storage::ConversationSummary> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QString ConversationListModel::titleOf(qint64 id) const {
    for (const auto& row : m_rows)
        if (row.id == id) return row.title;
    return {};
}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const storage::ConversationSummary& row = m_rows[static_cast<size_t>(index.row())];
    switch (role) {
        case IdRole:
            return row.id;
        case TitleRole:
            return row.title;
        case PinnedRole:
            return row.pinned;
        case SectionRole:
            return row.group;
        default:
            return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const {
    return {{IdRole, "conversationId"},
            {TitleRole, "title"},
            {PinnedRole, "pinned"},
            {SectionRole, "section"}};
}

}  // namespace hearth::ui

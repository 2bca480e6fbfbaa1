#include "ui_models/search_result_model.h"

#include "storage/history.h"

namespace hearth::ui {

void SearchResultModel::reset(std::vector<storage::SearchHit> hits) {
    beginResetModel();
    m_hits = std::move(hits);
    endResetModel();
}

int SearchResultModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_hits.size());
}

QVariant SearchResultModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const storage::SearchHit& hit = m_hits[static_cast<size_t>(index.row())];
    switch (role) {
        case ConversationRole:
            return hit.conversationId;
        case MessageRole:
            return hit.messageId;
        case TitleRole:
            return hit.conversationTitle;
        case SnippetRole:
            return storage::highlightedHtml(hit.snippet);
        default:
            return {};
    }
}

QHash<int, QByteArray> SearchResultModel::roleNames() const {
    return {{ConversationRole, "conversationId"},
            {MessageRole, "messageId"},
            {TitleRole, "title"},
            {SnippetRole, "snippet"}};
}

}  // namespace hearth::ui

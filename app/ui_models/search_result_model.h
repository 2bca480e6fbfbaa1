// Search hits over all messages: the conversation, and a snippet with the hits in bold.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <vector>

#include "storage/history_types.h"

namespace hearth::ui {

class SearchResultModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Chat")

public:
    enum Roles { ConversationRole = Qt::UserRole + 1, MessageRole, TitleRole, SnippetRole };
    using QAbstractListModel::QAbstractListModel;

    void reset(std::vector<storage::SearchHit> hits);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<storage::SearchHit> m_hits;
};

}  // namespace hearth::ui

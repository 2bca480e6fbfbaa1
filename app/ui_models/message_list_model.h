// The messages of the branch on screen, root to leaf; the last one grows while it streams.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <vector>

#include "storage/history_types.h"

namespace hearth::ui {

class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Chat")

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        RoleRole,
        ContentRole,
        ReasoningRole,
        ReasoningSecondsRole,
        StateRole,
        ErrorRole,
        SiblingIndexRole,
        SiblingCountRole,
        ModelRole,
        CompletionTokensRole,
        TokensPerSecondRole,
        TimeToFirstTokenRole,
    };
    using QAbstractListModel::QAbstractListModel;

    void reset(std::vector<storage::Message> messages);
    const std::vector<storage::Message>& messages() const { return m_messages; }
    // The message with `id`, updated in place (the view repaints that row only).
    void update(qint64 id, const std::function<void(storage::Message&)>& change);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<storage::Message> m_messages;
};

}  // namespace hearth::ui

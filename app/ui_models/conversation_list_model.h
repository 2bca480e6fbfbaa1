// The sidebar's rows: conversations with their date-group headings (pinned first).
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QAbstractListModel>
#include <vector>

#include "storage/history_types.h"

namespace hearth::ui {

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by Chat")

public:
    enum Roles { IdRole = Qt::UserRole + 1, TitleRole, PinnedRole, SectionRole };
    using QAbstractListModel::QAbstractListModel;

    void reset(std::vector<storage::ConversationSummary> rows);
    QString titleOf(qint64 id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::vector<storage::ConversationSummary> m_rows;
};

}  // namespace hearth::ui

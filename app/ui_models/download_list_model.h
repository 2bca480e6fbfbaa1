// The download queue for QML (the Library's `downloads`): one row per file, with progress,
// speed and time left for the one running.
#pragma once

#include <QAbstractListModel>

#include "library/download_manager.h"

namespace hearth::ui {

class DownloadListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        StateRole,  // "queued", "running", "paused", "failed", "done"
        ErrorRole,
        ReceivedRole,
        TotalRole,
        ProgressRole,        // 0..1, or -1 when the size is not known yet
        BytesPerSecondRole,  // the running one's, else 0
        SecondsLeftRole,     // the running one's estimate, else -1
    };

    explicit DownloadListModel(library::DownloadManager& manager, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void refresh();

    library::DownloadManager& m_manager;
    int m_rows = 0;
};

}  // namespace hearth::ui

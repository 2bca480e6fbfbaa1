#include "ui_models/download_list_model.h"

namespace hearth::ui {

DownloadListModel::DownloadListModel(library::DownloadManager& manager, QObject* parent)
    : QAbstractListModel(parent), m_manager(manager) {
    m_rows = static_cast<int>(m_manager.downloads().size());
    connect(&m_manager, &library::DownloadManager::changed, this, &DownloadListModel::refresh);
}

// Rows only change in number on enqueue and cancel; otherwise every row may have moved on.
void DownloadListModel::refresh() {
    const auto rows = static_cast<int>(m_manager.downloads().size());
    if (rows != m_rows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    } else if (rows > 0) {
        emit dataChanged(index(0), index(rows - 1));
    }
}

int DownloadListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

QVariant DownloadListModel::data(const QModelIndex& index, int role) const {
    const auto& rows = m_manager.downloads();
    if (!index.isValid() || index.row() >= static_cast<int>(rows.size())) return {};
    const storage::QueuedDownload& d = rows[static_cast<size_t>(index.row())];
    const bool running = d.id == m_manager.activeId();
    switch (role) {
        case IdRole:
            return d.id;
        case TitleRole:
            return d.request.title.isEmpty() ? d.request.destination : d.request.title;
        case StateRole:
            return storage::downloadStateName(d.state);
        case ErrorRole:
            return d.error;
        case ReceivedRole:
            return d.receivedBytes;
        case TotalRole:
            return d.totalBytes;
        case ProgressRole:
            return d.totalBytes > 0
                       ? static_cast<double>(d.receivedBytes) / static_cast<double>(d.totalBytes)
                       : -1.0;
        case BytesPerSecondRole:
            return running ? m_manager.bytesPerSecond() : 0.0;
        case SecondsLeftRole:
            return running && m_manager.bytesPerSecond() > 0 && d.totalBytes > 0
                       ? static_cast<double>(d.totalBytes - d.receivedBytes) /
                             m_manager.bytesPerSecond()
                       : -1.0;
        default:
            return {};
    }
}

QHash<int, QByteArray> DownloadListModel::roleNames() const {
    return {{IdRole, "downloadId"},          {TitleRole, "title"},
            {StateRole, "downloadState"},    {ErrorRole, "error"},
            {ReceivedRole, "received"},      {TotalRole, "total"},
            {ProgressRole, "progress"},      {BytesPerSecondRole, "bytesPerSecond"},
            {SecondsLeftRole, "secondsLeft"}};
}

}  // namespace hearth::ui

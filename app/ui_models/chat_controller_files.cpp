// The Chat controller's Export… and Import…: files in, files out, nothing else touched.
#include <QFileInfo>

#include "storage/history_files.h"
#include "ui_models/chat_controller.h"

namespace hearth::ui {

namespace {

// File dialogs hand over URLs; the command line and tests may pass plain paths.
QString localPath(const QUrl& file) {
    return file.isLocalFile() ? file.toLocalFile() : file.toString();
}

}  // namespace

bool ChatController::exportTo(const QUrl& file, qint64 conversationId) {
    if (!m_history) return false;
    const QString path = localPath(file);
    if (const Status s = storage::writeExportFile(*m_history, path, conversationId); !s.ok()) {
        setNotice(tr("Export failed: %1").arg(QString::fromStdString(s.message())));
        return false;
    }
    setNotice(conversationId == 0 ? tr("Exported every conversation to %1").arg(path)
                                  : tr("Exported the conversation to %1").arg(path));
    return true;
}

bool ChatController::importFrom(const QUrl& file) {
    if (!m_history) return false;
    if (m_history->isReadOnly()) {
        setNotice(m_history->readOnlyReason());
        return false;
    }
    auto imported = storage::importExportFile(*m_history, localPath(file));
    if (!imported.ok()) {
        setNotice(tr("Nothing was imported: %1")
                      .arg(QString::fromStdString(imported.status().message())));
        return false;
    }
    refreshConversations();
    const auto count = static_cast<int>(imported->size());
    // An answer being written keeps its conversation on screen.
    if (count > 0 && !generating()) select(imported->front());
    const QString name = QFileInfo(localPath(file)).fileName();
    setNotice(count == 1 ? tr("Imported 1 conversation from %1").arg(name)
                         : tr("Imported %1 conversations from %2").arg(count).arg(name));
    return true;
}

}  // namespace hearth::ui

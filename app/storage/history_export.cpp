#include "storage/history_export.h"

namespace hearth::storage {

Result<std::vector<qint64>> exportedConversations(History& history, qint64 conversationId) {
    if (conversationId != 0) return std::vector<qint64>{conversationId};
    HEARTH_ASSIGN_OR_RETURN(const std::vector<ConversationSummary> list,
                            history.listConversations());
    std::vector<qint64> ids;
    for (const ConversationSummary& s : list) ids.push_back(s.id);
    return ids;
}

}  // namespace hearth::storage

// Export and import of the history.
//
// JSON (format version 1) holds whole conversations with their full message trees, for
// backups and moving to another machine:
//   {"format": "hearth-history", "version": 1, "conversations": [
//     {"id": 7, "title": "…", "pinned": false,
//      "created_at": "2024-05-01T10:00:00.000Z", "updated_at": "…",
//      "system_prompt": "…", "sampling": {…}, "model_path": "…",
//      "current_leaf": 42 | null,            // the message id of the branch on screen
//      "messages": [                          // parents before children (by id)
//        {"id": 41, "parent": null | id, "role": "system" | "user" | "assistant",
//         "content": "…", "reasoning": "…", "model": "…",
//         "state": "complete" | "generating" | "interrupted" | "error", "error": "…",
//         "created_at": "…", "prompt_tokens": n | null, "completion_tokens": n | null,
//         "time_to_first_token_ms": x | null, "tokens_per_second": x | null,
//         "reasoning_seconds": x | null}, …]}, …]}
// Ids are the exporting database's; they only link messages within the file. Times are UTC,
// ISO 8601 with milliseconds. Conversations in the trash are not exported. A later version
// may add keys (readers ignore unknown keys) and bumps "version" only for changes an older
// reader would get wrong.
//
// Markdown is for reading: each conversation's branch on screen, with reasoning in a
// <details> block.
#pragma once

#include <QByteArray>
#include <QString>
#include <vector>

#include "hearth/status.h"
#include "storage/history.h"

namespace hearth::storage {

inline constexpr int kHistoryExportVersion = 1;

// The conversations an export holds: `conversationId` alone, or (0) every conversation not in
// the trash, in the sidebar's order.
Result<std::vector<qint64>> exportedConversations(History& history, qint64 conversationId);

// conversationId 0: every conversation not in the trash, in the sidebar's order.
Result<QByteArray> exportJson(History& history, qint64 conversationId = 0);
Result<QString> exportMarkdown(History& history, qint64 conversationId = 0);

// Adds the file's conversations as new ones (new ids; nothing existing is touched), all in one
// transaction: malformed input imports nothing and says what is wrong and where. An answer
// saved while still generating comes back 'interrupted'. Returns the new conversations' ids.
Result<std::vector<qint64>> importJson(History& history, const QByteArray& json);

}  // namespace hearth::storage

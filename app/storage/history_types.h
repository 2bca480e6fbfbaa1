// The values History reads and writes (see history.h). Ids are SQLite rowids; 0 means none.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

namespace hearth::storage {

enum class Role { System, User, Assistant };
// Generating: still being written (streamed); Interrupted: the app stopped (or crashed) before
// it finished, what was written is kept; Error: generation failed, `error` says why.
enum class MessageState { Complete, Generating, Interrupted, Error };

QString roleName(Role role);  // "system", "user", "assistant"
std::optional<Role> roleFromName(const QString& name);
QString stateName(MessageState state);  // "complete", "generating", ...
std::optional<MessageState> stateFromName(const QString& name);

struct ConversationSettings {
    QString systemPrompt;
    QJsonObject sampling;  // {"temperature":0.6,"top_p":0.95,...}: the chat controller's keys
    QString modelPath;
};

struct Conversation {
    qint64 id = 0;
    QString title;
    bool pinned = false;
    QDateTime createdAt;
    QDateTime updatedAt;                 // the latest message's time, or creation: the list's order
    std::optional<QDateTime> deletedAt;  // set while in the trash
    ConversationSettings settings;
    qint64 currentLeafId = 0;  // the last message of the branch on screen
};

// One row of the sidebar. `group` is the heading it sits under (see date_group.h).
struct ConversationSummary {
    qint64 id = 0;
    QString title;
    bool pinned = false;
    QDateTime updatedAt;
    QString group;
};

enum class ConversationList { Active, Trash };

struct NewConversation {
    QString title;
    ConversationSettings settings;
    bool pinned = false;
    std::optional<QDateTime> createdAt;  // import only: default now
    std::optional<QDateTime> updatedAt;  // import only: default createdAt
};

// Generation statistics of an answer; unset when unknown (user messages, interrupted answers).
struct MessageStats {
    std::optional<qint64> promptTokens;
    std::optional<qint64> completionTokens;
    std::optional<double> timeToFirstTokenMs;
    std::optional<double> tokensPerSecond;
    std::optional<double> reasoningSeconds;  // the "Thought for N s" block
};

struct Message {
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 parentId = 0;  // 0: a root
    Role role = Role::User;
    QString content;    // the answer (or the user's text)
    QString reasoning;  // an R1 model's thinking, kept apart from the answer
    QString model;      // the model that wrote it (assistant messages)
    MessageStats stats;
    MessageState state = MessageState::Complete;
    QString error;  // why, when state is Error
    QDateTime createdAt;
    // Filled by currentPath() only: where this message sits among its siblings (‹ 2/3 ›:
    // siblingIndex 1, siblingCount 3).
    int siblingIndex = 0;
    int siblingCount = 1;
};

struct NewMessage {
    qint64 parentId = 0;  // 0: a root
    Role role = Role::User;
    QString content;
    QString reasoning;
    QString model;
    MessageState state = MessageState::Complete;  // Generating for an answer about to stream
    MessageStats stats;
    QString error;
    std::optional<QDateTime> createdAt;  // import only: default now
};

struct FinishedMessage {
    QString content;  // the final text: what streamed after the last update is not lost
    QString reasoning;
    MessageState state = MessageState::Complete;  // Complete, Interrupted (stopped) or Error
    MessageStats stats;
    QString error;
};

// The messages sharing a parent (or the roots of a conversation), oldest first.
struct Siblings {
    std::vector<qint64> ids;
    int index = 0;  // of the message asked about
};

// A search result. `snippet` is a short excerpt of the content or reasoning with each hit
// between U+0001 and U+0002 (never found in chat text); highlightedHtml() makes HTML of it.
struct SearchHit {
    qint64 conversationId = 0;
    qint64 messageId = 0;
    QString conversationTitle;
    Role role = Role::User;
    QString snippet;
    double rank = 0;  // bm25: lower is better
};

}  // namespace hearth::storage

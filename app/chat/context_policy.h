// What to do when a conversation no longer fits the context: never truncate silently. The
// worker refuses a request that does not fit (InferenceWorker::contextFull); the UI then asks,
// or drops the oldest turns with dropOldestTurns and says so in the view.
#pragma once

#include <QList>

#include <functional>

#include "chat/chat_types.h"

namespace hearth::chat {

// Tokens a request needs: its prompt and room for its answer (maxTokens 0, "until the context
// is full", needs room for one token at least).
bool promptFits(int promptTokens, int maxTokens, int contextLength);

// The prompt tokens of some turns, or a negative number when they cannot be counted.
using TurnTokenCounter = std::function<int(const QList<ChatTurn>&)>;

struct TurnDrop {
    int dropped = 0;        // turns removed
    bool fits = false;      // the turns left fit tokenBudget
    int promptTokens = -1;  // of the turns left, as the counter said
};

// Removes the oldest user turns and the assistant turns answering them, one exchange at a time,
// until `countTokens(turns)` is at most tokenBudget. Leading system turns and the last user turn
// (with anything after it) are never removed: when even they do not fit, `fits` is false.
TurnDrop dropOldestTurns(QList<ChatTurn>& turns, int tokenBudget,
                         const TurnTokenCounter& countTokens);

}  // namespace hearth::chat

#include "chat/context_policy.h"

#include <algorithm>

namespace hearth::chat {

namespace {

const QString kSystem = QStringLiteral("system");
const QString kUser = QStringLiteral("user");

}  // namespace

bool promptFits(int promptTokens, int maxTokens, int contextLength) {
    return static_cast<qint64>(promptTokens) + std::max(maxTokens, 1) <= contextLength;
}

TurnDrop dropOldestTurns(QList<ChatTurn>& turns, int tokenBudget,
                         const TurnTokenCounter& countTokens) {
    TurnDrop result;
    qsizetype first = 0;  // the first turn that may go: after the leading system turns
    while (first < turns.size() && turns[first].role == kSystem) ++first;
    for (;;) {
        result.promptTokens = countTokens(turns);
        result.fits = result.promptTokens >= 0 && result.promptTokens <= tokenBudget;
        if (result.fits || result.promptTokens < 0) return result;
        qsizetype lastUser = turns.size() - 1;
        while (lastUser >= first && turns[lastUser].role != kUser) --lastUser;
        if (first >= lastUser) return result;  // nothing left that may go
        // One exchange: the oldest turn and whatever answers it, up to the next user turn.
        qsizetype end = first + 1;
        while (end < lastUser && turns[end].role != kUser) ++end;
        result.dropped += static_cast<int>(end - first);
        turns.remove(first, end - first);
    }
}

}  // namespace hearth::chat

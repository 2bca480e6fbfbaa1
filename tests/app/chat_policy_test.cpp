// The inference worker's pure parts: which turns go when a conversation no longer fits, how
// streamed text is batched for the GUI, and how much of a cached prompt a new one shares.
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "chat/context_policy.h"
#include "chat/session_cache.h"
#include "chat/token_batcher.h"

namespace hearth::chat {
namespace {

ChatTurn turn(const char* role, const char* content) {
    return {QString::fromLatin1(role), QString::fromLatin1(content)};
}

// Ten tokens a turn, and five for the generation prompt.
int tenPerTurn(const QList<ChatTurn>& turns) {
    return 5 + 10 * static_cast<int>(turns.size());
}

TEST(ContextPolicy, TurnsThatFitAreKept) {
    QList<ChatTurn> turns = {turn("user", "a"), turn("assistant", "b"), turn("user", "c")};
    const TurnDrop drop = dropOldestTurns(turns, 100, tenPerTurn);
    EXPECT_TRUE(drop.fits);
    EXPECT_EQ(drop.dropped, 0);
    EXPECT_EQ(drop.promptTokens, 35);
    EXPECT_EQ(turns.size(), 3);
}

TEST(ContextPolicy, TheOldestExchangesGoFirstAndTheSystemPromptStays) {
    QList<ChatTurn> turns = {turn("system", "s"), turn("user", "u1"),      turn("assistant", "a1"),
                             turn("user", "u2"),  turn("assistant", "a2"), turn("user", "u3")};
    const TurnDrop drop = dropOldestTurns(turns, 50, tenPerTurn);  // four turns fit at most
    EXPECT_TRUE(drop.fits);
    EXPECT_EQ(drop.dropped, 2);
    EXPECT_EQ(drop.promptTokens, 45);
    const QList<ChatTurn> expected = {turn("system", "s"), turn("user", "u2"),
                                      turn("assistant", "a2"), turn("user", "u3")};
    EXPECT_EQ(turns, expected);
}

TEST(ContextPolicy, TheLastUserTurnIsNeverDropped) {
    QList<ChatTurn> turns = {turn("system", "s"), turn("user", "u1"), turn("assistant", "a1"),
                             turn("user", "u2")};
    const TurnDrop drop = dropOldestTurns(turns, 20, tenPerTurn);
    EXPECT_FALSE(drop.fits);
    EXPECT_EQ(drop.dropped, 2);
    const QList<ChatTurn> expected = {turn("system", "s"), turn("user", "u2")};
    EXPECT_EQ(turns, expected);
}

TEST(ContextPolicy, AnUncountablePromptDropsNothing) {
    QList<ChatTurn> turns = {turn("user", "u1"), turn("assistant", "a1"), turn("user", "u2")};
    const TurnDrop drop = dropOldestTurns(turns, 10, [](const QList<ChatTurn>&) { return -1; });
    EXPECT_FALSE(drop.fits);
    EXPECT_EQ(drop.dropped, 0);
    EXPECT_EQ(turns.size(), 3);
}

TEST(ContextPolicy, APromptFitsWithRoomForItsAnswer) {
    EXPECT_TRUE(promptFits(100, 28, 128));
    EXPECT_FALSE(promptFits(100, 29, 128));
    EXPECT_TRUE(promptFits(127, 0, 128));  // "until the context is full": one token at least
    EXPECT_FALSE(promptFits(128, 0, 128));
}

TEST(TokenBatcher, TheFirstTextLeavesAtOnceAndTheRestOncePerInterval) {
    using namespace std::chrono_literals;
    TokenBatcher batcher(16ms);
    const auto t0 = TokenBatcher::Clock::now();
    EXPECT_FALSE(batcher.due(t0));  // nothing waiting
    batcher.add({"think", ""});
    EXPECT_TRUE(batcher.due(t0));
    const TokenBatcher::Batch first = batcher.take(t0);
    EXPECT_EQ(first.reasoning, QStringLiteral("think"));
    EXPECT_TRUE(first.answer.isEmpty());
    batcher.add({"", "Hel"});
    batcher.add({"", "lo ☀"});
    EXPECT_FALSE(batcher.due(t0 + 15ms));
    EXPECT_TRUE(batcher.due(t0 + 16ms));
    EXPECT_EQ(batcher.take(t0 + 16ms).answer, QStringLiteral("Hello ☀"));
    EXPECT_TRUE(batcher.empty());
}

TEST(SessionCache, CommonPrefixLength) {
    const std::vector<int32_t> cached = {1, 2, 3, 4, 5};
    EXPECT_EQ(commonPrefixLength(cached, std::vector<int32_t>{1, 2, 3, 4, 5, 6, 7}), 5u);
    EXPECT_EQ(commonPrefixLength(cached, std::vector<int32_t>{1, 2, 9}), 2u);
    EXPECT_EQ(commonPrefixLength(cached, std::vector<int32_t>{}), 0u);
    EXPECT_EQ(commonPrefixLength(cached, cached), 5u);
}

}  // namespace
}  // namespace hearth::chat

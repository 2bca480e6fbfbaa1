// Conversations and their message trees: branches by edit and regenerate, switching between
// them, the path on screen, streaming answers, soft delete with undo, pinning and ordering.
#include "storage/date_group.h"
#include "storage_test_support.h"

namespace hearth::storage::testing {
namespace {

class TreeTest : public HistoryTest {};

std::vector<QString> contents(const std::vector<Message>& path) {
    std::vector<QString> out;
    for (const Message& m : path) out.push_back(m.content);
    return out;
}

TEST_F(TreeTest, PathFollowsTheLatestMessage) {
    auto h = open();
    const qint64 c = h->createConversation({.title = QStringLiteral("Chat")}).value();
    const qint64 q = addMessage(*h, c, 0, Role::User, QStringLiteral("question"));
    addMessage(*h, c, q, Role::Assistant, QStringLiteral("answer"));
    auto path = h->currentPath(c);
    ASSERT_OK(path);
    EXPECT_EQ(contents(*path), (std::vector<QString>{"question", "answer"}));
    EXPECT_EQ((*path)[1].parentId, (*path)[0].id);
}

TEST_F(TreeTest, RegenerateAddsASiblingAndKeepsTheOldAnswer) {
    auto h = open();
    const qint64 c = h->createConversation().value();
    const qint64 q = addMessage(*h, c, 0, Role::User, QStringLiteral("question"));
    const qint64 a1 = addMessage(*h, c, q, Role::Assistant, QStringLiteral("first answer"));
    const qint64 a2 = addMessage(*h, c, q, Role::Assistant, QStringLiteral("second answer"));

    auto path = h->currentPath(c);
    ASSERT_OK(path);
    EXPECT_EQ(contents(*path), (std::vector<QString>{"question", "second answer"}));
    EXPECT_EQ((*path)[1].siblingIndex, 1);
    EXPECT_EQ((*path)[1].siblingCount, 2);
    auto siblings = h->siblings(a1);
    ASSERT_OK(siblings);
    EXPECT_EQ(siblings->ids, (std::vector<qint64>{a1, a2}));
    EXPECT_EQ(siblings->index, 0);
    EXPECT_EQ(h->message(a1)->content, QStringLiteral("first answer"));
}

TEST_F(TreeTest, EditingARootMessageBranchesAtTheRoot) {
    auto h = open();
    const qint64 c = h->createConversation().value();
    const qint64 q1 = addMessage(*h, c, 0, Role::User, QStringLiteral("original"));
    addMessage(*h, c, q1, Role::Assistant, QStringLiteral("reply to original"));
    const qint64 q2 = addMessage(*h, c, 0, Role::User, QStringLiteral("edited"));
    addMessage(*h, c, q2, Role::Assistant, QStringLiteral("reply to edited"));

    EXPECT_EQ(contents(h->currentPath(c).value()),
              (std::vector<QString>{"edited", "reply to edited"}));
    auto siblings = h->siblings(q2);
    ASSERT_OK(siblings);
    EXPECT_EQ(siblings->ids, (std::vector<qint64>{q1, q2}));
    EXPECT_EQ(siblings->index, 1);
}

TEST_F(TreeTest, SelectingABranchShowsItsMostRecentLeaf) {
    auto h = open();
    const qint64 c = h->createConversation().value();
    const qint64 q1 = addMessage(*h, c, 0, Role::User, QStringLiteral("q1"));
    const qint64 a1 = addMessage(*h, c, q1, Role::Assistant, QStringLiteral("a1"));
    const qint64 q2 = addMessage(*h, c, a1, Role::User, QStringLiteral("q2"));
    addMessage(*h, c, q2, Role::Assistant, QStringLiteral("a2 old"));
    const qint64 a2new = addMessage(*h, c, q2, Role::Assistant, QStringLiteral("a2 new"));
    addMessage(*h, c, a1, Role::User, QStringLiteral("q2 edited"));  // now on screen

    auto leaf = h->selectBranch(q2);
    ASSERT_OK(leaf);
    EXPECT_EQ(*leaf, a2new);
    EXPECT_EQ(h->conversation(c)->currentLeafId, a2new);
    EXPECT_EQ(contents(h->currentPath(c).value()),
              (std::vector<QString>{"q1", "a1", "q2", "a2 new"}));
}

TEST_F(TreeTest, BranchChoiceSurvivesReopening) {
    qint64 c = 0, a1 = 0;
    {
        auto h = open();
        c = h->createConversation().value();
        const qint64 q = addMessage(*h, c, 0, Role::User, QStringLiteral("q"));
        a1 = addMessage(*h, c, q, Role::Assistant, QStringLiteral("a1"));
        addMessage(*h, c, q, Role::Assistant, QStringLiteral("a2"));
        ASSERT_OK(h->selectBranch(a1));
    }
    auto h = open();
    EXPECT_EQ(contents(h->currentPath(c).value()), (std::vector<QString>{"q", "a1"}));
}

TEST_F(TreeTest, AParentFromAnotherConversationIsRefused) {
    auto h = open();
    const qint64 c1 = h->createConversation().value();
    const qint64 c2 = h->createConversation().value();
    const qint64 q = addMessage(*h, c1, 0, Role::User, QStringLiteral("q"));
    auto r = h->addMessage(c2, {.parentId = q, .role = Role::Assistant});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("not in conversation"), std::string::npos);
    EXPECT_TRUE(h->allMessages(c2)->empty());
}

TEST_F(TreeTest, AMessageInAMissingConversationIsRefusedInWords) {
    auto h = open();
    auto r = h->addMessage(4242, {.role = Role::User, .content = QStringLiteral("x")});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(), "there is no conversation 4242");
}

TEST_F(TreeTest, StreamingUpdatesThenFinishStoreAnswerReasoningAndStats) {
    auto h = open();
    const qint64 c = h->createConversation().value();
    const qint64 q = addMessage(*h, c, 0, Role::User, QStringLiteral("q"));
    auto a = h->addMessage(c, {.parentId = q,
                               .role = Role::Assistant,
                               .model = QStringLiteral("r1.gguf"),
                               .state = MessageState::Generating});
    ASSERT_OK(a);
    ASSERT_OK(h->updateGenerating(*a, QString(), QStringLiteral("thinking")));
    ASSERT_OK(h->updateGenerating(*a, QStringLiteral("Hel"), QStringLiteral("thinking done")));
    EXPECT_EQ(h->message(*a)->content, QStringLiteral("Hel"));

    FinishedMessage f{.content = QStringLiteral("Hello"),
                      .reasoning = QStringLiteral("thinking done")};
    f.stats = {.promptTokens = 12,
               .completionTokens = 40,
               .timeToFirstTokenMs = 85.5,
               .tokensPerSecond = 31.25,
               .reasoningSeconds = 4.0};
    ASSERT_OK(h->finishMessage(*a, f));
    auto m = h->message(*a);
    ASSERT_OK(m);
    EXPECT_EQ(m->content, QStringLiteral("Hello"));
    EXPECT_EQ(m->reasoning, QStringLiteral("thinking done"));
    EXPECT_EQ(m->model, QStringLiteral("r1.gguf"));
    EXPECT_EQ(m->state, MessageState::Complete);
    EXPECT_EQ(m->stats.completionTokens, 40);
    EXPECT_EQ(m->stats.tokensPerSecond, 31.25);
    EXPECT_EQ(m->stats.reasoningSeconds, 4.0);
    // A finished answer is never rewritten.
    EXPECT_FALSE(h->updateGenerating(*a, QStringLiteral("again"), QString()).ok());
}

TEST_F(TreeTest, AnAnswerLeftGeneratingIsInterruptedOnTheNextOpen) {
    qint64 a = 0;
    {
        auto h = open();
        const qint64 c = h->createConversation().value();
        a = h->addMessage(c, {.role = Role::Assistant, .state = MessageState::Generating}).value();
        ASSERT_OK(h->updateGenerating(a, QStringLiteral("partial"), QString()));
    }
    auto h = open();
    EXPECT_EQ(h->interruptedOnOpen(), 1);
    EXPECT_EQ(h->message(a)->state, MessageState::Interrupted);
    EXPECT_EQ(h->message(a)->content, QStringLiteral("partial"));
}

TEST_F(TreeTest, SoftDeleteHidesAndRestoreBringsBack) {
    auto h = open();
    const qint64 c = h->createConversation({.title = QStringLiteral("Keep me")}).value();
    addMessage(*h, c, 0, Role::User, QStringLiteral("hello"));
    ASSERT_OK(h->deleteConversation(c));
    EXPECT_TRUE(h->listConversations()->empty());
    ASSERT_EQ(h->listConversations(ConversationList::Trash)->size(), 1u);
    EXPECT_TRUE(h->conversation(c)->deletedAt.has_value());

    ASSERT_OK(h->restoreConversation(c));
    ASSERT_EQ(h->listConversations()->size(), 1u);
    EXPECT_EQ(contents(h->currentPath(c).value()), (std::vector<QString>{"hello"}));
}

TEST_F(TreeTest, PurgeRemovesTheConversationAndAllItsMessages) {
    auto h = open();
    const qint64 c = h->createConversation().value();
    qint64 parent = 0;
    for (int i = 0; i < 1500; ++i)  // deeper than SQLite's trigger depth limit (1000)
        parent = addMessage(*h, c, parent, i % 2 ? Role::Assistant : Role::User,
                            QStringLiteral("m%1").arg(i));
    ASSERT_OK(h->purgeConversation(c));
    EXPECT_FALSE(h->conversation(c).ok());
    EXPECT_FALSE(h->message(parent).ok());
    EXPECT_TRUE(h->search(QStringLiteral("m1499"))->empty());
}

TEST_F(TreeTest, PinnedComeFirstThenMostRecentlyActive) {
    auto h = open();
    const qint64 older = h->createConversation({.title = QStringLiteral("older")}).value();
    const qint64 pinned = h->createConversation({.title = QStringLiteral("pinned")}).value();
    const qint64 newer = h->createConversation({.title = QStringLiteral("newer")}).value();
    ASSERT_OK(h->setPinned(pinned, true));
    addMessage(*h, older, 0, Role::User, QStringLiteral("bump"));  // now the most recent

    auto list = h->listConversations();
    ASSERT_OK(list);
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[0].id, pinned);
    EXPECT_EQ((*list)[0].group, QStringLiteral("Pinned"));
    EXPECT_EQ((*list)[1].id, older);
    EXPECT_EQ((*list)[2].id, newer);
    EXPECT_EQ((*list)[1].group, QStringLiteral("Today"));
}

TEST_F(TreeTest, RenameAndSettingsAreSavedWithoutReordering) {
    auto h = open();
    const qint64 c = h->createConversation().value();
    const QDateTime before = h->conversation(c)->updatedAt;
    ASSERT_OK(h->renameConversation(c, QStringLiteral("Renamed")));
    ConversationSettings s{.systemPrompt = QStringLiteral("Be brief."),
                           .sampling = {{QStringLiteral("temperature"), 0.6}},
                           .modelPath = QStringLiteral("/models/r1.gguf")};
    ASSERT_OK(h->setSettings(c, s));
    auto conversation = h->conversation(c);
    ASSERT_OK(conversation);
    EXPECT_EQ(conversation->title, QStringLiteral("Renamed"));
    EXPECT_EQ(conversation->settings.systemPrompt, QStringLiteral("Be brief."));
    EXPECT_EQ(conversation->settings.sampling.value(QStringLiteral("temperature")).toDouble(), 0.6);
    EXPECT_EQ(conversation->settings.modelPath, QStringLiteral("/models/r1.gguf"));
    EXPECT_EQ(conversation->updatedAt, before);
    EXPECT_EQ(h->renameConversation(999, QStringLiteral("x")).message(),
              "there is no conversation 999");
}

TEST(DateGroupTest, HeadingsByAge) {
    const QDateTime now(QDate(2024, 5, 20), QTime(12, 0));
    EXPECT_EQ(dateGroup(now.addSecs(-3600), now), QStringLiteral("Today"));
    EXPECT_EQ(dateGroup(now.addDays(-1), now), QStringLiteral("Yesterday"));
    EXPECT_EQ(dateGroup(now.addDays(-6), now), QStringLiteral("Previous 7 days"));
    EXPECT_EQ(dateGroup(now.addDays(-25), now), QStringLiteral("Previous 30 days"));
    EXPECT_EQ(dateGroup(now.addDays(-60), now), QStringLiteral("March"));
    EXPECT_EQ(dateGroup(now.addYears(-1), now), QStringLiteral("May 2023"));
    EXPECT_EQ(dateGroup(now.addYears(-1), now, true), QStringLiteral("Pinned"));
}

}  // namespace
}  // namespace hearth::storage::testing

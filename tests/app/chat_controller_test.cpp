// The Chat controller (ui_models/chat_controller.h) as the window drives it, over a history
// database in a temporary folder and a small random-weight model with R1-Distill-Qwen's
// vocabulary and chat template: sending, branches, stop, the conversation list, search and
// the context policy. Needs a Vulkan device (lavapipe will do) and the npm reference packages
// for the vocabulary; without them the tests skip, unless CI is set, where they fail.
#include <gtest/gtest.h>

#include <unistd.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <cstdlib>
#include <filesystem>

#include "storage/history.h"
#include "support/tiny_models.h"
#include "ui_models/chat_controller.h"
#include "worker_probe.h"

namespace hearth::ui {
namespace {

using chat::testing::WorkerProbe;
using storage::MessageState;
using storage::Role;

std::filesystem::path scratchDir() {
    return std::filesystem::temp_directory_path() /
           ("hearth-controller-test-" + std::to_string(::getpid()));
}

std::filesystem::path writeR1Model(std::string* skipReason) {
    return hearth::testing::writeTinyR1Model(scratchDir(), HEARTH_R1_TEMPLATE, skipReason);
}

class ChatControllerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_model = writeR1Model(&s_skipReason); }
    static void TearDownTestSuite() { std::filesystem::remove_all(scratchDir()); }

    void SetUp() override {
        if (s_model.empty()) {
            if (std::getenv("CI") != nullptr) FAIL() << s_skipReason;
            GTEST_SKIP() << s_skipReason;
        }
        ASSERT_TRUE(dir.isValid());
        qputenv("HEARTH_HOME", dir.filePath(QStringLiteral("home")).toUtf8());
        chat = std::make_unique<ChatController>(dbPath());
        ASSERT_TRUE(chat->notice().isEmpty()) << qPrintable(chat->notice());
        chat->loadModel(modelPath());
        ASSERT_TRUE(WorkerProbe::waitFor([&] { return !chat->loadingModel(); }));
        ASSERT_TRUE(chat->modelLoaded()) << qPrintable(chat->modelError());
    }

    void TearDown() override { chat.reset(); }

    QString dbPath() const { return dir.filePath(QStringLiteral("history.db")); }
    static QString modelPath() { return QString::fromStdString(s_model.string()); }

    // A second connection to the controller's database, as another reader would open it.
    std::unique_ptr<storage::History> openHistory() {
        auto history = storage::History::open(dbPath());
        EXPECT_TRUE(history.ok()) << history.status().message();
        return history.ok() ? std::move(history).value() : nullptr;
    }

    // Puts `sampling` (the controller's keys) into the conversation's settings.
    void setSampling(qint64 conversationId, const QJsonObject& sampling) {
        auto history = openHistory();
        ASSERT_TRUE(history);
        auto conversation = history->conversation(conversationId);
        ASSERT_TRUE(conversation.ok()) << conversation.status().message();
        storage::ConversationSettings settings = conversation->settings;
        settings.sampling = sampling;
        ASSERT_TRUE(history->setSettings(conversationId, settings).ok());
    }

    // A new conversation with short greedy answers, on screen: what send() then adds to.
    qint64 shortAnswersConversation(int maxTokens = 12) {
        auto history = openHistory();
        if (!history) return 0;
        storage::NewConversation conversation;
        conversation.title = QStringLiteral("Short answers");
        conversation.settings.modelPath = modelPath();
        conversation.settings.sampling = {{QStringLiteral("temperature"), 0},
                                          {QStringLiteral("max_tokens"), maxTokens}};
        auto id = history->createConversation(conversation);
        EXPECT_TRUE(id.ok()) << id.status().message();
        chat->select(id.value());
        return id.value();
    }

    // Runs the event loop until the answer in progress finishes; returns its id (0: none).
    qint64 waitForAnswer() {
        QSignalSpy finished(chat.get(), &ChatController::answerFinished);
        if (!chat->generating()) return 0;
        if (!finished.wait(120'000)) return 0;
        return finished.takeFirst().at(0).toLongLong();
    }

    qint64 ask(const QString& question) {
        chat->send(question);
        EXPECT_TRUE(chat->generating());
        return waitForAnswer();
    }

    const std::vector<storage::Message>& shown() const { return chat->messages()->messages(); }

    int rowOf(qint64 conversationId) const {
        const ConversationListModel* list = chat->conversations();
        for (int row = 0; row < list->rowCount(); ++row)
            if (list->data(list->index(row), ConversationListModel::IdRole).toLongLong() ==
                conversationId)
                return row;
        return -1;
    }

    static inline std::filesystem::path s_model;
    static inline std::string s_skipReason;
    QTemporaryDir dir;
    std::unique_ptr<ChatController> chat;
};

TEST_F(ChatControllerTest, LoadingAModelFillsItsNameDetailsAndContext) {
    EXPECT_FALSE(chat->modelName().isEmpty());
    EXPECT_TRUE(chat->modelDetails().contains(QStringLiteral("qwen2")))
        << qPrintable(chat->modelDetails());
    EXPECT_GT(chat->contextLength(), 0);
    EXPECT_TRUE(chat->modelError().isEmpty());
    EXPECT_DOUBLE_EQ(chat->loadProgress(), 1.0);
}

TEST_F(ChatControllerTest, AFileThatIsNoModelSetsModelErrorAndKeepsThePreviousModel) {
    const QString name = chat->modelName();
    const QString notGguf = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(notGguf);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("these are not the weights you are looking for\n");
    file.close();
    chat->loadModel(notGguf);
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return !chat->loadingModel(); }));
    EXPECT_FALSE(chat->modelError().isEmpty());
    EXPECT_TRUE(chat->modelLoaded());
    EXPECT_EQ(chat->modelName(), name);
    // And it still answers.
    shortAnswersConversation();
    EXPECT_NE(ask(QStringLiteral("Still there?")), 0);
    EXPECT_EQ(shown().back().state, MessageState::Complete);
}

TEST_F(ChatControllerTest, SendingInANewChatCreatesAConversationTitledByTheQuestion) {
    ASSERT_EQ(chat->currentConversation(), 0);
    chat->send(QStringLiteral("What is 2+3?"));
    EXPECT_TRUE(chat->generating());
    ASSERT_NE(chat->currentConversation(), 0);
    EXPECT_EQ(chat->currentTitle(), QStringLiteral("What is 2+3?"));
    EXPECT_EQ(rowOf(chat->currentConversation()), 0);
    // The model's default answer may be long: stop it; the title stays.
    chat->stop();
    ASSERT_NE(waitForAnswer(), 0);
    auto history = openHistory();
    ASSERT_TRUE(history);
    auto conversation = history->conversation(chat->currentConversation());
    ASSERT_TRUE(conversation.ok());
    EXPECT_EQ(conversation->title, QStringLiteral("What is 2+3?"));
    EXPECT_EQ(conversation->settings.modelPath, modelPath());
}

TEST_F(ChatControllerTest, SendStreamsACompleteAnswerIntoTheHistory) {
    const qint64 conversationId = shortAnswersConversation();
    QSignalSpy generating(chat.get(), &ChatController::generatingChanged);
    const qint64 answerId = ask(QStringLiteral("What is 2+3?"));
    ASSERT_NE(answerId, 0);
    EXPECT_FALSE(chat->generating());
    EXPECT_GE(generating.count(), 2);  // on, then off

    ASSERT_EQ(shown().size(), 2u);
    const storage::Message& user = shown()[0];
    const storage::Message& answer = shown()[1];
    EXPECT_EQ(user.role, Role::User);
    EXPECT_EQ(user.content, QStringLiteral("What is 2+3?"));
    EXPECT_EQ(answer.id, answerId);
    EXPECT_EQ(answer.role, Role::Assistant);
    EXPECT_EQ(answer.parentId, user.id);
    EXPECT_EQ(answer.state, MessageState::Complete);
    EXPECT_FALSE(answer.content.isEmpty() && answer.reasoning.isEmpty());
    ASSERT_TRUE(answer.stats.completionTokens.has_value());
    EXPECT_GT(*answer.stats.completionTokens, 0);
    EXPECT_LE(*answer.stats.completionTokens, 12);
    EXPECT_EQ(answer.model, chat->modelName());
    EXPECT_EQ(chat->lastAnswer(), answer.content);

    // The same, read back from the database by another connection.
    auto history = openHistory();
    ASSERT_TRUE(history);
    auto path = history->currentPath(conversationId);
    ASSERT_TRUE(path.ok());
    ASSERT_EQ(path->size(), 2u);
    EXPECT_EQ((*path)[0].content, QStringLiteral("What is 2+3?"));
    EXPECT_EQ((*path)[1].id, answerId);
    EXPECT_EQ((*path)[1].state, MessageState::Complete);
    EXPECT_EQ((*path)[1].content, answer.content);
    EXPECT_EQ((*path)[1].reasoning, answer.reasoning);
}

TEST_F(ChatControllerTest, RegenerateAddsASiblingAnswerAndSwitchBranchMovesBetweenThem) {
    shortAnswersConversation();
    const qint64 first = ask(QStringLiteral("What is 2+3?"));
    ASSERT_NE(first, 0);
    chat->regenerate(first);
    const qint64 second = waitForAnswer();
    ASSERT_NE(second, 0);
    ASSERT_NE(second, first);
    ASSERT_EQ(shown().size(), 2u);
    EXPECT_EQ(shown()[1].id, second);
    EXPECT_EQ(shown()[1].siblingCount, 2);
    EXPECT_EQ(shown()[1].siblingIndex, 1);
    EXPECT_EQ(shown()[1].state, MessageState::Complete);

    chat->switchBranch(second, -1);
    ASSERT_EQ(shown().size(), 2u);
    EXPECT_EQ(shown()[1].id, first);
    EXPECT_EQ(shown()[1].siblingIndex, 0);
    chat->switchBranch(first, -1);  // already the first: nothing moves
    EXPECT_EQ(shown()[1].id, first);
    chat->switchBranch(first, +1);
    EXPECT_EQ(shown()[1].id, second);
}

TEST_F(ChatControllerTest, EditAddsASiblingQuestionWithANewAnswerAndKeepsTheOldBranch) {
    shortAnswersConversation();
    const qint64 firstAnswer = ask(QStringLiteral("What is 2+3?"));
    ASSERT_NE(firstAnswer, 0);
    const qint64 question = shown()[0].id;
    chat->edit(question, QStringLiteral("What is 3+4?"));
    const qint64 newAnswer = waitForAnswer();
    ASSERT_NE(newAnswer, 0);
    ASSERT_EQ(shown().size(), 2u);
    EXPECT_NE(shown()[0].id, question);
    EXPECT_EQ(shown()[0].content, QStringLiteral("What is 3+4?"));
    EXPECT_EQ(shown()[0].siblingCount, 2);
    EXPECT_EQ(shown()[1].id, newAnswer);
    EXPECT_EQ(shown()[1].parentId, shown()[0].id);

    chat->switchBranch(shown()[0].id, -1);
    ASSERT_EQ(shown().size(), 2u);
    EXPECT_EQ(shown()[0].id, question);
    EXPECT_EQ(shown()[0].content, QStringLiteral("What is 2+3?"));
    EXPECT_EQ(shown()[1].id, firstAnswer);
}

TEST_F(ChatControllerTest, StopEndsTheAnswerAsInterruptedAndKeepsWhatStreamed) {
    shortAnswersConversation(2000);
    chat->send(QStringLiteral("Tell me a long story."));
    ASSERT_TRUE(chat->generating());
    // Stop as the first tokens arrive.
    ASSERT_TRUE(WorkerProbe::waitFor([&] {
        return !shown().empty() &&
               !(shown().back().content.isEmpty() && shown().back().reasoning.isEmpty());
    }));
    chat->stop();
    const qint64 answerId = waitForAnswer();
    ASSERT_NE(answerId, 0);
    EXPECT_FALSE(chat->generating());
    ASSERT_EQ(shown().back().id, answerId);
    EXPECT_EQ(shown().back().state, MessageState::Interrupted);
    EXPECT_FALSE(shown().back().content.isEmpty() && shown().back().reasoning.isEmpty());
    auto history = openHistory();
    ASSERT_TRUE(history);
    auto stored = history->message(answerId);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->state, MessageState::Interrupted);
    ASSERT_TRUE(stored->stats.completionTokens.has_value());
    EXPECT_LT(*stored->stats.completionTokens, 2000);
}

TEST_F(ChatControllerTest, RemoveThenUndoBringsTheConversationBack) {
    const qint64 id = shortAnswersConversation();
    ASSERT_NE(ask(QStringLiteral("What is 2+3?")), 0);
    ASSERT_GE(rowOf(id), 0);
    chat->remove(id);
    EXPECT_EQ(rowOf(id), -1);
    EXPECT_EQ(chat->currentConversation(), 0);
    EXPECT_TRUE(chat->canUndo());
    chat->undoRemove();
    EXPECT_FALSE(chat->canUndo());
    EXPECT_GE(rowOf(id), 0);
    EXPECT_EQ(chat->currentConversation(), id);
    EXPECT_EQ(shown().size(), 2u);
}

TEST_F(ChatControllerTest, RenameAndPinShowInTheConversationList) {
    const qint64 first = shortAnswersConversation();
    ASSERT_NE(ask(QStringLiteral("What is 2+3?")), 0);
    const qint64 second = shortAnswersConversation();
    ASSERT_NE(ask(QStringLiteral("What is 3+4?")), 0);
    ASSERT_GE(rowOf(second), 0);

    chat->rename(first, QStringLiteral("  Sums  "));
    const ConversationListModel* list = chat->conversations();
    EXPECT_EQ(list->data(list->index(rowOf(first)), ConversationListModel::TitleRole).toString(),
              QStringLiteral("Sums"));
    chat->rename(first, QStringLiteral("   "));  // an empty title is refused
    EXPECT_EQ(list->titleOf(first), QStringLiteral("Sums"));

    chat->togglePin(first);
    EXPECT_EQ(rowOf(first), 0);  // pinned first
    EXPECT_TRUE(list->data(list->index(0), ConversationListModel::PinnedRole).toBool());
    chat->togglePin(first);
    EXPECT_FALSE(list->data(list->index(rowOf(first)), ConversationListModel::PinnedRole).toBool());
}

TEST_F(ChatControllerTest, ExportThenImportAddsACopyAndOpensIt) {
    const qint64 id = shortAnswersConversation();
    ASSERT_NE(ask(QStringLiteral("What is 2+3?")), 0);
    const QString file = dir.filePath(QStringLiteral("sums.json"));
    ASSERT_TRUE(chat->exportTo(QUrl::fromLocalFile(file), id)) << qPrintable(chat->notice());
    EXPECT_TRUE(chat->notice().contains(file)) << qPrintable(chat->notice());
    ASSERT_TRUE(chat->exportTo(QUrl::fromLocalFile(dir.filePath(QStringLiteral("all.md"))), 0));

    const int before = chat->conversations()->rowCount();
    ASSERT_TRUE(chat->importFrom(QUrl::fromLocalFile(file))) << qPrintable(chat->notice());
    EXPECT_EQ(chat->conversations()->rowCount(), before + 1);
    EXPECT_NE(chat->currentConversation(), id);
    ASSERT_EQ(shown().size(), 2u);
    EXPECT_EQ(shown()[0].content, QStringLiteral("What is 2+3?"));
    EXPECT_EQ(chat->notice(), QStringLiteral("Imported 1 conversation from sums.json"));

    // The Markdown export is no import: nothing changes, and the notice says why.
    EXPECT_FALSE(chat->importFrom(QUrl::fromLocalFile(dir.filePath(QStringLiteral("all.md")))));
    EXPECT_EQ(chat->conversations()->rowCount(), before + 1);
    EXPECT_TRUE(chat->notice().startsWith(QStringLiteral("Nothing was imported")))
        << qPrintable(chat->notice());
}

TEST_F(ChatControllerTest, SearchFindsTheQuestionWithTheWordHighlighted) {
    const qint64 id = shortAnswersConversation();
    ASSERT_NE(ask(QStringLiteral("Which planet has rings?")), 0);
    chat->search(QStringLiteral("planet"));
    const SearchResultModel* results = chat->searchResults();
    ASSERT_GE(results->rowCount(), 1);
    bool found = false;
    for (int row = 0; row < results->rowCount(); ++row) {
        const QModelIndex at = results->index(row);
        if (results->data(at, SearchResultModel::ConversationRole).toLongLong() != id) continue;
        found = true;
        EXPECT_TRUE(results->data(at, SearchResultModel::SnippetRole)
                        .toString()
                        .contains(QStringLiteral("<b>planet</b>")))
            << qPrintable(results->data(at, SearchResultModel::SnippetRole).toString());
    }
    EXPECT_TRUE(found);
    chat->search(QStringLiteral("   "));
    EXPECT_EQ(results->rowCount(), 0);
}

TEST_F(ChatControllerTest, AConversationLongerThanTheContextDropsTheOldestExchanges) {
    const qint64 id = shortAnswersConversation(8);
    const QString longQuestion = QStringLiteral(
        "Please explain in detail how the tides of the ocean are caused by the moon and the sun, "
        "why there are two high tides each day, and what spring and neap tides are.");
    ASSERT_NE(ask(longQuestion), 0);
    ASSERT_NE(ask(longQuestion), 0);
    // Now a context that holds the last question and its answer, not the whole conversation.
    setSampling(id, {{QStringLiteral("temperature"), 0},
                     {QStringLiteral("max_tokens"), 8},
                     {QStringLiteral("context_length"), 96}});
    const qint64 answerId = ask(longQuestion);
    ASSERT_NE(answerId, 0);
    ASSERT_EQ(shown().back().id, answerId);
    EXPECT_EQ(shown().back().state, MessageState::Complete) << qPrintable(shown().back().error);
    EXPECT_TRUE(chat->notice().contains(QStringLiteral("left out"))) << qPrintable(chat->notice());
    ASSERT_TRUE(shown().back().stats.promptTokens.has_value());
    EXPECT_LE(*shown().back().stats.promptTokens + 8, 96);
    EXPECT_EQ(shown().size(), 6u);  // the history keeps every message
}

TEST_F(ChatControllerTest, AQuestionLongerThanTheContextEndsInAnError) {
    const qint64 id = shortAnswersConversation(8);
    setSampling(id, {{QStringLiteral("max_tokens"), 8}, {QStringLiteral("context_length"), 32}});
    const qint64 answerId = ask(QStringLiteral(
        "Please explain in detail how the tides of the ocean are caused by the moon and the sun, "
        "why there are two high tides each day, and what spring and neap tides are."));
    ASSERT_NE(answerId, 0);
    EXPECT_EQ(shown().back().state, MessageState::Error);
    // In words, with the context the conversation asked for.
    EXPECT_TRUE(shown().back().error.contains(QStringLiteral("too long")))
        << qPrintable(shown().back().error);
    EXPECT_TRUE(shown().back().error.contains(QStringLiteral(" 32 ")))
        << qPrintable(shown().back().error);
    EXPECT_FALSE(chat->generating());
}

}  // namespace
}  // namespace hearth::ui

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

// The inference worker on its own thread, driven as the GUI drives it (queued calls, signals
// back) on a small random-weight model with R1-Distill-Qwen's vocabulary and chat template.
// Needs a Vulkan device (lavapipe will do) and the npm reference packages for the vocabulary.
#include <gtest/gtest.h>

#include <unistd.h>

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <filesystem>

#include "chat/inference_thread.h"
#include "support/tiny_models.h"
#include "worker_probe.h"

namespace hearth::chat {
namespace {

using testing::GenerationRecord;
using testing::WorkerProbe;

std::filesystem::path scratchDir() {
    return std::filesystem::temp_directory_path() /
           ("hearth-worker-test-" + std::to_string(::getpid()));
}

std::filesystem::path writeR1Model(std::string* skipReason) {
    return hearth::testing::writeTinyR1Model(scratchDir(), HEARTH_R1_TEMPLATE, skipReason);
}

class InferenceWorkerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_model = writeR1Model(&s_skipReason); }
    static void TearDownTestSuite() { std::filesystem::remove_all(scratchDir()); }

    void SetUp() override {
        if (s_model.empty()) GTEST_SKIP() << s_skipReason;
        inference = std::make_unique<InferenceThread>();
        probe = std::make_unique<WorkerProbe>(inference->worker());
    }

    QString modelPath() const { return QString::fromStdString(s_model.string()); }

    void load() {
        inference->loadModel(modelPath());
        ASSERT_TRUE(WorkerProbe::waitFor([&] { return probe->loads > 0; }))
            << (probe->loadFailures.empty() ? "no answer" : qPrintable(probe->loadFailures[0]));
    }

    static GenerationRequest request(quint64 id, QList<ChatTurn> turns, int maxTokens = 12,
                                     const QString& conversation = QStringLiteral("c")) {
        GenerationRequest r;
        r.requestId = id;
        r.conversationId = conversation;
        r.turns = std::move(turns);
        r.sampling.temperature = 0;  // greedy: the same prompt gives the same text
        r.sampling.maxTokens = maxTokens;
        r.contextLength = 512;
        return r;
    }

    static QList<ChatTurn> ask(const QString& question) {
        return {{QStringLiteral("user"), question}};
    }

    const GenerationRecord& run(const GenerationRequest& r) {
        inference->generate(r);
        EXPECT_TRUE(WorkerProbe::waitFor([&] { return probe->generations[r.requestId].done(); }));
        return probe->generations[r.requestId];
    }

    static inline std::filesystem::path s_model;
    static inline std::string s_skipReason;
    std::unique_ptr<InferenceThread> inference;
    std::unique_ptr<WorkerProbe> probe;
};

TEST_F(InferenceWorkerTest, LoadReportsProgressUpToOneAndDescribesTheModel) {
    load();
    ASSERT_FALSE(probe->progress.empty());
    EXPECT_DOUBLE_EQ(probe->progress.back(), 1.0);
    for (size_t i = 1; i < probe->progress.size(); ++i)
        EXPECT_LE(probe->progress[i - 1], probe->progress[i]);
    const ModelSummary& s = probe->summary;
    EXPECT_EQ(s.path, modelPath());
    EXPECT_EQ(s.architecture, QStringLiteral("qwen2"));
    EXPECT_GT(s.parameterCount, 151936u * 64u);  // the embedding table alone
    EXPECT_EQ(s.fileBytes, static_cast<quint64>(QFileInfo(modelPath()).size()));
    EXPECT_GT(s.weightBytes, 0u);
    EXPECT_EQ(s.contextLength, 4096);
    EXPECT_FALSE(s.deviceName.isEmpty());
    EXPECT_TRUE(s.hasReasoning);  // the R1 template opens <think> in the generation prompt
    EXPECT_NEAR(s.defaultSampling.temperature, 0.6, 1e-6);
    EXPECT_NEAR(s.defaultSampling.topP, 0.95, 1e-6);
    EXPECT_EQ(s.defaultSampling.topK, 0);
    EXPECT_TRUE(s.templateWarning.isEmpty()) << qPrintable(s.templateWarning);
}

TEST_F(InferenceWorkerTest, AFailedLoadIsReportedAndKeepsThePreviousModel) {
    load();
    const QString notGguf = QString::fromStdString((scratchDir() / "notes.txt").string());
    QFile file(notGguf);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("these are not the weights you are looking for\n");
    file.close();
    inference->loadModel(notGguf);
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return !probe->loadFailures.empty(); }));
    EXPECT_FALSE(probe->loadFailures[0].isEmpty());
    EXPECT_EQ(probe->loads, 1);
    const GenerationRecord& r = run(request(1, ask(QStringLiteral("Still there?"))));
    EXPECT_TRUE(r.finished) << qPrintable(r.failure);
}

TEST_F(InferenceWorkerTest, ACancelledLoadKeepsThePreviousModel) {
    load();
    // Cancel as the second load reports its first progress.
    QObject::connect(
        inference->worker(), &InferenceWorker::loadProgress, inference->worker(),
        [w = inference->worker()] { w->cancelLoad(); }, Qt::DirectConnection);
    inference->loadModel(modelPath());
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return !probe->loadFailures.empty(); }));
    EXPECT_TRUE(probe->loadFailures[0].contains(QStringLiteral("cancelled")))
        << qPrintable(probe->loadFailures[0]);
    EXPECT_EQ(probe->loads, 1);
    EXPECT_TRUE(run(request(1, ask(QStringLiteral("Still there?")), 2)).finished);
}

TEST_F(InferenceWorkerTest, GenerateWithoutAModelFailsInWordsAndTheWorkerStaysUsable) {
    const GenerationRecord& r = run(request(1, ask(QStringLiteral("Hi"))));
    EXPECT_FALSE(r.failure.isEmpty());
    load();
    EXPECT_TRUE(run(request(2, ask(QStringLiteral("Hi")))).finished);
}

TEST_F(InferenceWorkerTest, GenerateStreamsBatchedTokensAndFinishesWithStats) {
    load();
    const GenerationRecord& r = run(request(1, ask(QStringLiteral("Why is the sky blue?")), 24));
    ASSERT_TRUE(r.finished) << qPrintable(r.failure);
    const GenerationStats& s = r.stats;
    EXPECT_GT(s.promptTokens, 5);
    EXPECT_EQ(s.promptTokensComputed, s.promptTokens);  // a new conversation: nothing cached
    EXPECT_GT(s.completionTokens, 0);
    EXPECT_LE(s.completionTokens, 24);
    EXPECT_TRUE(s.stopReason == GenerationStopReason::MaxTokens ||
                s.stopReason == GenerationStopReason::EndOfText);
    EXPECT_GT(s.timeToFirstTokenSeconds, 0);
    EXPECT_GT(s.tokensPerSecond, 0);
    // Batched: never more deliveries than tokens, and the text arrived.
    EXPECT_GE(r.batches, 1);
    EXPECT_LE(r.batches, s.completionTokens);
    EXPECT_FALSE(r.answer.isEmpty() && r.reasoning.isEmpty());
    // The prompt opened <think>: output without </think> is all reasoning, timed as such.
    if (!r.reasoning.isEmpty()) {
        EXPECT_GT(s.reasoningSeconds, 0);
    }
}

TEST_F(InferenceWorkerTest, GreedyGenerationGivesTheSameTextTwice) {
    load();
    const QList<ChatTurn> turns = ask(QStringLiteral("Count to three."));
    const GenerationRecord first = run(request(1, turns, 16, QStringLiteral("a")));
    const GenerationRecord second = run(request(2, turns, 16, QStringLiteral("b")));
    // A regenerate in the same conversation rewinds the cache and gives the same text again.
    const GenerationRecord regenerated = run(request(3, turns, 16, QStringLiteral("a")));
    ASSERT_TRUE(first.finished && second.finished && regenerated.finished);
    EXPECT_EQ(first.answer + first.reasoning, second.answer + second.reasoning);
    EXPECT_EQ(first.reasoning, regenerated.reasoning);
    EXPECT_EQ(first.answer, regenerated.answer);
    EXPECT_EQ(regenerated.stats.promptTokensComputed, 0);  // the whole prompt was cached
}

TEST_F(InferenceWorkerTest, AFollowUpTurnComputesOnlyTheNewTokens) {
    load();
    QList<ChatTurn> turns = {
        {QStringLiteral("system"), QStringLiteral("You are a patient teacher who explains "
                                                  "physics to children in plain words.")},
        {QStringLiteral("user"), QStringLiteral("Why is the sky blue? Please explain it slowly, "
                                                "step by step, with an example.")}};
    const GenerationRecord first = run(request(1, turns, 8));
    ASSERT_TRUE(first.finished) << qPrintable(first.failure);
    turns.append({QStringLiteral("assistant"), first.answer});
    turns.append({QStringLiteral("user"), QStringLiteral("And sunsets?")});
    const GenerationRecord followUp = run(request(2, turns, 8));
    ASSERT_TRUE(followUp.finished) << qPrintable(followUp.failure);
    EXPECT_GT(followUp.stats.promptTokens, first.stats.promptTokens);
    EXPECT_GT(followUp.stats.promptTokensComputed, 0);
    // The first prompt came from the cache, all but the "<think>\n" its generation prompt
    // ended with (a past assistant turn is rendered without it).
    EXPECT_LE(followUp.stats.promptTokensComputed,
              followUp.stats.promptTokens - first.stats.promptTokens + 4);
    EXPECT_LT(followUp.stats.promptTokensComputed, followUp.stats.promptTokens / 2);
}

TEST_F(InferenceWorkerTest, CancelStopsWithinOneToken) {
    load();
    // Cancel on the worker thread the moment the first batch leaves it, as a GUI click racing
    // the generation would at worst.
    QObject::connect(
        inference->worker(), &InferenceWorker::tokens, inference->worker(),
        [w = inference->worker()](quint64 id) { w->cancelGeneration(id); }, Qt::DirectConnection);
    const GenerationRecord r = run(request(1, ask(QStringLiteral("Tell me a long story.")), 200));
    ASSERT_TRUE(r.finished) << qPrintable(r.failure);
    EXPECT_EQ(r.stats.stopReason, GenerationStopReason::Cancelled);
    // The first batch leaves with the first token that shows text (a leading newline is held
    // back by the reasoning splitter); generation stops with that token.
    EXPECT_GE(r.stats.completionTokens, 1);
    EXPECT_LE(r.stats.completionTokens, 3);
}

TEST_F(InferenceWorkerTest, CancelFromTheGuiThreadStopsTheRunningGeneration) {
    load();
    const GenerationRequest r = request(1, ask(QStringLiteral("Tell me a long story.")), 400);
    inference->generate(r);
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return probe->generations[1].batches > 0; }));
    inference->cancelGeneration();
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return probe->generations[1].done(); }));
    const GenerationRecord& record = probe->generations[1];
    ASSERT_TRUE(record.finished) << qPrintable(record.failure);
    EXPECT_EQ(record.stats.stopReason, GenerationStopReason::Cancelled);
    EXPECT_LT(record.stats.completionTokens, 400);
}

TEST_F(InferenceWorkerTest, ClosingTheThreadMidGenerationStopsWithinATokenAndJoins) {
    load();
    GenerationRequest r = request(1, ask(QStringLiteral("Tell me a long story.")), 0);
    r.contextLength = 4096;  // about a minute of tokens here, were it not stopped
    inference->generate(r);
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return probe->generations[1].batches > 0; }));
    QElapsedTimer closing;
    closing.start();
    inference.reset();
    EXPECT_LT(closing.elapsed(), 2000);
}

TEST_F(InferenceWorkerTest, ARequestCancelledBeforeItStartsFinishesWithNothing) {
    load();
    inference->cancelGeneration(7);
    const GenerationRecord r = run(request(7, ask(QStringLiteral("Hi")), 50));
    ASSERT_TRUE(r.finished) << qPrintable(r.failure);
    EXPECT_EQ(r.stats.stopReason, GenerationStopReason::Cancelled);
    EXPECT_EQ(r.stats.completionTokens, 0);
    // The next request is not affected.
    EXPECT_EQ(run(request(8, ask(QStringLiteral("Hi")), 4)).stats.stopReason ==
                  GenerationStopReason::Cancelled,
              false);
}

TEST_F(InferenceWorkerTest, APromptThatDoesNotFitIsReportedNotTruncated) {
    load();
    GenerationRequest r = request(1, ask(QString(QStringLiteral("many words ")).repeated(40)), 16);
    r.contextLength = 64;
    const GenerationRecord& record = run(r);
    EXPECT_TRUE(record.contextFull);
    EXPECT_FALSE(record.finished);
    EXPECT_GT(record.contextFullPromptTokens + 16, 64);
    EXPECT_EQ(record.contextFullContextLength, 64);
}

TEST_F(InferenceWorkerTest, CountTokensMatchesThePromptAGenerationReads) {
    const QList<ChatTurn> turns = ask(QStringLiteral("How many tokens is this?"));
    inference->countTokens(1, turns);
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return probe->tokenCounts.count(1) > 0; }));
    EXPECT_EQ(probe->tokenCounts[1], -1);  // no model yet
    load();
    inference->countTokens(2, turns);
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return probe->tokenCounts.count(2) > 0; }));
    const GenerationRecord& r = run(request(3, turns, 2));
    EXPECT_EQ(probe->tokenCounts[2], r.stats.promptTokens);
}

TEST_F(InferenceWorkerTest, FitTurnsDropsTheOldestExchangesWithTheModelsTokenizer) {
    load();
    const QString longText = QString(QStringLiteral("words ")).repeated(30);
    const QList<ChatTurn> turns = {{QStringLiteral("system"), QStringLiteral("Be brief.")},
                                   {QStringLiteral("user"), longText},
                                   {QStringLiteral("assistant"), longText},
                                   {QStringLiteral("user"), QStringLiteral("Short question?")}};
    inference->fitTurns(1, turns, 16, 64);
    ASSERT_TRUE(WorkerProbe::waitFor([&] { return probe->fitted.count(1) > 0; }));
    const WorkerProbe::Fitted& f = probe->fitted[1];
    EXPECT_TRUE(f.fits);
    EXPECT_EQ(f.dropped, 2);
    ASSERT_EQ(f.turns.size(), 2);
    EXPECT_EQ(f.turns[0].role, QStringLiteral("system"));
    EXPECT_EQ(f.turns[1].content, QStringLiteral("Short question?"));
}

}  // namespace
}  // namespace hearth::chat

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

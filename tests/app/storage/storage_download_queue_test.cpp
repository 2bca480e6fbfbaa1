// The download queue: kept across reopening, a destination queued once, running downloads
// queued again after a restart, and errors kept with the row.
#include "storage/download_queue.h"
#include "storage_test_support.h"

namespace hearth::storage::testing {
namespace {

class DownloadQueueTest : public HistoryTest {};

NewDownload sample(const QString& name) {
    return {QUrl(QStringLiteral("https://huggingface.co/o/r/resolve/main/") + name),
            QStringLiteral("/models/") + name,
            QStringLiteral("Model ") + name,
            QStringLiteral("batch-1"),
            1234,
            QByteArray(64, 'a')};
}

TEST_F(DownloadQueueTest, DownloadsAndTheirProgressSurviveReopening) {
    qint64 first = 0, second = 0;
    {
        auto h = open();
        DownloadQueue queue(*h);
        first = queue.add(sample(QStringLiteral("a.gguf"))).value();
        second = queue.add(sample(QStringLiteral("b.gguf"))).value();
        ASSERT_OK(queue.setState(first, DownloadState::Running));
        ASSERT_OK(queue.setProgress(first, 600, 1234));
        ASSERT_OK(queue.setState(second, DownloadState::Failed, QStringLiteral("HTTP 404")));
    }
    auto h = open();
    DownloadQueue queue(*h);
    ASSERT_OK(queue.requeueRunning());  // as the download manager does at start
    const std::vector<QueuedDownload> all = queue.all().value();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, first);
    EXPECT_EQ(all[0].state, DownloadState::Queued);
    EXPECT_EQ(all[0].receivedBytes, 600);
    EXPECT_EQ(all[0].totalBytes, 1234);
    EXPECT_EQ(all[0].request.url, sample(QStringLiteral("a.gguf")).url);
    EXPECT_EQ(all[0].request.expectedSha256, QByteArray(64, 'a'));
    EXPECT_EQ(all[0].request.batch, QStringLiteral("batch-1"));
    EXPECT_EQ(all[1].state, DownloadState::Failed);
    EXPECT_EQ(all[1].error, QStringLiteral("HTTP 404"));
}

TEST_F(DownloadQueueTest, ADestinationIsQueuedOnceAndMissingRowsAreNamed) {
    auto h = open();
    DownloadQueue queue(*h);
    const qint64 id = queue.add(sample(QStringLiteral("a.gguf"))).value();
    auto again = queue.add(sample(QStringLiteral("a.gguf")));
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.status().message().find("already in the download queue"), std::string::npos)
        << again.status().message();
    ASSERT_OK(queue.remove(id));
    EXPECT_TRUE(queue.all()->empty());
    const Status missing = queue.setState(id, DownloadState::Paused);
    EXPECT_NE(missing.message().find("there is no download"), std::string::npos);
}

}  // namespace
}  // namespace hearth::storage::testing

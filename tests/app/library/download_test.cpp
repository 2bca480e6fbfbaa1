// Downloads against a real HTTP server on 127.0.0.1 with injected faults: each ends in a
// verified file in place or a clear error, never a corrupt file at the destination.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <functional>
#include <random>
#include <set>

#include "fault_server.h"
#include "library/download.h"
#include "library/download_manager.h"
#include "library/download_ranges.h"
#include "storage/history.h"

namespace hearth::library {
namespace {

using hearth::testing::FaultServer;

QByteArray randomFile(qint64 size) {
    std::mt19937 rng(7);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char& c : bytes) c = static_cast<char>(rng());
    return bytes;
}

struct Outcome {
    bool ok = false;
    QString message;  // the path, or the error
};

class DownloadTest : public ::testing::Test {
protected:
    static constexpr qint64 kSize = 3 << 20;

    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    DownloadRequest request(const QUrl& url) const {
        return {url, m_dir.filePath(QStringLiteral("models/model.gguf")), 0, {}};
    }
    static DownloadOptions fastRetries() {
        DownloadOptions o;
        o.firstRetryDelayMs = 10;
        o.maxRetryDelayMs = 50;
        o.stallTimeoutMs = 300;
        o.spareDiskBytes = 0;
        return o;
    }
    // Four connections for the 3 MB test file.
    static DownloadOptions parallel() {
        DownloadOptions o = fastRetries();
        o.connections = 4;
        o.minRangeBytes = 256 << 10;
        o.probeMs = 0;
        return o;
    }
    Outcome run(Download& download) {
        Outcome outcome;
        QEventLoop loop;
        QObject::connect(&download, &Download::finished, &loop, [&](const QString& path) {
            outcome = {true, path};
            loop.quit();
        });
        QObject::connect(&download, &Download::failed, &loop, [&](const QString& message) {
            outcome = {false, message};
            loop.quit();
        });
        QTimer::singleShot(20000, &loop, [&] {
            outcome = {false, QStringLiteral("test timeout")};
            loop.quit();
        });
        download.start();
        if (download.running()) loop.exec();
        return outcome;
    }
    // The file from the server's /file with its SHA-256 to check.
    Outcome fetchWithHash(const DownloadOptions& options = fastRetries()) {
        DownloadRequest r = request(m_server.url());
        r.expectedSha256 = m_sha;
        Download download(&m_network, r, options);
        return run(download);
    }
    QString partPath() const {
        return partPathFor(m_dir.filePath(QStringLiteral("models/model.gguf")));
    }
    bool destinationHoldsFile(const QString& name) const {
        QFile file(m_dir.filePath(QStringLiteral("models/") + name));
        return file.open(QIODevice::ReadOnly) && file.readAll() == m_data;
    }
    bool destinationHoldsTheFile() const {
        QFile file(m_dir.filePath(QStringLiteral("models/model.gguf")));
        return file.open(QIODevice::ReadOnly) && file.readAll() == m_data;
    }
    bool nothingLeft() const {
        return QDir(m_dir.filePath(QStringLiteral("models")))
            .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot)
            .isEmpty();
    }

    QTemporaryDir m_dir;
    QByteArray m_data = randomFile(kSize);
    QByteArray m_sha = QCryptographicHash::hash(m_data, QCryptographicHash::Sha256).toHex();
    FaultServer m_server{m_data};
    QNetworkAccessManager m_network;
};

TEST_F(DownloadTest, AWholeFileArrivesVerifiedAndInPlace) {
    DownloadRequest r = request(m_server.url());
    r.expectedSha256 = m_sha;
    r.expectedBytes = kSize;
    Download download(&m_network, r, fastRetries());
    qint64 lastProgress = 0;
    QObject::connect(&download, &Download::progress, [&](qint64 done, qint64 total) {
        EXPECT_GE(done, lastProgress);
        EXPECT_EQ(total, kSize);
        lastProgress = done;
    });
    const Outcome outcome = run(download);
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_EQ(lastProgress, kSize);
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_FALSE(QFileInfo::exists(partPath()));
    EXPECT_EQ(download.sha256(), m_sha);
}

TEST_F(DownloadTest, DroppedConnectionsResumeWithRange) {
    m_server.faults.dropAt = {12345, kSize / 2, kSize - 7};
    const Outcome outcome = fetchWithHash();
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    // Every resumed request starts at a drop. Qt itself resends a request whose connection
    // closes before any byte reached the reply (on a loaded machine), the same request again:
    // so a resume may show twice, or a drop not at all.
    const std::set<QByteArray> drops = {"bytes=12345-",
                                        "bytes=" + QByteArray::number(kSize / 2) + "-",
                                        "bytes=" + QByteArray::number(kSize - 7) + "-"};
    QList<QByteArray> resumed;
    for (const QByteArray& range : m_server.ranges)
        if (!range.isEmpty()) resumed << range;
    ASSERT_GE(resumed.size(), 2);
    for (const QByteArray& range : resumed) EXPECT_TRUE(drops.count(range)) << range.toStdString();
}

TEST_F(DownloadTest, AStallIsDetectedAndResumed) {
    m_server.faults.stallAt = {kSize / 3};
    const Outcome outcome = fetchWithHash();
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_EQ(m_server.ranges.value(1), "bytes=" + QByteArray::number(kSize / 3) + "-");
}

TEST_F(DownloadTest, ServerErrorsAreRetriedWithBackoff) {
    m_server.faults.serviceUnavailable = 3;
    Download download(&m_network, request(m_server.url()), fastRetries());
    const Outcome outcome = run(download);
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_EQ(m_server.ranges.size(), 4);
}

TEST_F(DownloadTest, AServerThatKeepsFailingEndsInAClearError) {
    m_server.faults.serviceUnavailable = 100;
    Download download(&m_network, request(m_server.url()), fastRetries());
    const Outcome outcome = run(download);
    ASSERT_FALSE(outcome.ok);
    EXPECT_TRUE(outcome.message.contains(QStringLiteral("HTTP 503")))
        << outcome.message.toStdString();
    EXPECT_TRUE(outcome.message.contains(QStringLiteral("gave up")));
    EXPECT_FALSE(QFileInfo::exists(m_dir.filePath(QStringLiteral("models/model.gguf"))));
}

TEST_F(DownloadTest, WithoutRangeSupportADropRestartsFromZero) {
    m_server.faults.rangeSupported = false;
    m_server.faults.dropAt = {kSize / 2};
    const Outcome outcome = fetchWithHash();
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
}

TEST_F(DownloadTest, ACorruptedByteIsCaughtAndNothingIsKept) {
    m_server.faults.corruptAt = kSize / 4;
    const Outcome outcome = fetchWithHash();
    ASSERT_FALSE(outcome.ok);
    EXPECT_TRUE(outcome.message.contains(QStringLiteral("SHA-256")))
        << outcome.message.toStdString();
    EXPECT_TRUE(nothingLeft());
}

TEST_F(DownloadTest, AContentLengthThatLiesIsSeenThroughAndTheFileVerified) {
    // 1000 bytes announced that never come; asked for them, the server says its real size.
    m_server.faults.contentLengthLie = 1000;
    const Outcome outcome = fetchWithHash();
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
}

TEST_F(DownloadTest, AContentLengthThatDisagreesWithTheCatalogIsAnError) {
    DownloadRequest r = request(m_server.url());
    r.expectedBytes = kSize + 1;
    Download download(&m_network, r, fastRetries());
    const Outcome outcome = run(download);
    ASSERT_FALSE(outcome.ok);
    EXPECT_TRUE(outcome.message.contains(QStringLiteral("not the %1 expected").arg(kSize + 1)))
        << outcome.message.toStdString();
    EXPECT_FALSE(QFileInfo::exists(m_dir.filePath(QStringLiteral("models/model.gguf"))));
}

TEST_F(DownloadTest, TheHashOfXLinkedEtagIsCheckedAfterARedirect) {
    m_server.faults.linkedEtag = m_sha;
    Download good(&m_network, request(m_server.url(QStringLiteral("/redirect"))), fastRetries());
    const Outcome ok = run(good);
    ASSERT_TRUE(ok.ok) << ok.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());

    QFile::remove(m_dir.filePath(QStringLiteral("models/model.gguf")));
    QByteArray wrong = m_sha;
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    m_server.faults.linkedEtag = wrong;
    Download bad(&m_network, request(m_server.url(QStringLiteral("/redirect"))), fastRetries());
    const Outcome failed = run(bad);
    ASSERT_FALSE(failed.ok);
    EXPECT_TRUE(failed.message.contains(QString::fromLatin1(wrong)))
        << failed.message.toStdString();
    EXPECT_TRUE(nothingLeft());
}

TEST_F(DownloadTest, APausedDownloadResumesInANewDownloadAsAfterARestart) {
    m_server.faults.stallAt = {kSize / 2};
    DownloadOptions slowStall = fastRetries();
    slowStall.stallTimeoutMs = 5000;
    auto first = std::make_unique<Download>(&m_network, request(m_server.url()), slowStall);
    QEventLoop loop;
    QObject::connect(first.get(), &Download::progress, &loop, [&](qint64 done, qint64) {
        if (done == kSize / 2) loop.quit();
    });
    first->start();
    loop.exec();
    first->pause();
    first.reset();
    EXPECT_EQ(QFileInfo(m_dir.filePath(QStringLiteral("models/.model.gguf.part"))).size(),
              kSize / 2);

    const Outcome outcome = fetchWithHash();
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_EQ(m_server.ranges.last(), "bytes=" + QByteArray::number(kSize / 2) + "-");
}

TEST_F(DownloadTest, ALargeFileComesOverSeveralConnectionsVerified) {
    const Outcome outcome = fetchWithHash(parallel());
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_EQ(QDir(m_dir.filePath(QStringLiteral("models")))
                  .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
              QStringList{QStringLiteral("model.gguf")});
    constexpr qint64 kShare = kSize / 4;
    // The first request asks for everything; the other three their quarter. (Connections
    // that finish first may then take halves of ranges still coming.)
    ASSERT_GE(m_server.ranges.size(), 4);
    QList<QByteArray> firstFour = m_server.ranges.mid(0, 4);
    QList<QByteArray> quarters{
        "", "bytes=" + QByteArray::number(kShare) + "-" + QByteArray::number(2 * kShare - 1),
        "bytes=" + QByteArray::number(2 * kShare) + "-" + QByteArray::number(3 * kShare - 1),
        "bytes=" + QByteArray::number(3 * kShare) + "-"};
    std::sort(firstFour.begin(), firstFour.end());
    std::sort(quarters.begin(), quarters.end());
    EXPECT_EQ(firstFour, quarters);
}

TEST_F(DownloadTest, OnlyASlowFirstConnectionGetsCompany) {
    DownloadOptions fast = parallel();
    fast.probeMs = 1;
    fast.fastConnectionBytesPerSecond = 0;  // anything is fast enough
    {
        const Outcome outcome = fetchWithHash(fast);
        ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
        EXPECT_EQ(m_server.ranges, QList<QByteArray>{""});
    }
    QFile::remove(m_dir.filePath(QStringLiteral("models/model.gguf")));
    m_server.ranges.clear();
    // The first connection stalls, and what it brought over the probe is slow; after the
    // stall it has more to bring, and company for it.
    m_server.faults.stallAt = {kSize / 8, kSize / 4};
    DownloadOptions slow = fast;
    slow.probeMs = 100;
    slow.stallTimeoutMs = 300;
    slow.fastConnectionBytesPerSecond = 1e12;
    const Outcome outcome = fetchWithHash(slow);
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_TRUE(
        std::any_of(m_server.ranges.begin(), m_server.ranges.end(), [](const QByteArray& h) {
            return h.startsWith("bytes=") &&
                   !h.endsWith("-");  // a closed range: another connection
        }));
}

TEST_F(DownloadTest, DropsAndStallsInEveryRangeEndInAVerifiedFile) {
    std::mt19937 rng(11);
    for (int quarter = 0; quarter < 4; ++quarter)
        m_server.faults.dropAt.insert(quarter * (kSize / 4) + 1 + rng() % (kSize / 4 - 1));
    m_server.faults.stallAt = {kSize / 2 + 4321};
    const Outcome outcome = fetchWithHash(parallel());
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_TRUE(m_server.faults.dropAt.empty());
    EXPECT_TRUE(m_server.faults.stallAt.empty());
}

TEST_F(DownloadTest, APausedParallelDownloadResumesEveryRangeWhereItStopped) {
    constexpr qint64 kShare = kSize / 4;
    for (int quarter = 0; quarter < 4; ++quarter)
        m_server.faults.stallAt.insert(quarter * kShare + kShare / 2);
    DownloadOptions slowStall = parallel();
    slowStall.stallTimeoutMs = 10000;
    auto first = std::make_unique<Download>(&m_network, request(m_server.url()), slowStall);
    QEventLoop loop;
    QObject::connect(first.get(), &Download::progress, &loop, [&](qint64 done, qint64) {
        if (done == kSize / 2) loop.quit();
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    first->start();
    loop.exec();
    ASSERT_EQ(first->received(), kSize / 2);
    first->pause();
    const QString rangesPath = rangesPathFor(first->partPath());
    first.reset();
    ASSERT_TRUE(QFileInfo::exists(rangesPath));
    const SavedRanges saved = loadRanges(rangesPath);
    ASSERT_EQ(saved.ranges.size(), 4u);
    for (int quarter = 0; quarter < 4; ++quarter)
        EXPECT_EQ(saved.ranges[quarter].next, quarter * kShare + kShare / 2);

    m_server.ranges.clear();
    const Outcome outcome = fetchWithHash(parallel());
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_FALSE(QFileInfo::exists(rangesPath));
    QList<QByteArray> asked = m_server.ranges;
    std::sort(asked.begin(), asked.end());
    QList<QByteArray> expected;
    for (int quarter = 0; quarter < 4; ++quarter) {
        const qint64 from = quarter * kShare + kShare / 2;
        expected << "bytes=" + QByteArray::number(from) + "-" +
                        (quarter == 3 ? QByteArray()
                                      : QByteArray::number((quarter + 1) * kShare - 1));
    }
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(asked, expected);
}

TEST_F(DownloadTest, AFinishedConnectionTakesHalfOfTheSlowestRange) {
    m_server.faults.stallAt = {1000};
    DownloadOptions o = parallel();
    o.stallTimeoutMs = 1000;
    const Outcome outcome = fetchWithHash(o);
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    // The first range, stalled at byte 1000, lost its second half to a free connection.
    const qint64 middle = 1000 + (kSize / 4 - 1000) / 2;
    EXPECT_TRUE(m_server.ranges.contains("bytes=" + QByteArray::number(middle) + "-" +
                                         QByteArray::number(kSize / 4 - 1)));
}

TEST_F(DownloadTest, AServerWithoutRangesGetsOneConnectionEvenIfItClaimsThem) {
    m_server.faults.rangeSupported = false;
    {
        const Outcome outcome = fetchWithHash(parallel());
        ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
        EXPECT_EQ(m_server.ranges, QList<QByteArray>{""});
    }
    QFile::remove(m_dir.filePath(QStringLiteral("models/model.gguf")));
    m_server.faults.claimsRanges = true;  // and answers every range with the whole file
    const Outcome outcome = fetchWithHash(parallel());
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_FALSE(QFileInfo::exists(rangesPathFor(partPath())));
}

TEST_F(DownloadTest, ACorruptedByteInAnyRangeIsCaughtAndNothingIsKept) {
    m_server.faults.corruptAt = kSize * 3 / 4 + 99;
    const Outcome outcome = fetchWithHash(parallel());
    ASSERT_FALSE(outcome.ok);
    EXPECT_TRUE(outcome.message.contains(QStringLiteral("SHA-256")))
        << outcome.message.toStdString();
    EXPECT_TRUE(nothingLeft());
}

TEST_F(DownloadTest, APartialFileWhoseRangesFileIsDamagedStartsOver) {
    const QString part = partPathFor(m_dir.filePath(QStringLiteral("models/model.gguf")));
    ASSERT_TRUE(QDir().mkpath(QFileInfo(part).absolutePath()));
    QFile junk(part);
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(kSize / 2, 'x'));  // bytes at several offsets, zeros between
    junk.close();
    QFile ranges(rangesPathFor(part));
    ASSERT_TRUE(ranges.open(QIODevice::WriteOnly));
    ranges.write("hearth-download-ranges 1\n3145728\n0 100 50\n");  // leaves a gap
    ranges.close();
    ASSERT_TRUE(loadRanges(rangesPathFor(part)).ranges.empty());

    const Outcome outcome = fetchWithHash();
    ASSERT_TRUE(outcome.ok) << outcome.message.toStdString();
    EXPECT_TRUE(destinationHoldsTheFile());
    EXPECT_EQ(m_server.ranges.value(0), "");  // from the first byte
}

TEST_F(DownloadTest, PlainHttpGoesOnlyToThisComputer) {
    EXPECT_TRUE(isAllowedDownloadUrl(QUrl(QStringLiteral("https://huggingface.co/x"))));
    EXPECT_TRUE(isAllowedDownloadUrl(QUrl(QStringLiteral("http://127.0.0.1:8080/x"))));
    EXPECT_TRUE(isAllowedDownloadUrl(QUrl(QStringLiteral("http://[::1]/x"))));
    EXPECT_FALSE(isAllowedDownloadUrl(QUrl(QStringLiteral("http://example.com/x"))));
    EXPECT_FALSE(isAllowedDownloadUrl(QUrl(QStringLiteral("ftp://127.0.0.1/x"))));
    Download download(&m_network, request(QUrl(QStringLiteral("http://example.com/m.gguf"))),
                      fastRetries());
    const Outcome outcome = run(download);
    ASSERT_FALSE(outcome.ok);
    EXPECT_TRUE(outcome.message.contains(QStringLiteral("only https")))
        << outcome.message.toStdString();
}

class DownloadManagerTest : public DownloadTest {
protected:
    void SetUp() override {
        DownloadTest::SetUp();
        auto history = storage::History::open(m_dir.filePath(QStringLiteral("hearth.db")));
        ASSERT_TRUE(history.ok()) << history.status().message();
        m_history = std::move(history).value();
    }
    storage::NewDownload file(const QString& path, const QString& name) const {
        return {m_server.url(path),
                m_dir.filePath(QStringLiteral("models/") + name),
                name,
                {},
                0,
                m_sha};
    }
    // Runs the event loop until `done` holds (or 20 s pass).
    static bool waitFor(const std::function<bool()>& done) {
        QElapsedTimer t;
        t.start();
        while (!done() && t.elapsed() < 20000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        return done();
    }
    static storage::DownloadState stateOf(const DownloadManager& m, qint64 id) {
        for (const storage::QueuedDownload& d : m.downloads())
            if (d.id == id) return d.state;
        return storage::DownloadState::Failed;
    }

    std::unique_ptr<storage::History> m_history;
};

TEST_F(DownloadManagerTest, RunsTheQueueInOrderAndAFailureStopsOnlyItsFile) {
    DownloadManager manager(*m_history, fastRetries());
    QStringList completed;
    QObject::connect(&manager, &DownloadManager::completed,
                     [&](qint64, const QString& path) { completed << QFileInfo(path).fileName(); });
    auto ids = manager.enqueue({file(QStringLiteral("/file"), QStringLiteral("a.gguf")),
                                file(QStringLiteral("/missing"), QStringLiteral("b.gguf")),
                                file(QStringLiteral("/file"), QStringLiteral("c.gguf"))});
    ASSERT_TRUE(ids.ok()) << ids.status().message();
    ASSERT_TRUE(waitFor([&] { return completed.size() == 2; }));
    EXPECT_EQ(completed, (QStringList{QStringLiteral("a.gguf"), QStringLiteral("c.gguf")}));
    EXPECT_EQ(stateOf(manager, (*ids)[0]), storage::DownloadState::Done);
    EXPECT_EQ(stateOf(manager, (*ids)[1]), storage::DownloadState::Failed);
    EXPECT_TRUE(manager.downloads()[1].error.contains(QStringLiteral("HTTP 404")))
        << manager.downloads()[1].error.toStdString();
    // The database says the same.
    storage::DownloadQueue queue(*m_history);
    EXPECT_EQ(queue.get((*ids)[2])->state, storage::DownloadState::Done);
    EXPECT_EQ(queue.get((*ids)[2])->receivedBytes, kSize);
}

TEST_F(DownloadManagerTest, ARestartResumesFromThePartialFile) {
    m_server.faults.stallAt = {kSize / 2};
    DownloadOptions slowStall = fastRetries();
    slowStall.stallTimeoutMs = 10000;
    qint64 id = 0;
    {
        DownloadManager first(*m_history, slowStall);
        id = first.enqueue({file(QStringLiteral("/file"), QStringLiteral("a.gguf"))})->front();
        ASSERT_TRUE(waitFor([&] { return first.downloads().front().receivedBytes == kSize / 2; }));
    }  // the app quits mid-download
    DownloadManager second(*m_history, fastRetries());
    ASSERT_TRUE(waitFor([&] { return stateOf(second, id) == storage::DownloadState::Done; }));
    EXPECT_TRUE(destinationHoldsFile(QStringLiteral("a.gguf")));
    EXPECT_EQ(m_server.ranges.last(), "bytes=" + QByteArray::number(kSize / 2) + "-");
}

TEST_F(DownloadManagerTest, PausedFilesWaitAndCancelledOnesLeaveNothing) {
    DownloadManager manager(*m_history, fastRetries());
    auto ids = manager.enqueue({file(QStringLiteral("/file"), QStringLiteral("a.gguf")),
                                file(QStringLiteral("/file"), QStringLiteral("b.gguf"))});
    ASSERT_TRUE(ids.ok());
    manager.pause((*ids)[1]);
    ASSERT_TRUE(
        waitFor([&] { return stateOf(manager, (*ids)[0]) == storage::DownloadState::Done; }));
    QCoreApplication::processEvents();
    EXPECT_EQ(stateOf(manager, (*ids)[1]), storage::DownloadState::Paused);
    manager.resume((*ids)[1]);
    ASSERT_TRUE(
        waitFor([&] { return stateOf(manager, (*ids)[1]) == storage::DownloadState::Done; }));

    m_server.faults.stallAt = {kSize / 2};
    DownloadOptions slowStall = fastRetries();
    slowStall.stallTimeoutMs = 10000;
    DownloadManager other(*m_history, slowStall);
    const qint64 c =
        other.enqueue({file(QStringLiteral("/file"), QStringLiteral("c.gguf"))})->front();
    ASSERT_TRUE(waitFor([&] {
        for (const auto& d : other.downloads())
            if (d.id == c) return d.receivedBytes == kSize / 2;
        return false;
    }));
    other.cancel(c);
    EXPECT_FALSE(QFileInfo::exists(partPathFor(m_dir.filePath(QStringLiteral("models/c.gguf")))));
    EXPECT_FALSE(storage::DownloadQueue(*m_history).get(c).ok());
}

}  // namespace
}  // namespace hearth::library

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

// The download's writer thread: bytes at any offsets land in the file, the hash reads the file
// in order whatever order they came in, and a write that fails is reported, not lost.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "library/part_file_writer.h"

namespace hearth::library {
namespace {

bool waitFor(const std::function<bool()>& done) {
    for (int i = 0; i < 2000 && !done(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return done();
}

class PartFileWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        std::mt19937 rng(5);
        for (char& c : m_data) c = static_cast<char>(rng());
        m_fd = ::open(QFile::encodeName(path()).constData(), O_RDWR | O_CREAT, 0644);
        ASSERT_GE(m_fd, 0);
    }
    void TearDown() override {
        if (m_fd >= 0) ::close(m_fd);
    }
    QString path() const { return m_dir.filePath(QStringLiteral("part")); }
    QByteArray expectedSha() const {
        return QCryptographicHash::hash(m_data, QCryptographicHash::Sha256).toHex();
    }

    QTemporaryDir m_dir;
    QByteArray m_data = QByteArray(5 << 20, Qt::Uninitialized);
    int m_fd = -1;
    std::atomic<int> m_notices{0};
};

TEST_F(PartFileWriterTest, BytesInAnyOrderHashInFileOrder) {
    // Four runs, written interleaved back to front, as four connections would.
    constexpr qint64 kRun = (5 << 20) / 4, kChunk = 100000;
    {
        PartFileWriter writer(m_fd, {}, [&] { ++m_notices; });
        for (qint64 at = 0; at < kRun; at += kChunk)
            for (int run = 3; run >= 0; --run) {
                const qint64 offset = run * kRun + at;
                writer.write(offset, m_data.mid(offset, std::min(kChunk, kRun - at)));
            }
        writer.finish(m_data.size());
        ASSERT_TRUE(waitFor([&] { return writer.finished(); }));
        EXPECT_TRUE(writer.error().isEmpty()) << writer.error().toStdString();
        EXPECT_EQ(writer.sha256Hex(), expectedSha());
        EXPECT_EQ(writer.writtenEnd(0), m_data.size());
        EXPECT_GE(m_notices.load(), 1);
    }
    QFile file(path());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), m_data);
}

TEST_F(PartFileWriterTest, BytesAlreadyOnDiskAreHashedAndAGapIsAnError) {
    const qint64 half = m_data.size() / 2;
    ASSERT_EQ(::pwrite(m_fd, m_data.constData(), half, 0), half);
    {
        PartFileWriter writer(m_fd, {{0, half}}, [] {});
        writer.write(half, m_data.mid(half));
        writer.finish(m_data.size());
        ASSERT_TRUE(waitFor([&] { return writer.finished(); }));
        EXPECT_EQ(writer.sha256Hex(), expectedSha());
    }
    PartFileWriter gappy(m_fd, {{0, 100}}, [] {});
    gappy.write(200, m_data.mid(200, 100));
    EXPECT_EQ(gappy.writtenEnd(50), 100);
    EXPECT_EQ(gappy.writtenEnd(150), 150);  // nothing there
    gappy.finish(300);
    ASSERT_TRUE(waitFor([&] { return gappy.finished(); }));
    EXPECT_TRUE(gappy.error().contains(QStringLiteral("gap at byte 100")))
        << gappy.error().toStdString();
}

TEST_F(PartFileWriterTest, AFailedWriteIsReported) {
    const int readOnly = ::open(QFile::encodeName(path()).constData(), O_RDONLY);
    ASSERT_GE(readOnly, 0);
    {
        PartFileWriter writer(readOnly, {}, [&] { ++m_notices; });
        writer.write(0, m_data.left(1000));
        ASSERT_TRUE(waitFor([&] { return !writer.error().isEmpty(); }));
        EXPECT_TRUE(writer.error().contains(QStringLiteral("cannot write")))
            << writer.error().toStdString();
        EXPECT_EQ(m_notices.load(), 1);
    }
    ::close(readOnly);
}

}  // namespace
}  // namespace hearth::library

// Crash safety: a writer process streaming an answer is killed with SIGKILL mid-stream. The
// database must then open cleanly, hold every update committed before the kill, and show the
// answer as interrupted.
#include <QElapsedTimer>
#include <QProcess>
#include <algorithm>

#include "storage_test_support.h"

namespace hearth::storage::testing {
namespace {

struct WriterOutput {
    qint64 messageId = 0;
    long committed = 0;  // the last update the writer reported committed
};

void parse(const QByteArray& output, WriterOutput& out) {
    for (const QByteArray& line : output.split('\n')) {
        if (line.startsWith("message ")) out.messageId = line.mid(8).toLongLong();
        // A line cut by the kill still names an update that committed before it was printed.
        if (line.startsWith("committed "))
            out.committed = std::max(out.committed, line.mid(10).toLong());
    }
}

QString expectedPrefix(long committed) {
    QString text;
    for (long n = 1; n <= committed; ++n) text += QStringLiteral("w%1 ").arg(n);
    return text;
}

class CrashTest : public HistoryTest {};

TEST_F(CrashTest, AWriterKilledMidStreamLeavesEverythingCommittedAndMarksTheAnswerInterrupted) {
    // Three kills at different moments of the stream, on the same file.
    for (long killAfter : {40L, 400L, 1500L}) {
        SCOPED_TRACE("killed after " + std::to_string(killAfter) + " updates");
        QProcess writer;
        writer.start(QStringLiteral(HEARTH_STORAGE_WRITER), {QStringLiteral("stream"), m_path});
        ASSERT_TRUE(writer.waitForStarted());
        QByteArray output;
        WriterOutput seen;
        QElapsedTimer timer;
        timer.start();
        while (seen.committed < killAfter && writer.state() == QProcess::Running &&
               timer.elapsed() < 60000) {
            writer.waitForReadyRead(100);
            output += writer.readAllStandardOutput();
            parse(output, seen);
        }
        ASSERT_GE(seen.committed, killAfter) << writer.readAllStandardError().toStdString();
        writer.kill();  // SIGKILL: no destructor, no close, possibly mid-transaction
        writer.waitForFinished();
        output += writer.readAllStandardOutput();
        parse(output, seen);

        auto h = open();
        ASSERT_TRUE(h);
        ASSERT_OK(h->checkIntegrity());
        EXPECT_EQ(h->interruptedOnOpen(), 1);
        auto answer = h->message(seen.messageId);
        ASSERT_OK(answer);
        EXPECT_EQ(answer->state, MessageState::Interrupted);
        EXPECT_TRUE(answer->content.startsWith(expectedPrefix(seen.committed)))
            << "has " << answer->content.size() << " characters";
        EXPECT_GE(answer->reasoning.mid(5).toLong(), seen.committed);
        auto path = h->currentPath(answer->conversationId);
        ASSERT_OK(path);
        ASSERT_EQ(path->size(), 2u);
        EXPECT_EQ((*path)[0].content, QStringLiteral("Count for me"));
        const std::vector<SearchHit> hits =
            h->search(QStringLiteral("w%1").arg(seen.committed)).value();
        EXPECT_TRUE(std::any_of(hits.begin(), hits.end(), [&](const SearchHit& hit) {
            return hit.messageId == seen.messageId;
        }));  // the full-text index is consistent with the table
    }
}

}  // namespace
}  // namespace hearth::storage::testing

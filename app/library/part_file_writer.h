// Writes a download's bytes into its partial file, and hashes the file in order, on a thread
// of its own: the thread that reads the network (the window's, in the app) never waits for the
// disk, and hashing overlaps the transfer. Bytes may come at any offsets (one run per
// connection); what is written is tracked as runs, and the hash follows the run that starts at
// byte 0, reading back from the page cache what arrived ahead of it.
#pragma once

#include <QByteArray>
#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "library/sha256.h"

namespace hearth::library {

class PartFileWriter {
public:
    // Called on the writer's thread when the caller may want to look again: the backlog fell
    // low after being high, a write failed, or finish() is done.
    using Notify = std::function<void()>;

    // `fd` stays the caller's to close, after this is destroyed. `onDisk`: runs [start, end)
    // already in the file, hashed in the background from the start.
    PartFileWriter(int fd, const std::vector<std::pair<qint64, qint64>>& onDisk, Notify notify);
    ~PartFileWriter();  // stop()
    PartFileWriter(const PartFileWriter&) = delete;
    PartFileWriter& operator=(const PartFileWriter&) = delete;

    void write(qint64 offset, QByteArray bytes);
    qint64 backlogBytes() const;
    bool backlogHigh() const;
    // The end of the written run that holds `offset` (`offset` itself if none does).
    qint64 writtenEnd(qint64 offset) const;
    QString error() const;  // the first failure, or empty

    // After the last write: the hash reads up to `total`, and the file is flushed to disk.
    void finish(qint64 total);
    bool finished() const;
    QByteArray sha256Hex() const;  // once finished() without error()

    // Writes what is queued, then ends the thread (no more hashing).
    void stop();

private:
    void run();
    void addRun(qint64 start, qint64 end);
    void writeBehind(qint64 offset, qint64 size);
    void hashAhead(std::unique_lock<std::mutex>& lock);

    int m_fd;
    Notify m_notify;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::pair<qint64, QByteArray>> m_queue;
    qint64 m_backlog = 0;
    bool m_wasHigh = false;
    std::map<qint64, qint64> m_written;  // runs on disk: start -> end
    qint64 m_hashed = 0;
    // The writer thread's alone: the span written since the last writeback, and the one before.
    qint64 m_spanFrom = std::numeric_limits<qint64>::max();
    qint64 m_spanTo = 0;
    qint64 m_spanBytes = 0;
    qint64 m_previousFrom = 0;
    qint64 m_previousTo = 0;
    qint64 m_finishTotal = -1;  // set by finish()
    bool m_finished = false;
    bool m_stopping = false;
    QString m_error;
    QByteArray m_sha256;
    Sha256 m_hash;  // the writer thread's alone
    std::thread m_thread;
};

}  // namespace hearth::library

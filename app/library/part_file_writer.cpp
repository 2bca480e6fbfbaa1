#include "library/part_file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace hearth::library {

namespace {

constexpr qint64 kBacklogHigh = qint64{64} << 20;  // the reader should wait
constexpr qint64 kBacklogLow = qint64{16} << 20;   // and may go on
constexpr qint64 kReadBackBytes = qint64{8} << 20;
// Writeback is started every this many bytes, so that the fsync at the end waits for little
// (2 GB left for it took seconds).
constexpr qint64 kWritebackBytes = qint64{64} << 20;

QString systemError(const char* what) {
    return QStringLiteral("%1: %2").arg(QLatin1String(what),
                                        QString::fromLocal8Bit(strerror(errno)));
}

bool writeAll(int fd, const char* data, qint64 size, qint64 offset) {
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, static_cast<size_t>(size), offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= n;
        offset += n;
    }
    return true;
}

}  // namespace

PartFileWriter::PartFileWriter(int fd, const std::vector<std::pair<qint64, qint64>>& onDisk,
                               Notify notify)
    : m_fd(fd), m_notify(std::move(notify)) {
    for (const auto& [start, end] : onDisk)
        if (end > start) addRun(start, end);
    m_thread = std::thread([this] { run(); });
}

PartFileWriter::~PartFileWriter() {
    stop();
}

void PartFileWriter::addRun(qint64 start, qint64 end) {
    auto it = m_written.upper_bound(start);
    if (it != m_written.begin() && std::prev(it)->second >= start) {
        --it;
        start = it->first;
        end = std::max(end, it->second);
        it = m_written.erase(it);
    }
    while (it != m_written.end() && it->first <= end) {
        end = std::max(end, it->second);
        it = m_written.erase(it);
    }
    m_written.emplace(start, end);
}

void PartFileWriter::write(qint64 offset, QByteArray bytes) {
    if (bytes.isEmpty()) return;
    std::lock_guard lock(m_mutex);
    if (m_stopping) return;
    m_backlog += bytes.size();
    if (m_backlog >= kBacklogHigh) m_wasHigh = true;
    m_queue.emplace_back(offset, std::move(bytes));
    m_wake.notify_one();
}

qint64 PartFileWriter::backlogBytes() const {
    std::lock_guard lock(m_mutex);
    return m_backlog;
}

bool PartFileWriter::backlogHigh() const {
    std::lock_guard lock(m_mutex);
    return m_wasHigh;
}

qint64 PartFileWriter::writtenEnd(qint64 offset) const {
    std::lock_guard lock(m_mutex);
    auto it = m_written.upper_bound(offset);
    if (it == m_written.begin()) return offset;
    --it;
    return std::max(offset, it->second);
}

QString PartFileWriter::error() const {
    std::lock_guard lock(m_mutex);
    return m_error;
}

void PartFileWriter::finish(qint64 total) {
    std::lock_guard lock(m_mutex);
    m_finishTotal = total;
    m_wake.notify_one();
}

bool PartFileWriter::finished() const {
    std::lock_guard lock(m_mutex);
    return m_finished;
}

QByteArray PartFileWriter::sha256Hex() const {
    std::lock_guard lock(m_mutex);
    return m_sha256;
}

void PartFileWriter::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_wake.notify_one();
    }
    if (m_thread.joinable()) m_thread.join();
}

void PartFileWriter::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        hashAhead(lock);
        if (!m_queue.empty()) {
            const auto [offset, bytes] = std::move(m_queue.front());
            m_queue.pop_front();
            const bool failedBefore = !m_error.isEmpty();
            const bool inOrder = offset == m_hashed && !m_stopping && !failedBefore;
            lock.unlock();
            bool ok = true;
            if (!failedBefore) {  // after a failure the queue is only emptied
                ok = writeAll(m_fd, bytes.constData(), bytes.size(), offset);
                if (ok && inOrder) m_hash.add(bytes);  // while the bytes are in the CPU's cache
                if (ok) writeBehind(offset, bytes.size());
            }
            const QString failure = ok ? QString() : systemError("cannot write the partial file");
            lock.lock();
            m_backlog -= bytes.size();
            bool tell = false;
            if (!failedBefore && ok) {
                addRun(offset, offset + bytes.size());
                if (inOrder) m_hashed += bytes.size();
            } else if (!failedBefore) {
                m_error = failure;
                tell = true;
            }
            if (m_wasHigh && m_backlog <= kBacklogLow) {
                m_wasHigh = false;
                tell = true;
            }
            if (tell) {
                lock.unlock();
                m_notify();
                lock.lock();
            }
            continue;
        }
        if (m_stopping) return;
        if (m_finishTotal >= 0 && !m_finished) {
            if (m_error.isEmpty() && m_hashed != m_finishTotal)
                m_error = QStringLiteral("the partial file has a gap at byte %1").arg(m_hashed);
            if (m_error.isEmpty()) {
                lock.unlock();
                const bool synced = ::fsync(m_fd) == 0;
                const QString failure =
                    synced ? QString() : systemError("cannot write the partial file");
                lock.lock();
                m_error = failure;
                if (synced) m_sha256 = m_hash.hex();
            }
            m_finished = true;
            lock.unlock();
            m_notify();
            lock.lock();
            continue;
        }
        m_wake.wait(lock, [this] {
            return !m_queue.empty() || m_stopping || (m_finishTotal >= 0 && !m_finished);
        });
    }
}

// Starts writing each 64 MB to disk as soon as it is in, and waits for the 64 MB before
// (it has had a whole span's time): what is left for the final fsync stays small, and a disk
// slower than the network sets the pace through the backlog instead of piling up gigabytes of
// dirty pages for the end.
void PartFileWriter::writeBehind(qint64 offset, qint64 size) {
    m_spanFrom = std::min(m_spanFrom, offset);  // one run per connection: their hull
    m_spanTo = std::max(m_spanTo, offset + size);
    if ((m_spanBytes += size) < kWritebackBytes) return;
    ::sync_file_range(m_fd, m_spanFrom, m_spanTo - m_spanFrom, SYNC_FILE_RANGE_WRITE);
    if (m_previousTo > m_previousFrom)
        ::sync_file_range(
            m_fd, m_previousFrom, m_previousTo - m_previousFrom,
            SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    m_previousFrom = m_spanFrom;
    m_previousTo = m_spanTo;
    m_spanFrom = std::numeric_limits<qint64>::max();
    m_spanTo = m_spanBytes = 0;
}

// Hashes what is on disk past where the hash has reached (bytes that came ahead of it, or
// were there before this writer): one slice between two queued writes, all of it when idle.
void PartFileWriter::hashAhead(std::unique_lock<std::mutex>& lock) {
    QByteArray buffer;
    for (bool first = true; !m_stopping && m_error.isEmpty() && (first || m_queue.empty());
         first = false) {
        auto it = m_written.upper_bound(m_hashed);
        if (it == m_written.begin()) return;
        --it;
        if (it->second <= m_hashed) return;
        const qint64 at = m_hashed;
        const qint64 n = std::min(it->second - at, kReadBackBytes);
        lock.unlock();
        buffer.resize(n);
        const bool ok = ::pread(m_fd, buffer.data(), static_cast<size_t>(n), at) == n;
        if (ok) m_hash.add(buffer);
        const QString failure = ok ? QString() : systemError("cannot read the partial file");
        lock.lock();
        if (!ok) {
            m_error = failure;
            lock.unlock();
            m_notify();
            lock.lock();
            return;
        }
        m_hashed = at + n;
    }
}

}  // namespace hearth::library

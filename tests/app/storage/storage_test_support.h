// Shared by the storage tests: a history database in a fresh temporary folder, a clock that
// moves one second per reading (so every write has its own time), and assertions that print
// a failed Status's message.
#pragma once

#include <gtest/gtest.h>

#include <QTemporaryDir>
#include <memory>

#include "storage/history.h"

namespace hearth::storage::testing {

// Lets ASSERT_OK take a Status and a Result alike.
inline Status statusOf(const Status& s) {
    return s;
}
template <typename T>
Status statusOf(const Result<T>& r) {
    return r.status();
}

class HistoryTest : public ::testing::Test {
protected:
    // Opens (or reopens) the database file with the fake clock and `options`.
    std::unique_ptr<History> open(HistoryOptions options = {});
    HistoryOptions clockOptions();

    QTemporaryDir m_dir;
    QString m_path = m_dir.filePath(QStringLiteral("hearth.db"));
    // 2024-05-01 12:00:00 UTC, then one second later at each reading.
    std::shared_ptr<qint64> m_clockMs = std::make_shared<qint64>(1714564800000);
};

// Adds a message and returns its id (fails the test on error).
qint64 addMessage(History& history, qint64 conversation, qint64 parent, Role role,
                  const QString& content);

}  // namespace hearth::storage::testing

#define ASSERT_OK(expr)                                                                    \
    do {                                                                                   \
        const ::hearth::Status hearthStatus_ = ::hearth::storage::testing::statusOf(expr); \
        ASSERT_TRUE(hearthStatus_.ok()) << hearthStatus_.message();                        \
    } while (false)

#include "storage_test_support.h"

namespace hearth::storage::testing {

HistoryOptions HistoryTest::clockOptions() {
    HistoryOptions options;
    std::shared_ptr<qint64> clock = m_clockMs;
    options.clock = [clock] {
        *clock += 1000;
        return QDateTime::fromMSecsSinceEpoch(*clock, Qt::UTC);
    };
    return options;
}

std::unique_ptr<History> HistoryTest::open(HistoryOptions options) {
    if (!options.clock) options.clock = clockOptions().clock;
    auto history = History::open(m_path, std::move(options));
    EXPECT_TRUE(history.ok()) << history.status().message();
    return history.ok() ? std::move(history).value() : nullptr;
}

qint64 addMessage(History& history, qint64 conversation, qint64 parent, Role role,
                  const QString& content) {
    NewMessage m;
    m.parentId = parent;
    m.role = role;
    m.content = content;
    auto id = history.addMessage(conversation, m);
    EXPECT_TRUE(id.ok()) << id.status().message();
    return id.ok() ? *id : 0;
}

}  // namespace hearth::storage::testing

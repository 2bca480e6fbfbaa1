// hearth-storage-writer: a separate process that writes the history the way the app does, for
// tests that need one (storage_crash_test.cpp kills it mid-stream; the CLI test reads what it
// seeds).
//
//   hearth-storage-writer stream DB   a conversation with a generating answer, then updates
//                                     forever; after each committed update prints
//                                     "committed N" (the answer is then "w1 w2 ... wN")
//   hearth-storage-writer seed DB     two finished conversations, one with a regenerated answer
#include <QCoreApplication>
#include <cstdio>

#include "storage/history.h"

using namespace hearth::storage;

namespace {

int fail(const hearth::Status& status) {
    std::fprintf(stderr, "hearth-storage-writer: %s\n", status.message().c_str());
    return 1;
}

int stream(History& h) {
    auto c = h.createConversation({.title = QStringLiteral("Streaming")});
    if (!c.ok()) return fail(c.status());
    auto q = h.addMessage(*c, {.role = Role::User, .content = QStringLiteral("Count for me")});
    if (!q.ok()) return fail(q.status());
    auto a = h.addMessage(
        *c, {.parentId = *q, .role = Role::Assistant, .state = MessageState::Generating});
    if (!a.ok()) return fail(a.status());
    std::printf("message %lld\n", static_cast<long long>(*a));
    std::fflush(stdout);
    QString content;
    for (long n = 1;; ++n) {
        content += QStringLiteral("w%1 ").arg(n);
        const QString reasoning = QStringLiteral("step %1").arg(n);
        if (hearth::Status s = h.updateGenerating(*a, content, reasoning); !s.ok()) return fail(s);
        std::printf("committed %ld\n", n);
        std::fflush(stdout);
    }
}

int seed(History& h) {
    auto c = h.createConversation({.title = QStringLiteral("Greetings")});
    if (!c.ok()) return fail(c.status());
    auto q = h.addMessage(*c, {.role = Role::User, .content = QStringLiteral("Say hello")});
    if (!q.ok()) return fail(q.status());
    for (const char* answer : {"Hi.", "Hello there!"}) {
        auto a = h.addMessage(*c, {.parentId = *q,
                                   .role = Role::Assistant,
                                   .content = QString::fromUtf8(answer),
                                   .reasoning = QStringLiteral("A greeting is polite.")});
        if (!a.ok()) return fail(a.status());
    }
    auto other = h.createConversation({.title = QStringLiteral("Second")});
    if (!other.ok()) return fail(other.status());
    auto m = h.addMessage(*other, {.role = Role::User, .content = QStringLiteral("Ünïcode ✓")});
    if (!m.ok()) return fail(m.status());
    std::printf("%lld %lld\n", static_cast<long long>(*c), static_cast<long long>(*other));
    return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 3 ||
        (args[1] != QLatin1String("stream") && args[1] != QLatin1String("seed"))) {
        std::fputs("usage: hearth-storage-writer stream|seed DB\n", stderr);
        return 2;
    }
    auto history = History::open(args[2]);
    if (!history.ok()) return fail(history.status());
    return args[1] == QLatin1String("stream") ? stream(**history) : seed(**history);
}

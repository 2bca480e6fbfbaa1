// hearth-history-bench: the history at scale (issue 5 §6), a benchmark, not a test.
//
//   hearth-history-bench [--db FILE] [--conversations N] [--messages N] [--keep]
//   hearth-history-bench --db FILE --no-fill    measure a database this tool filled before
//
// Fills a database (default: a temporary file) with N conversations and N messages (defaults
// 10,000 and 1,000,000; one conversation is a 2,000-message chain, the others share the rest)
// of Zipf-like synthetic prose, in one transaction through History's prepared statements.
// Then reopens it and measures what the app does at start and on clicks: opening the
// database, listing conversations, the 2,000-message path, and full-text searches over all
// messages; then the same click through the window's controller (ui_models/chat_controller.h:
// the path read and handed to the message list model, which QML shows lazily). Prints each
// figure with its target.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "storage/history.h"
#include "ui_models/chat_controller.h"

using namespace hearth::storage;

namespace {

constexpr int kLongConversationMessages = 2000;

// Made-up words from syllables: a vocabulary that no dictionary skews, used with a Zipf-like
// draw so a few words are everywhere and most are rare, as in real text.
std::vector<QString> makeVocabulary(std::mt19937& rng, int size) {
    static const char* syllables[] = {"ka", "lo", "mi", "ne",  "ru",  "sa",  "ti",
                                      "vo", "ze", "qu", "bra", "cle", "dro", "fi",
                                      "gu", "ho", "ja", "pe",  "sto", "wy"};
    std::vector<QString> words;
    QSet<QString> seen;
    std::uniform_int_distribution<int> count(2, 4), pick(0, 19);
    while (static_cast<int>(words.size()) < size) {
        QString w;
        for (int i = count(rng); i > 0; --i) w += QLatin1String(syllables[pick(rng)]);
        if (!seen.contains(w)) {
            seen.insert(w);
            words.push_back(w);
        }
    }
    return words;
}

QString sentence(std::mt19937& rng, const std::vector<QString>& vocabulary, int words) {
    std::uniform_real_distribution<double> u(0, 1);
    QString text;
    for (int i = 0; i < words; ++i) {
        const double x = u(rng);
        const auto index = static_cast<size_t>(x * x * x * static_cast<double>(vocabulary.size()));
        text += vocabulary[std::min(index, vocabulary.size() - 1)];
        text += i % 12 == 11 ? QStringLiteral(". ") : QStringLiteral(" ");
    }
    return text;
}

double ms(const QElapsedTimer& t) {
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

long rssMegabytes() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ')[0].toLong() / 1024;
    return -1;
}

// The median of `runs` timings of `work` in milliseconds.
template <typename F>
double median(int runs, F&& work) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        times.push_back(ms(t));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

void check(const hearth::Status& s) {
    if (!s.ok()) {
        std::fprintf(stderr, "hearth-history-bench: %s\n", s.message().c_str());
        std::exit(1);
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments();
    QString path;
    int conversations = 10000;
    int messages = 1000000;
    bool keep = false;
    bool shouldFill = true;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--db") && i + 1 < args.size())
            path = args[++i];
        else if (args[i] == QLatin1String("--conversations") && i + 1 < args.size())
            conversations = args[++i].toInt();
        else if (args[i] == QLatin1String("--messages") && i + 1 < args.size())
            messages = args[++i].toInt();
        else if (args[i] == QLatin1String("--keep"))
            keep = true;
        else if (args[i] == QLatin1String("--no-fill"))
            shouldFill = false;
        else {
            std::fputs(
                "usage: hearth-history-bench [--db FILE] [--conversations N] "
                "[--messages N] [--keep] [--no-fill]\n",
                stderr);
            return 2;
        }
    }
    if (conversations < 2 || messages < kLongConversationMessages + conversations) {
        std::fputs(
            "hearth-history-bench: need at least 2 conversations and 2,000 messages more "
            "than conversations\n",
            stderr);
        return 2;
    }
    QTemporaryDir dir;
    if (path.isEmpty()) path = dir.filePath(QStringLiteral("hearth.db"));
    dir.setAutoRemove(!keep);

    std::mt19937 rng(42);
    const std::vector<QString> vocabulary = makeVocabulary(rng, 20000);
    qint64 longConversation = 1;  // the first one written
    if (shouldFill) {
        auto history = History::open(path);
        check(history.status());
        History& h = **history;
        QElapsedTimer fill;
        fill.start();
        check(h.transaction([&]() -> hearth::Status {
            const int rest = messages - kLongConversationMessages;
            for (int c = 0; c < conversations; ++c) {
                auto id = h.createConversation({.title = sentence(rng, vocabulary, 4).trimmed()});
                if (!id.ok()) return id.status();
                const int count = c == 0 ? kLongConversationMessages
                                         : rest / (conversations - 1) +
                                               (c - 1 < rest % (conversations - 1) ? 1 : 0);
                if (c == 0) longConversation = *id;
                qint64 parent = 0;
                std::uniform_int_distribution<int> length(8, 90);
                for (int m = 0; m < count; ++m) {
                    NewMessage message{.parentId = parent,
                                       .role = m % 2 ? Role::Assistant : Role::User,
                                       .content = sentence(rng, vocabulary, length(rng))};
                    if (m % 2 && m % 5 == 1) message.reasoning = sentence(rng, vocabulary, 30);
                    auto added = h.addMessage(*id, message);
                    if (!added.ok()) return added.status();
                    parent = *added;
                }
                if (c % 1000 == 999)
                    std::fprintf(stderr, "  %d conversations written (%.0f s)\n", c + 1,
                                 ms(fill) / 1000);
            }
            return hearth::Status();
        }));
        std::printf("fill: %d conversations, %d messages in %.1f s (%.0f messages/s)\n",
                    conversations, messages, ms(fill) / 1000, messages / (ms(fill) / 1000));
    }
    std::printf("database: %.0f MB\n",
                static_cast<double>(QFileInfo(path).size() +
                                    QFileInfo(path + QStringLiteral("-wal")).size()) /
                    1e6);

    const long rssBefore = rssMegabytes();
    QElapsedTimer openTimer;
    openTimer.start();
    auto reopened = History::open(path);
    check(reopened.status());
    History& h = **reopened;
    std::printf("open (migrations checked, interrupted answers recovered): %.1f ms\n",
                ms(openTimer));

    QElapsedTimer t;
    t.start();
    auto list = h.listConversations();
    check(list.status());
    const double listFirst = ms(t);  // before the median's runs: argument order is unspecified
    std::printf("list conversations: %zu in %.1f ms first, %.1f ms median of 5\n", list->size(),
                listFirst, median(5, [&] { (void)h.listConversations(); }));

    t.restart();
    auto path2000 = h.currentPath(longConversation);
    check(path2000.status());
    const double pathFirst = ms(t);
    std::printf(
        "open the 2,000-message conversation (path root to leaf): %zu messages in "
        "%.1f ms first, %.1f ms median of 5 (target < 100 ms)\n",
        path2000->size(), pathFirst, median(5, [&] { (void)h.currentPath(longConversation); }));

    {
        hearth::ui::ChatController chat(path);
        t.restart();
        chat.select(longConversation);
        const double first = ms(t);
        std::printf(
            "open it in the window's controller: %d rows in %.1f ms first, %.1f ms median of 5 "
            "(target < 100 ms)\n",
            chat.messages()->rowCount(), first, median(5, [&] {
                chat.select(0);
                chat.select(longConversation);
            }));
    }

    // A word in most messages, a middling one, a rare one, two words, and typing in progress
    // (a 3-character prefix of a common word, and a longer one).
    const std::vector<QString> queries = {
        vocabulary[0],         vocabulary[300],
        vocabulary[12000],     vocabulary[40] + QLatin1Char(' ') + vocabulary[900],
        vocabulary[1].left(3), vocabulary[2000].left(4)};
    for (const QString& q : queries) {
        t.restart();
        auto hits = h.search(q);
        check(hits.status());
        const double first = ms(t);
        std::printf(
            "search \"%s\": %zu hits (limit 50) in %.1f ms first, %.1f ms median of 5 "
            "(target < 100 ms)\n",
            qPrintable(q), hits->size(), first, median(5, [&] { (void)h.search(q); }));
    }
    std::printf("memory: %ld MB resident before opening, %ld MB after these queries\n", rssBefore,
                rssMegabytes());
    if (keep) std::printf("kept %s\n", qPrintable(path));
    return 0;
}

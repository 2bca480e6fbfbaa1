// Export to JSON and Markdown, and import of the JSON: a round trip keeps everything, and
// malformed input imports nothing.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "storage/history_export.h"
#include "storage/history_files.h"
#include "storage_test_support.h"

namespace hearth::storage::testing {
namespace {

class ExportTest : public HistoryTest {
protected:
    // A conversation with a regenerated answer, reasoning, stats and settings.
    qint64 fill(History& h) {
        const qint64 c =
            h.createConversation({.title = QStringLiteral("Primes ✓"),
                                  .settings = {.systemPrompt = QStringLiteral("Be exact."),
                                               .sampling = {{QStringLiteral("temperature"), 0.6},
                                                            {QStringLiteral("top_p"), 0.95}},
                                               .modelPath = QStringLiteral("/models/r1.gguf")}})
                .value();
        const qint64 q = addMessage(h, c, 0, Role::User, QStringLiteral("Is 91 prime?"));
        addMessage(h, c, q, Role::Assistant, QStringLiteral("Yes."));
        auto a = h.addMessage(c, {.parentId = q,
                                  .role = Role::Assistant,
                                  .content = QStringLiteral("No: 91 = 7 × 13."),
                                  .reasoning = QStringLiteral("Try 7."),
                                  .model = QStringLiteral("r1"),
                                  .stats = {.promptTokens = 9,
                                            .completionTokens = 0,
                                            .timeToFirstTokenMs = 120.5,
                                            .tokensPerSecond = 30.0,
                                            .reasoningSeconds = 2.0}});
        EXPECT_TRUE(a.ok());
        h.createConversation({.title = QStringLiteral("Empty")}).value();
        return c;
    }
    // The export with every id replaced by its message's position, so exports of different
    // databases compare by content.
    static QJsonObject canonical(const QByteArray& json) {
        QJsonObject root = QJsonDocument::fromJson(json).object();
        QJsonArray conversations;
        for (const QJsonValue& cv : root[QStringLiteral("conversations")].toArray()) {
            QJsonObject c = cv.toObject();
            std::map<qint64, int> position;
            QJsonArray messages;
            for (const QJsonValue& mv : c[QStringLiteral("messages")].toArray()) {
                QJsonObject m = mv.toObject();
                const qint64 id = m[QStringLiteral("id")].toInteger();
                const int index = static_cast<int>(position.size());
                position[id] = index;
                m[QStringLiteral("id")] = position[id];
                if (!m[QStringLiteral("parent")].isNull())
                    m[QStringLiteral("parent")] =
                        position.at(m[QStringLiteral("parent")].toInteger());
                messages.append(m);
            }
            c[QStringLiteral("messages")] = messages;
            c.remove(QStringLiteral("id"));
            if (!c[QStringLiteral("current_leaf")].isNull())
                c[QStringLiteral("current_leaf")] =
                    position.at(c[QStringLiteral("current_leaf")].toInteger());
            conversations.append(c);
        }
        root[QStringLiteral("conversations")] = conversations;
        return root;
    }
};

TEST_F(ExportTest, JsonRoundTripKeepsEverything) {
    QByteArray first;
    {
        auto h = open();
        fill(*h);
        first = exportJson(*h).value();
    }
    QTemporaryDir other;
    m_path = other.filePath(QStringLiteral("other.db"));
    auto h = open();
    auto imported = importJson(*h, first);
    ASSERT_OK(imported);
    ASSERT_EQ(imported->size(), 2u);  // "Empty", then "Primes" (the sidebar's order)
    const QByteArray second = exportJson(*h).value();
    EXPECT_EQ(canonical(second), canonical(first));
    // The branch on screen came back too.
    EXPECT_EQ(h->currentPath(imported->back())->back().content, QStringLiteral("No: 91 = 7 × 13."));
}

TEST_F(ExportTest, JsonHoldsTheWholeTreeAndItsVersion) {
    auto h = open();
    const qint64 c = fill(*h);
    const QJsonObject root = QJsonDocument::fromJson(exportJson(*h, c).value()).object();
    EXPECT_EQ(root[QStringLiteral("format")].toString(), QStringLiteral("hearth-history"));
    EXPECT_EQ(root[QStringLiteral("version")].toInt(), kHistoryExportVersion);
    const QJsonArray conversations = root[QStringLiteral("conversations")].toArray();
    ASSERT_EQ(conversations.size(), 1);
    const QJsonArray messages = conversations[0].toObject()[QStringLiteral("messages")].toArray();
    ASSERT_EQ(messages.size(), 3);  // both answers, not only the branch on screen
    EXPECT_EQ(messages[2].toObject()[QStringLiteral("reasoning")].toString(),
              QStringLiteral("Try 7."));
    EXPECT_EQ(messages[2].toObject()[QStringLiteral("completion_tokens")].toInt(-1), 0);
    EXPECT_TRUE(messages[0].toObject()[QStringLiteral("prompt_tokens")].isNull());
}

TEST_F(ExportTest, MarkdownShowsTheBranchOnScreenWithReasoningApart) {
    auto h = open();
    const qint64 c = fill(*h);
    const QString md = exportMarkdown(*h, c).value();
    EXPECT_TRUE(md.startsWith(QStringLiteral("# Primes ✓\n"))) << md.toStdString();
    EXPECT_TRUE(md.contains(QStringLiteral("## User\n\nIs 91 prime?")));
    EXPECT_TRUE(md.contains(QStringLiteral("<summary>Thought for 2 s</summary>\n\nTry 7.")));
    EXPECT_TRUE(md.contains(QStringLiteral("No: 91 = 7 × 13.")));
    EXPECT_FALSE(md.contains(QStringLiteral("Yes.")));  // the other branch
    EXPECT_TRUE(md.contains(QStringLiteral("> Be exact.")));
}

TEST_F(ExportTest, MalformedImportChangesNothingAndSaysWhere) {
    auto h = open();
    fill(*h);
    const QByteArray before = exportJson(*h).value();
    QJsonObject root = QJsonDocument::fromJson(before).object();
    QJsonArray conversations = root[QStringLiteral("conversations")].toArray();
    QJsonObject bad = conversations[1].toObject();  // [0] is "Empty"
    QJsonArray messages = bad[QStringLiteral("messages")].toArray();
    QJsonObject last = messages[2].toObject();
    last[QStringLiteral("role")] = QStringLiteral("wizard");
    messages[2] = last;
    bad[QStringLiteral("messages")] = messages;
    conversations.append(bad);  // a good conversation comes first: it must not stay either
    root[QStringLiteral("conversations")] = conversations;

    const std::vector<std::pair<QByteArray, std::string>> cases = {
        {QJsonDocument(root).toJson(), "conversation 3, message 3: unknown role 'wizard'"},
        {"{not json", "not valid JSON"},
        {"[]", "not a Hearth history export"},
        {R"({"format":"hearth-history","version":99,"conversations":[]})", "newer Hearth"},
        {R"({"format":"hearth-history","version":1,"conversations":[{"title":"t",)"
         R"("created_at":"2024-05-01T10:00:00.000Z","updated_at":"2024-05-01T10:00:00.000Z",)"
         R"("current_leaf":null,"messages":[{"id":1,"parent":7,"role":"user","content":"x",)"
         R"("state":"complete","created_at":"2024-05-01T10:00:00.000Z"}]}]})",
         "parent 7 is not an earlier message"},
        {R"({"format":"hearth-history","version":1,"conversations":[{"title":5}]})",
         "\"title\" must be a string"},
    };
    for (const auto& [input, expected] : cases) {
        auto imported = importJson(*h, input);
        ASSERT_FALSE(imported.ok()) << expected;
        EXPECT_NE(imported.status().message().find(expected), std::string::npos)
            << imported.status().message();
    }
    EXPECT_EQ(exportJson(*h).value(), before);
}

TEST_F(ExportTest, FilesExportByTheirExtensionAndImportBack) {
    auto h = open();
    const qint64 c = fill(*h);
    const QString json = m_dir.filePath(QStringLiteral("one.json"));
    const QString md = m_dir.filePath(QStringLiteral("one.MD"));
    ASSERT_OK(writeExportFile(*h, json, c));
    ASSERT_OK(writeExportFile(*h, md, c));
    QFile markdown(md);
    ASSERT_TRUE(markdown.open(QIODevice::ReadOnly));
    EXPECT_TRUE(markdown.readAll().startsWith("# Primes ✓\n"));

    auto imported = importExportFile(*h, json);
    ASSERT_OK(imported);
    ASSERT_EQ(imported->size(), 1u);
    EXPECT_EQ(h->currentPath(imported->front())->back().content,
              QStringLiteral("No: 91 = 7 × 13."));
}

TEST_F(ExportTest, AFailedExportLeavesTheOldFileAndABadImportFileNamesItself) {
    auto h = open();
    fill(*h);
    const QString missingDir = m_dir.filePath(QStringLiteral("no/such/dir/all.json"));
    const Status written = writeExportFile(*h, missingDir);
    ASSERT_FALSE(written.ok());
    EXPECT_NE(written.message().find("no/such/dir/all.json"), std::string::npos)
        << written.message();

    const QString bad = m_dir.filePath(QStringLiteral("notes.md"));
    QFile file(bad);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("# My notes\n");
    file.close();
    const QByteArray before = exportJson(*h).value();
    auto imported = importExportFile(*h, bad);
    ASSERT_FALSE(imported.ok());
    EXPECT_NE(imported.status().message().find("notes.md: not valid JSON"), std::string::npos)
        << imported.status().message();
    auto missing = importExportFile(*h, m_dir.filePath(QStringLiteral("gone.json")));
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.status().message().find("cannot read"), std::string::npos);
    EXPECT_EQ(exportJson(*h).value(), before);
}

}  // namespace
}  // namespace hearth::storage::testing

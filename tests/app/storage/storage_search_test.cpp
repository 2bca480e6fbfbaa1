// Full-text search: hits marked in the snippet, ranking, case and accents, non-ASCII text,
// and user input that looks like FTS5 query syntax.
#include "storage_test_support.h"

namespace hearth::storage::testing {
namespace {

class SearchTest : public HistoryTest {
protected:
    void SetUp() override {
        m_history = open();
        ASSERT_TRUE(m_history);
        m_conversation = m_history->createConversation({.title = QStringLiteral("Notes")}).value();
    }
    qint64 add(const QString& content, const QString& reasoning = {}) {
        auto id = m_history->addMessage(
            m_conversation, {.role = Role::Assistant, .content = content, .reasoning = reasoning});
        EXPECT_TRUE(id.ok()) << id.status().message();
        return id.ok() ? *id : 0;
    }
    std::vector<SearchHit> search(const QString& text) {
        auto hits = m_history->search(text);
        EXPECT_TRUE(hits.ok()) << hits.status().message();
        return hits.ok() ? *hits : std::vector<SearchHit>{};
    }

    std::unique_ptr<History> m_history;
    qint64 m_conversation = 0;
};

TEST_F(SearchTest, HitsAreMarkedInTheSnippet) {
    const qint64 id = add(QStringLiteral("The quick brown fox jumps over the lazy dog"));
    const std::vector<SearchHit> hits = search(QStringLiteral("fox"));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].messageId, id);
    EXPECT_EQ(hits[0].conversationId, m_conversation);
    EXPECT_EQ(hits[0].conversationTitle, QStringLiteral("Notes"));
    EXPECT_TRUE(hits[0].snippet.contains(QStringLiteral("\u0001fox\u0002")))
        << hits[0].snippet.toStdString();
    EXPECT_TRUE(highlightedHtml(hits[0].snippet).contains(QStringLiteral("<b>fox</b>")));
}

TEST_F(SearchTest, ReasoningIsSearchedToo) {
    const qint64 id = add(QStringLiteral("42"), QStringLiteral("Let me compute the answer"));
    const std::vector<SearchHit> hits = search(QStringLiteral("compute"));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].messageId, id);
    EXPECT_TRUE(hits[0].snippet.contains(QStringLiteral("\u0001compute\u0002")));
}

TEST_F(SearchTest, CaseAndAccentsAreIgnoredInNonAsciiText) {
    const qint64 id = add(QStringLiteral("Über das Café in Zürich: ПРИВЕТ мир"));
    EXPECT_EQ(search(QStringLiteral("über")).size(), 1u);
    EXPECT_EQ(search(QStringLiteral("CAFE")).size(), 1u);
    EXPECT_EQ(search(QStringLiteral("zurich")).size(), 1u);
    const std::vector<SearchHit> hits = search(QStringLiteral("привет"));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].messageId, id);
    EXPECT_TRUE(hits[0].snippet.contains(QStringLiteral("\u0001ПРИВЕТ\u0002")));
}

TEST_F(SearchTest, AllWordsMustAppearAndTheLastMayBeAPrefix) {
    add(QStringLiteral("vulkan shaders compile at build time"));
    add(QStringLiteral("vulkan drivers"));
    EXPECT_EQ(search(QStringLiteral("vulkan shaders")).size(), 1u);
    EXPECT_EQ(search(QStringLiteral("vulkan sha")).size(), 1u);  // typing in progress
    EXPECT_EQ(search(QStringLiteral("vulk")).size(), 2u);
    EXPECT_TRUE(search(QStringLiteral("shaders opengl")).empty());
}

TEST_F(SearchTest, PrefixesOfThreeCharactersOrMoreMatchAndAreMarked) {
    add(QStringLiteral("vulkan shaders in Zürich"));
    add(QStringLiteral("vulkanised rubber"));
    // Indexed prefix lengths (3 and 4 characters, "zür" being 4 bytes), and longer ones.
    for (const char* prefix : {"vul", "vulk", "vulka", "vulkan"})
        EXPECT_EQ(search(QString::fromUtf8(prefix)).size(), 2u) << prefix;
    const std::vector<SearchHit> hits = search(QStringLiteral("zür"));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_TRUE(hits[0].snippet.contains(QStringLiteral("\u0001Zürich\u0002")))
        << hits[0].snippet.toStdString();
    // Two characters are a whole word: as a prefix they would match most messages.
    EXPECT_TRUE(search(QStringLiteral("vu")).empty());
    EXPECT_EQ(search(QStringLiteral("in")).size(), 1u);
}

TEST_F(SearchTest, BetterMatchesRankFirst) {
    add(QStringLiteral("a long message that mentions llama once among many other words here"));
    const qint64 best = add(QStringLiteral("llama llama llama"));
    const std::vector<SearchHit> hits = search(QStringLiteral("llama"));
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].messageId, best);
    EXPECT_LE(hits[0].rank, hits[1].rank);
}

TEST_F(SearchTest, QuerySyntaxInUserInputIsTakenLiterally) {
    add(QStringLiteral("say \"hello\" AND goodbye OR NOT near*star (x) col:umn"));
    // Each of these is an error or means something else as raw FTS5 syntax.
    for (const QString& input :
         {QStringLiteral("\"hello"), QStringLiteral("hello\""), QStringLiteral("AND"),
          QStringLiteral("OR goodbye"), QStringLiteral("NOT"), QStringLiteral("near*"),
          QStringLiteral("*star"), QStringLiteral("(x)"), QStringLiteral("col:umn"),
          QStringLiteral("goodbye OR NEAR"), QStringLiteral("hello -goodbye"),
          QStringLiteral("^say"), QStringLiteral("say: hello")}) {
        SCOPED_TRACE(input.toStdString());
        auto hits = m_history->search(input);
        ASSERT_TRUE(hits.ok()) << hits.status().message();
        EXPECT_EQ(hits->size(), 1u);
    }
}

TEST_F(SearchTest, InputWithoutWordsFindsNothingWithoutError) {
    add(QStringLiteral("*** --- \"\""));
    for (const QString& input : {QString(), QStringLiteral("   "), QStringLiteral("***"),
                                 QStringLiteral("\"\""), QStringLiteral("-")}) {
        auto hits = m_history->search(input);
        ASSERT_TRUE(hits.ok()) << hits.status().message();
        EXPECT_TRUE(hits->empty());
    }
}

TEST_F(SearchTest, StreamedTextIsFoundAndDeletedConversationsAreNot) {
    auto id = m_history->addMessage(m_conversation,
                                    {.role = Role::Assistant, .state = MessageState::Generating});
    ASSERT_OK(id);
    ASSERT_OK(m_history->updateGenerating(*id, QStringLiteral("partial zebra"), QString()));
    EXPECT_EQ(search(QStringLiteral("zebra")).size(), 1u);
    ASSERT_OK(m_history->updateGenerating(*id, QStringLiteral("partial giraffe"), QString()));
    EXPECT_TRUE(search(QStringLiteral("zebra")).empty());  // the index follows the text
    ASSERT_OK(m_history->deleteConversation(m_conversation));
    EXPECT_TRUE(search(QStringLiteral("giraffe")).empty());
    ASSERT_OK(m_history->restoreConversation(m_conversation));
    EXPECT_EQ(search(QStringLiteral("giraffe")).size(), 1u);
}

TEST(HighlightTest, EscapesHtmlAndMarksHits) {
    EXPECT_EQ(highlightedHtml(QStringLiteral("a <tag> & \u0001hit\u0002.")),
              QStringLiteral("a &lt;tag&gt; &amp; <b>hit</b>."));
}

}  // namespace
}  // namespace hearth::storage::testing

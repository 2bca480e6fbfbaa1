// Finding models on Hugging Face: repository references, the Hub's answers read into models
// (split sets as one, sizes and SHA-256s from LFS), and a search, a paged file list and a
// download of what it found, all against a Hub played by a server on 127.0.0.1.
#include <gtest/gtest.h>

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTimer>

#include "fault_server.h"
#include "library/download.h"
#include "library/hugging_face.h"

namespace hearth::library {
namespace {

using hearth::testing::FaultServer;

QByteArray sha(char c) {
    return QByteArray(64, c);
}

// One tree entry as the Hub lists it.
QByteArray lfsFile(const QString& path, qint64 bytes, const QByteArray& oid) {
    return QStringLiteral(R"({"type":"file","oid":"0f0f","size":%1,"path":"%2",)"
                          R"("lfs":{"oid":"%3","size":%1,"pointerSize":135}})")
        .arg(bytes)
        .arg(path, QString::fromLatin1(oid))
        .toUtf8();
}

TEST(HuggingFaceTest, ARepositoryIsNamedByIdOrByAnyLinkToIt) {
    EXPECT_EQ(repoIdFrom(QStringLiteral("unsloth/DeepSeek-R1-GGUF")),
              QStringLiteral("unsloth/DeepSeek-R1-GGUF"));
    EXPECT_EQ(repoIdFrom(QStringLiteral(" https://huggingface.co/bartowski/Qwen2.5-7B-GGUF ")),
              QStringLiteral("bartowski/Qwen2.5-7B-GGUF"));
    EXPECT_EQ(repoIdFrom(QStringLiteral("https://huggingface.co/a/b/tree/main/sub?x=1")),
              QStringLiteral("a/b"));
    EXPECT_EQ(repoIdFrom(QStringLiteral("hf.co/a/b.c_d-e")), QStringLiteral("a/b.c_d-e"));
    EXPECT_TRUE(repoIdFrom(QStringLiteral("deepseek r1")).isEmpty());
    EXPECT_TRUE(repoIdFrom(QStringLiteral("a/b/c")).isEmpty());
    EXPECT_TRUE(repoIdFrom(QStringLiteral("../etc")).isEmpty());
    EXPECT_TRUE(repoIdFrom(QStringLiteral("a/..")).isEmpty());
    EXPECT_TRUE(repoIdFrom(QStringLiteral("https://example.com/a/b")).isEmpty());
}

TEST(HuggingFaceTest, ATreeBecomesModelsWithSplitSetsAsOne) {
    const QByteArray page1 = "[{\"type\":\"directory\",\"path\":\"Q2\"}," +
                             lfsFile("R1-Q4_K_M.gguf", 100, sha('a')) + "," +
                             lfsFile("Q2/R1-UD-IQ1_S-00002-of-00002.gguf", 20, sha('c')) + "," +
                             R"({"type":"file","path":"README.md","size":10},)" +
                             lfsFile("Q2/R1-UD-IQ1_S-00001-of-00002.gguf", 30, sha('b')) + "]";
    const QByteArray page2 = "[" + lfsFile("broken-00001-of-00003.gguf", 5, sha('d')) + "," +
                             lfsFile("R1-f16.gguf", 400, "not-a-sha") + "]";
    auto models = parseHubTree({page1, page2}, QStringLiteral("o/r"));
    ASSERT_TRUE(models.ok()) << models.status().message();
    ASSERT_EQ(models->size(), 3u);  // the incomplete set is left out
    const HubModel& split = (*models)[0];
    EXPECT_EQ(split.name, QStringLiteral("R1-UD-IQ1_S"));
    EXPECT_EQ(split.download.quant, QStringLiteral("IQ1_S"));
    ASSERT_EQ(split.download.files.size(), 2u);
    EXPECT_EQ(split.download.files[0].path, QStringLiteral("Q2/R1-UD-IQ1_S-00001-of-00002.gguf"));
    EXPECT_EQ(split.download.files[0].sha256, sha('b'));
    EXPECT_EQ(split.bytes(), 50);
    EXPECT_EQ((*models)[1].name, QStringLiteral("R1-Q4_K_M.gguf"));
    EXPECT_EQ((*models)[1].download.quant, QStringLiteral("Q4_K_M"));
    EXPECT_EQ((*models)[1].download.files[0].sha256, sha('a'));
    EXPECT_EQ((*models)[2].download.quant, QStringLiteral("F16"));
    EXPECT_TRUE((*models)[2].download.files[0].sha256.isEmpty());  // the hash comes from the etag
    EXPECT_EQ((*models)[1].download.url((*models)[1].download.files[0]),
              QUrl(QStringLiteral("https://huggingface.co/o/r/resolve/main/R1-Q4_K_M.gguf")));

    EXPECT_FALSE(parseHubTree({"{\"error\":\"x\"}"}, QStringLiteral("o/r")).ok());
    auto repos = parseHubSearch(R"([{"id":"a/b","downloads":5,"likes":2},{"id":"../x"}])");
    ASSERT_TRUE(repos.ok());
    ASSERT_EQ(repos->size(), 1u);
    EXPECT_EQ(repos->front().id, QStringLiteral("a/b"));
    EXPECT_EQ(repos->front().downloads, 5);
}

class HubSearchTest : public ::testing::Test {
protected:
    void SetUp() override {
        qputenv("HF_ENDPOINT", m_server.url(QStringLiteral("/")).toString().toUtf8());
    }
    void TearDown() override { qunsetenv("HF_ENDPOINT"); }

    // Runs one search to its answer: "repos", "models" or the error.
    QString ask(const QString& text) {
        QString outcome;
        QEventLoop loop;
        QObject::connect(&m_hub, &HubSearch::reposFound, &loop,
                         [&](const std::vector<HubRepo>& repos) {
                             m_repos = repos;
                             outcome = QStringLiteral("repos");
                             loop.quit();
                         });
        QObject::connect(&m_hub, &HubSearch::modelsFound, &loop,
                         [&](const QString&, const std::vector<HubModel>& models) {
                             m_models = models;
                             outcome = QStringLiteral("models");
                             loop.quit();
                         });
        QObject::connect(&m_hub, &HubSearch::failed, &loop, [&](const QString& message) {
            outcome = message;
            loop.quit();
        });
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        m_hub.search(text);
        if (m_hub.busy()) loop.exec();
        QObject::disconnect(&m_hub, nullptr, &loop, nullptr);
        return outcome;
    }

    QByteArray m_file = QByteArray(300000, 'g');
    FaultServer m_server{m_file};
    HubSearch m_hub;
    std::vector<HubRepo> m_repos;
    std::vector<HubModel> m_models;
};

TEST_F(HubSearchTest, WordsFindRepositoriesAndARepositoryListsItsModelsAcrossPages) {
    m_server.pages["/api/models"] = {R"([{"id":"someone/R1-Distill-GGUF","downloads":9}])", {}};
    ASSERT_EQ(ask(QStringLiteral("r1 distill")), QStringLiteral("repos"));
    ASSERT_EQ(m_repos.size(), 1u);
    EXPECT_EQ(m_repos[0].id, QStringLiteral("someone/R1-Distill-GGUF"));
    EXPECT_EQ(m_server.paths.value(0),
              "/api/models?search=r1%20distill&filter=gguf&sort=downloads&direction=-1&limit=30");

    const QByteArray fileSha = QCryptographicHash::hash(m_file, QCryptographicHash::Sha256).toHex();
    const QByteArray tree = "/api/models/someone/R1-Distill-GGUF/tree/main";
    m_server.pages[tree + "?recursive=true"] = {
        "[" + lfsFile("m-Q8_0-00001-of-00002.gguf", 300000, fileSha) + "]",
        "<" + m_server.url(QString::fromLatin1(tree + "?recursive=true&cursor=2")).toEncoded() +
            ">; rel=\"next\""};
    m_server.pages[tree + "?recursive=true&cursor=2"] = {
        "[" + lfsFile("m-Q8_0-00002-of-00002.gguf", 300000, fileSha) + "]", {}};
    ASSERT_EQ(ask(QStringLiteral("https://huggingface.co/someone/R1-Distill-GGUF")),
              QStringLiteral("models"));
    ASSERT_EQ(m_models.size(), 1u);
    const HubModel& model = m_models[0];
    EXPECT_EQ(model.name, QStringLiteral("m-Q8_0"));
    ASSERT_EQ(model.download.files.size(), 2u);

    // What it found downloads from the same Hub and is checked against the tree's hash.
    QTemporaryDir dir;
    QNetworkAccessManager network;
    const CatalogFile& part = model.download.files[1];
    Download download(
        &network, {model.download.url(part), dir.filePath(QStringLiteral("part2.gguf")), part.bytes,
                   part.sha256});
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&download, &Download::finished, &loop, [&] { ok = true, loop.quit(); });
    QObject::connect(&download, &Download::failed, &loop, [&] { loop.quit(); });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    download.start();
    loop.exec();
    EXPECT_TRUE(ok);
}

TEST_F(HubSearchTest, AMissingRepositoryAndAnUnreadableAnswerAreClearErrors) {
    EXPECT_EQ(ask(QStringLiteral("nobody/nothing")),
              QStringLiteral("Hugging Face has no repository nobody/nothing"));
    m_server.pages["/api/models"] = {"<html>busy</html>", {}};
    EXPECT_TRUE(ask(QStringLiteral("anything")).contains(QStringLiteral("cannot read")));
    EXPECT_EQ(ask(QStringLiteral("   ")), QStringLiteral("Type a model's name or a repository id"));
}

TEST_F(HubSearchTest, OnlyHttpsLeavesThisComputer) {
    qputenv("HF_ENDPOINT", "http://example.com");
    EXPECT_TRUE(ask(QStringLiteral("a/b")).contains(QStringLiteral("only https")));
}

}  // namespace
}  // namespace hearth::library

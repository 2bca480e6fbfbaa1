// The built-in model catalog and the checks on any catalog.
#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <functional>
#include <set>

#include "library/catalog.h"
#include "library/memory_fit.h"

namespace hearth::library {
namespace {

TEST(CatalogTest, TheBuiltInCatalogHasEveryDistillAndFullR1) {
    auto catalog = builtinCatalog();
    ASSERT_TRUE(catalog.ok()) << catalog.status().message();
    std::set<QString> ids;
    for (const CatalogModel& m : *catalog) {
        ids.insert(m.id);
        if (!m.id.startsWith(QStringLiteral("r1-distill"))) continue;
        std::set<QString> quants;
        for (const CatalogQuantization& q : m.quantizations) quants.insert(q.quant);
        EXPECT_TRUE(quants.count(QStringLiteral("Q4_K_M"))) << m.id.toStdString();
        EXPECT_GE(quants.size(), 3u) << m.id.toStdString();
    }
    for (const char* id :
         {"r1-distill-qwen-1.5b", "r1-distill-qwen-7b", "r1-distill-llama-8b",
          "r1-distill-qwen-14b", "r1-distill-qwen-32b", "r1-distill-llama-70b", "r1-671b"})
        EXPECT_TRUE(ids.count(QString::fromLatin1(id))) << id;

    const CatalogModel& small = catalog->front();
    ASSERT_EQ(small.id, QStringLiteral("r1-distill-qwen-1.5b"));
    const CatalogQuantization& q4 = small.quantizations.front();
    EXPECT_EQ(q4.url(q4.files.front()).toString(),
              QStringLiteral("https://huggingface.co/unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF/"
                             "resolve/main/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf"));
    EXPECT_EQ(q4.files.front().bytes, 1117320576);
    EXPECT_EQ(q4.files.front().sha256.size(), 64);
    // The 1.5B model at 4,096 tokens fits in 4 GB; the 70B one does not.
    EXPECT_EQ(estimateMemoryFit(small.asInstalled(q4), 4096, quint64{4} << 30).fit, Fit::Fits);
    const CatalogModel& large = (*catalog)[5];
    EXPECT_EQ(
        estimateMemoryFit(large.asInstalled(large.quantizations.front()), 4096, quint64{4} << 30)
            .fit,
        Fit::DoesNotFit);
}

// The built-in catalog with one change made by `edit` to its first quantization.
QByteArray editedCatalog(const std::function<void(QJsonObject&)>& edit) {
    QFile file(QStringLiteral(":/hearth/catalog.json"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    QJsonArray models = root[QStringLiteral("models")].toArray();
    QJsonObject model = models[0].toObject();
    QJsonArray quants = model[QStringLiteral("quantizations")].toArray();
    QJsonObject quant = quants[0].toObject();
    edit(quant);
    quants[0] = quant;
    model[QStringLiteral("quantizations")] = quants;
    models[0] = model;
    root[QStringLiteral("models")] = models;
    return QJsonDocument(root).toJson();
}

void setFile(QJsonObject& quant, const char* key, const QJsonValue& value) {
    QJsonArray files = quant[QStringLiteral("files")].toArray();
    QJsonObject f = files[0].toObject();
    f[QLatin1String(key)] = value;
    files[0] = f;
    quant[QStringLiteral("files")] = files;
}

TEST(CatalogTest, MalformedCatalogsAreRefusedWithWhereAndWhat) {
    const std::vector<std::pair<QByteArray, std::string>> cases = {
        {editedCatalog([](QJsonObject& q) { setFile(q, "path", "../../etc/passwd.gguf"); }),
         "is not a .gguf path inside the repository"},
        {editedCatalog([](QJsonObject& q) { setFile(q, "path", "/abs/model.gguf"); }),
         "is not a .gguf path"},
        {editedCatalog([](QJsonObject& q) { setFile(q, "sha256", "ABC"); }),
         "\"sha256\" must be 64 lowercase hex digits"},
        {editedCatalog([](QJsonObject& q) { setFile(q, "bytes", -5); }),
         "\"bytes\" must be a positive whole number"},
        {editedCatalog([](QJsonObject& q) { q[QStringLiteral("repo")] = "no-slash"; }),
         "is not an owner/name repository"},
        {editedCatalog([](QJsonObject& q) {
             q[QStringLiteral("files")] =
                 QJsonArray{QJsonObject{{QStringLiteral("path"), "m-00001-of-00003.gguf"}},
                            QJsonObject{{QStringLiteral("path"), "m-00002-of-00003.gguf"}}};
         }),
         "is not part 1 of a 2-file set"},
        {editedCatalog([](QJsonObject& q) { q.remove(QStringLiteral("approx_bytes")); }),
         "model 1 (r1-distill-qwen-1.5b), Q4_K_M: \"approx_bytes\" must be a positive"},
        {"{", "not valid JSON"},
        {R"({"format":"hearth-catalog","version":2,"models":[]})", "version 2 is not 1"},
    };
    for (const auto& [json, expected] : cases) {
        auto parsed = parseCatalog(json);
        ASSERT_FALSE(parsed.ok()) << expected;
        EXPECT_NE(parsed.status().message().find(expected), std::string::npos)
            << parsed.status().message();
    }
}

}  // namespace
}  // namespace hearth::library

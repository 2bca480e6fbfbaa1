// The library folder scan (headers only) and the memory fit estimate.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "library/installed_models.h"
#include "library/memory_fit.h"
#include "support/tiny_models.h"

namespace hearth::library {
namespace {

void writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
}

TEST(InstalledModelsTest, ListsEachModelOnceWithItsHeaderAndFilesThatAreNoModelWithWhy) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString single = dir.filePath(QStringLiteral("a.gguf"));
    ASSERT_TRUE(
        hearth::testing::writeTestModel(single.toStdString(), hearth::testing::tinyModelSpec())
            .ok());
    hearth::testing::TestModelSpec split = hearth::testing::tinyModelSpec();
    split.splitInTwo = true;
    ASSERT_TRUE(hearth::testing::writeTestModel(
                    dir.filePath(QStringLiteral("b-00001-of-00002.gguf")).toStdString(), split)
                    .ok());
    writeText(dir.filePath(QStringLiteral("c.gguf")), "not a model");
    writeText(dir.filePath(QStringLiteral(".d.gguf.part")), "an import in progress");
    writeText(dir.filePath(QStringLiteral("readme.txt")), "notes");
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("e-folder-without-config")));

    const std::vector<InstalledModel> models = scanModelsFolder(dir.path());
    ASSERT_EQ(models.size(), 3u);
    EXPECT_EQ(models[0].entryName, QStringLiteral("a.gguf"));
    EXPECT_TRUE(models[0].error.isEmpty()) << models[0].error.toStdString();
    EXPECT_EQ(models[0].architecture, QStringLiteral("qwen2"));
    EXPECT_EQ(models[0].hidden, 64u);
    EXPECT_GT(models[0].parameterCount, 0u);
    EXPECT_FALSE(models[0].quantMix.isEmpty());
    EXPECT_EQ(models[0].bytes, QFileInfo(single).size());

    EXPECT_EQ(models[1].entryName, QStringLiteral("b-00001-of-00002.gguf"));
    EXPECT_TRUE(models[1].error.isEmpty()) << models[1].error.toStdString();
    ASSERT_EQ(models[1].files.size(), 2);
    EXPECT_EQ(models[1].bytes,
              QFileInfo(models[1].files[0]).size() + QFileInfo(models[1].files[1]).size());

    EXPECT_EQ(models[2].entryName, QStringLiteral("c.gguf"));
    EXPECT_FALSE(models[2].error.isEmpty());
    EXPECT_EQ(models[2].bytes, 11);
}

TEST(InstalledModelsTest, AMissingFolderHasNoModels) {
    EXPECT_TRUE(scanModelsFolder(QStringLiteral("/nonexistent/hearth/models")).empty());
}

TEST(MemoryFitTest, AddsWeightsCacheAndScratchAndJudgesAgainstTheBudget) {
    InstalledModel m;  // shaped like DeepSeek-R1-Distill-Qwen-1.5B at Q4_K_M
    m.bytes = 1'117'320'000;
    m.hidden = 1536;
    m.heads = 12;
    m.kvHeads = 2;
    m.headDim = 128;
    m.ffn = 8960;
    m.vocabSize = 151936;
    m.kvBytesPerToken = 28 * 2 * 256 * 2;  // layers × (K and V) × kv dim × f16
    const MemoryFit at4k = estimateMemoryFit(m, 4096, quint64{8} << 30);
    EXPECT_EQ(at4k.weightBytes, 1'117'320'000u);
    EXPECT_EQ(at4k.kvCacheBytes, quint64{28} * 2 * 256 * 2 * 4096);
    EXPECT_GT(at4k.scratchBytes, quint64{96} << 20);
    EXPECT_LT(at4k.scratchBytes, quint64{512} << 20);
    EXPECT_EQ(at4k.neededBytes, at4k.weightBytes + at4k.kvCacheBytes + at4k.scratchBytes);
    EXPECT_EQ(at4k.fit, Fit::Fits);
    EXPECT_EQ(fitName(at4k.fit), QStringLiteral("fits"));

    // Just enough memory, with less than the margin left: tight; less than needed: no.
    EXPECT_EQ(estimateMemoryFit(m, 4096, at4k.neededBytes + 1).fit, Fit::Tight);
    EXPECT_EQ(estimateMemoryFit(m, 4096, at4k.neededBytes - 1).fit, Fit::DoesNotFit);
    // The cache grows with the context: 3.8 GB at 128k tokens.
    const MemoryFit at128k = estimateMemoryFit(m, 131072, quint64{4} << 30);
    EXPECT_EQ(at128k.kvCacheBytes, at4k.kvCacheBytes * 32);
    EXPECT_EQ(at128k.fit, Fit::DoesNotFit);
}

}  // namespace
}  // namespace hearth::library

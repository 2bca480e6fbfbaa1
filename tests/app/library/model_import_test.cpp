// Importing a model into the library folder: a copy that appears whole or not at all, checked
// to be a model before anything is written, never overwriting another file.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include "library/model_import.h"
#include "support/tiny_models.h"

namespace hearth::library {
namespace {

class ModelImportTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        const Status written = hearth::testing::writeTestModel(m_source.toStdString(),
                                                               hearth::testing::tinyModelSpec());
        ASSERT_TRUE(written.ok()) << written.message();
    }
    QStringList folderEntries() const {
        return QDir(m_folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    }
    static QByteArray contents(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QTemporaryDir m_dir;
    QString m_source = m_dir.filePath(QStringLiteral("tiny.gguf"));
    QString m_folder = m_dir.filePath(QStringLiteral("library/models"));
};

TEST_F(ModelImportTest, CopiesIntoTheFolderWithProgressAndKeepsTheSource) {
    qint64 last = 0, total = 0;
    ImportOptions options;
    options.progress = [&](qint64 done, qint64 all) {
        EXPECT_GE(done, last);
        last = done;
        total = all;
        return true;
    };
    auto imported = importModel(m_source, m_folder, options);
    ASSERT_TRUE(imported.ok()) << imported.status().message();
    EXPECT_EQ(*imported, QDir(m_folder).filePath(QStringLiteral("tiny.gguf")));
    EXPECT_EQ(contents(*imported), contents(m_source));
    EXPECT_EQ(total, QFileInfo(m_source).size());
    EXPECT_EQ(last, total);
    EXPECT_TRUE(QFileInfo::exists(m_source));
    EXPECT_EQ(folderEntries(), QStringList{QStringLiteral("tiny.gguf")});  // no .part left

    // Again, from the folder or from outside: the same model, nothing copied.
    options.progress = [](qint64, qint64) {
        ADD_FAILURE() << "copied again";
        return true;
    };
    EXPECT_EQ(importModel(*imported, m_folder, options).value(), *imported);
    EXPECT_EQ(importModel(m_source, m_folder, options).value(), *imported);
}

TEST_F(ModelImportTest, ASplitSetComesWholeFromAnyOfItsFiles) {
    hearth::testing::TestModelSpec spec = hearth::testing::tinyModelSpec();
    spec.splitInTwo = true;
    const QString first = m_dir.filePath(QStringLiteral("set-00001-of-00002.gguf"));
    const QString second = m_dir.filePath(QStringLiteral("set-00002-of-00002.gguf"));
    ASSERT_TRUE(hearth::testing::writeTestModel(first.toStdString(), spec).ok());
    auto imported = importModel(second, m_folder);
    ASSERT_TRUE(imported.ok()) << imported.status().message();
    EXPECT_EQ(*imported, QDir(m_folder).filePath(QStringLiteral("set-00001-of-00002.gguf")));
    EXPECT_EQ(folderEntries(), (QStringList{QStringLiteral("set-00001-of-00002.gguf"),
                                            QStringLiteral("set-00002-of-00002.gguf")}));
    EXPECT_EQ(contents(QDir(m_folder).filePath(QStringLiteral("set-00002-of-00002.gguf"))),
              contents(second));

    // Without its second file, the set is refused and nothing is copied.
    QTemporaryDir other;
    ASSERT_TRUE(QFile::copy(first, other.filePath(QStringLiteral("set-00001-of-00002.gguf"))));
    const QString elsewhere = other.filePath(QStringLiteral("models"));
    EXPECT_FALSE(
        importModel(other.filePath(QStringLiteral("set-00001-of-00002.gguf")), elsewhere).ok());
    EXPECT_FALSE(QFileInfo::exists(elsewhere));
}

TEST_F(ModelImportTest, MoveLeavesNoSource) {
    const QByteArray original = contents(m_source);
    ImportOptions options;
    options.move = true;
    auto imported = importModel(m_source, m_folder, options);
    ASSERT_TRUE(imported.ok()) << imported.status().message();
    EXPECT_FALSE(QFileInfo::exists(m_source));
    EXPECT_EQ(contents(*imported), original);
}

TEST_F(ModelImportTest, AFileThatIsNoModelIsRefusedBeforeAnythingIsWritten) {
    const QString notes = m_dir.filePath(QStringLiteral("notes.gguf"));
    QFile file(notes);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("these are my notes, not a model");
    file.close();
    auto imported = importModel(notes, m_folder);
    ASSERT_FALSE(imported.ok());
    EXPECT_NE(imported.status().message().find("notes.gguf"), std::string::npos)
        << imported.status().message();
    EXPECT_FALSE(QFileInfo::exists(m_folder));
}

TEST_F(ModelImportTest, CancellingLeavesNothingBehind) {
    ImportOptions options;
    options.progress = [](qint64, qint64) { return false; };
    auto imported = importModel(m_source, m_folder, options);
    ASSERT_FALSE(imported.ok());
    EXPECT_NE(imported.status().message().find("cancelled"), std::string::npos);
    EXPECT_TRUE(folderEntries().isEmpty()) << folderEntries().join(u' ').toStdString();
}

TEST_F(ModelImportTest, ADifferentFileOfTheSameNameIsNeverOverwritten) {
    ASSERT_TRUE(QDir().mkpath(m_folder));
    const QString taken = QDir(m_folder).filePath(QStringLiteral("tiny.gguf"));
    QFile file(taken);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("someone else's file");
    file.close();
    auto imported = importModel(m_source, m_folder);
    ASSERT_FALSE(imported.ok());
    EXPECT_NE(imported.status().message().find("already has a different tiny.gguf"),
              std::string::npos)
        << imported.status().message();
    EXPECT_EQ(contents(taken), QByteArray("someone else's file"));
}

}  // namespace
}  // namespace hearth::library

// Schema migrations: every past version upgrades to the current one keeping its data, a
// failing migration leaves the previous version intact, and a database from a newer Hearth
// opens read-only.
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>

#include "storage/sql_script.h"
#include "storage_test_support.h"

namespace hearth::storage::testing {
namespace {

class MigrationTest : public HistoryTest {
protected:
    std::vector<Migration> bundled() {
        auto migrations = bundledMigrations();
        EXPECT_TRUE(migrations.ok()) << migrations.status().message();
        return migrations.ok() ? *migrations : std::vector<Migration>{};
    }
    std::vector<Migration> firstMigrations(int count) {
        std::vector<Migration> all = bundled();
        all.resize(static_cast<size_t>(count));
        return all;
    }
    // Runs SQL on the file behind the app's back (a user's old or newer file, inspection).
    QStringList rawQuery(const QString& sql) {
        QStringList rows;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(m_path);
            EXPECT_TRUE(db.open());
            QSqlQuery q(db);
            EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
            while (q.next()) rows << q.value(0).toString();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        return rows;
    }
    QStringList schema() {
        return rawQuery(QStringLiteral(
            "SELECT type || ' ' || name || ': ' || ifnull(sql, '') FROM sqlite_master "
            "ORDER BY type, name"));
    }
};

TEST_F(MigrationTest, BundledMigrationsAreNumberedFromOne) {
    const std::vector<Migration> migrations = bundled();
    ASSERT_FALSE(migrations.empty());
    for (size_t i = 0; i < migrations.size(); ++i)
        EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1)
            << migrations[i].name.toStdString();
}

TEST_F(MigrationTest, ANewDatabaseIsAtTheLatestVersionWithWalAndForeignKeys) {
    auto h = open();
    ASSERT_TRUE(h);
    EXPECT_EQ(h->schemaVersion(), static_cast<int>(bundled().size()));
    EXPECT_FALSE(h->isReadOnly());
    EXPECT_EQ(rawQuery(QStringLiteral("PRAGMA journal_mode")), QStringList{"wal"});
}

// Each past version k (0: an empty file) is built by applying migrations 1..k, given data
// when it has a schema, and then opened by the app: it must end at the latest version, with
// the same schema as a new database and the data still there.
TEST_F(MigrationTest, EveryPastVersionUpgradesToTheLatest) {
    const int latest = static_cast<int>(bundled().size());
    QStringList freshSchema;
    {
        open();
        freshSchema = schema();
        QFile::remove(m_path);
        QFile::remove(m_path + QStringLiteral("-wal"));
        QFile::remove(m_path + QStringLiteral("-shm"));
    }
    for (int k = 0; k < latest; ++k) {
        SCOPED_TRACE("from schema version " + std::to_string(k));
        QTemporaryDir dir;
        m_path = dir.filePath(QStringLiteral("hearth.db"));
        qint64 conversation = 0;
        if (k >= 1) {  // data written by the app of version 1, then upgraded step by step to k
            HistoryOptions v1 = clockOptions();
            v1.migrations = firstMigrations(1);
            auto old = open(v1);
            ASSERT_TRUE(old);
            conversation = old->createConversation({.title = QStringLiteral("from v1")}).value();
            addMessage(*old, conversation, 0, Role::User, QStringLiteral("kept across upgrades"));
        }
        if (k >= 2) {
            HistoryOptions vk = clockOptions();
            vk.migrations = firstMigrations(k);
            ASSERT_TRUE(open(vk));
        }
        if (k == 0) {  // an empty file, as a crash right after creating it would leave
            QFile file(m_path);
            ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        }
        auto h = open();
        ASSERT_TRUE(h);
        EXPECT_EQ(h->schemaVersion(), latest);
        EXPECT_EQ(schema(), freshSchema);
        if (k >= 1) {
            auto path = h->currentPath(conversation);
            ASSERT_OK(path);
            ASSERT_EQ(path->size(), 1u);
            EXPECT_EQ((*path)[0].content, QStringLiteral("kept across upgrades"));
            EXPECT_EQ(h->search(QStringLiteral("upgrades"))->size(), 1u);
        }
    }
}

TEST_F(MigrationTest, AFailingMigrationRollsBackAndLeavesThePreviousVersion) {
    const int latest = static_cast<int>(bundled().size());
    {
        auto h = open();
        h->createConversation({.title = QStringLiteral("before the failure")}).value();
    }
    HistoryOptions broken = clockOptions();
    broken.migrations = bundled();
    broken.migrations.push_back({latest + 1, QStringLiteral("9999_broken.sql"),
                                 QStringLiteral("CREATE TABLE half_done (x);\n"
                                                "ALTER TABLE conversations ADD COLUMN y;\n"
                                                "INSERT INTO no_such_table VALUES (1);")});
    auto failed = History::open(m_path, broken);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.status().message().find("9999_broken.sql"), std::string::npos)
        << failed.status().message();
    EXPECT_NE(failed.status().message().find("no_such_table"), std::string::npos);

    auto h = open();
    ASSERT_TRUE(h);
    EXPECT_EQ(h->schemaVersion(), latest);
    EXPECT_TRUE(rawQuery(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'half_done'"))
                    .isEmpty());
    ASSERT_EQ(h->listConversations()->size(), 1u);
    EXPECT_EQ(h->listConversations()->front().title, QStringLiteral("before the failure"));
}

TEST_F(MigrationTest, ANewerDatabaseOpensReadOnlyAndSaysWhy) {
    const int latest = static_cast<int>(bundled().size());
    qint64 generating = 0;
    {
        auto h = open();
        const qint64 c =
            h->createConversation({.title = QStringLiteral("from the future")}).value();
        generating =
            h->addMessage(c, {.role = Role::Assistant, .state = MessageState::Generating}).value();
    }
    rawQuery(QStringLiteral("PRAGMA user_version = %1").arg(latest + 1));

    auto h = open();
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->isReadOnly());
    EXPECT_TRUE(h->readOnlyReason().contains(QStringLiteral("newer version of Hearth")));
    ASSERT_EQ(h->listConversations()->size(), 1u);                       // reads work
    EXPECT_EQ(h->message(generating)->state, MessageState::Generating);  // nothing rewritten
    auto created = h->createConversation();
    ASSERT_FALSE(created.ok());
    EXPECT_NE(created.status().message().find("newer version of Hearth"), std::string::npos);
    EXPECT_EQ(rawQuery(QStringLiteral("PRAGMA user_version")),
              QStringList{QString::number(latest + 1)});
}

TEST(SqlScriptTest, SplitsStatementsKeepingTriggerBodiesQuotesAndComments) {
    const QStringList statements = splitSqlStatements(
        QStringLiteral("-- a comment; with a semicolon\n"
                       "CREATE TABLE t (x TEXT DEFAULT 'a;b');\n"
                       "/* block; comment */ CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                       "  INSERT INTO t VALUES ('it''s;');\n"
                       "  DELETE FROM t WHERE x = \"end;\";\n"
                       "  UPDATE t SET x = CASE WHEN x = 'a' THEN 'b' ELSE 'c' END;\n"
                       "END;\n"
                       "  \n"));
    ASSERT_EQ(statements.size(), 2);
    EXPECT_EQ(statements[0], QStringLiteral("CREATE TABLE t (x TEXT DEFAULT 'a;b')"));
    EXPECT_TRUE(statements[1].startsWith(QStringLiteral("CREATE TRIGGER tr")));
    EXPECT_TRUE(statements[1].endsWith(QStringLiteral("END")));
}

}  // namespace
}  // namespace hearth::storage::testing

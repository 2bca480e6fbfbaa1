// Opening and closing the history database, transactions, and the small shared pieces.
#include "storage/history.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>
#include <atomic>

#include "storage/sql_support.h"

namespace hearth::storage {

namespace {

constexpr const char* kConnectOptions = "QSQLITE_BUSY_TIMEOUT=5000";
constexpr const char* kReadOnlyConnectOptions = "QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY";

QString nextConnectionName() {
    static std::atomic<int> counter{0};
    return QStringLiteral("hearth-history-%1").arg(counter.fetch_add(1));
}

}  // namespace

History::History(HistoryOptions options)
    : m_options(std::move(options)), m_connectionName(nextConnectionName()) {}

History::~History() {
    // Qt warns (and leaks) when a connection is removed while queries on it live.
    m_statements.clear();
    if (m_db.isValid()) m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<History>> History::open(const QString& path, HistoryOptions options) {
    if (options.migrations.empty()) {
        HEARTH_ASSIGN_OR_RETURN(options.migrations, bundledMigrations());
    }
    std::unique_ptr<History> history(new History(std::move(options)));
    HEARTH_RETURN_IF_ERROR(history->openAt(path));
    return history;
}

Status History::openAt(const QString& path) {
    const bool inMemory = path == QLatin1String(":memory:");
    if (m_options.readOnly && !inMemory && !QFileInfo::exists(path))
        return Status::error("history database " + path.toStdString() + " does not exist");
    if (!m_options.readOnly && !inMemory && !QDir().mkpath(QFileInfo(path).absolutePath()))
        return Status::error("cannot create the folder of the history database " +
                             path.toStdString());

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid())
        return Status::error(
            "Qt's SQLite driver (QSQLITE) is not available: install libqt6sql6-sqlite");
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(
        QLatin1String(m_options.readOnly ? kReadOnlyConnectOptions : kConnectOptions));
    if (!m_db.open()) return sqlFailure(m_db, QStringLiteral("opening ") + path);

    const int known = m_options.migrations.back().version;
    HEARTH_ASSIGN_OR_RETURN(m_schemaVersion, userVersion(m_db));
    if (m_schemaVersion > known && !m_options.readOnly) {
        // Writing with an older schema in mind could corrupt what the newer app relies on.
        m_db.close();
        m_db.setConnectOptions(QLatin1String(kReadOnlyConnectOptions));
        if (!m_db.open()) return sqlFailure(m_db, QStringLiteral("opening ") + path);
    }
    if (m_schemaVersion > known || m_options.readOnly) {
        m_readOnlyReason =
            m_schemaVersion > known
                ? QStringLiteral(
                      "The history was saved by a newer version of Hearth (schema %1; "
                      "this version knows up to %2). It is open read-only: update "
                      "Hearth to change it.")
                      .arg(m_schemaVersion)
                      .arg(known)
                : QStringLiteral("The history is open read-only.");
    }
    if (m_options.readOnly && m_schemaVersion < known)
        return Status::error(
            QStringLiteral("the history database %1 has schema version %2 and needs an upgrade "
                           "to %3, which a read-only open cannot do: start Hearth once")
                .arg(path)
                .arg(m_schemaVersion)
                .arg(known)
                .toStdString());

    HEARTH_RETURN_IF_ERROR(
        execSql(m_db, QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("opening")));
    if (isReadOnly()) return {};

    QSqlQuery wal(m_db);
    if (!wal.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !wal.next())
        return sqlFailure(wal, QStringLiteral("turning on WAL"));
    wal.finish();
    // With WAL, NORMAL syncs at checkpoints only: a crash of the app loses nothing that was
    // committed; a power cut may lose the last transactions, never the file's consistency.
    HEARTH_RETURN_IF_ERROR(
        execSql(m_db, QStringLiteral("PRAGMA synchronous = NORMAL"), QStringLiteral("opening")));
    HEARTH_RETURN_IF_ERROR(migrate(m_db, m_options.migrations, known));
    m_schemaVersion = known;
    return recoverInterrupted();
}

Status History::recoverInterrupted() {
    QSqlQuery query(m_db);
    if (!query.exec(
            QStringLiteral("UPDATE messages SET state = 'interrupted' WHERE state = 'generating'")))
        return sqlFailure(query, QStringLiteral("marking interrupted answers"));
    m_interruptedOnOpen = query.numRowsAffected();
    return {};
}

Status History::checkIntegrity() {
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("PRAGMA integrity_check")))
        return sqlFailure(query, QStringLiteral("checking integrity"));
    QStringList problems;
    while (query.next()) problems << query.value(0).toString();
    if (problems == QStringList{QStringLiteral("ok")}) return {};
    return Status::error("history database is damaged: " +
                         problems.join(QStringLiteral("; ")).toStdString());
}

Status History::checkWritable() const {
    if (isReadOnly())
        return Status::error("cannot change the history: " + m_readOnlyReason.toStdString());
    return {};
}

QDateTime History::now() const {
    return m_options.clock ? m_options.clock().toUTC() : QDateTime::currentDateTimeUtc();
}

Result<QSqlQuery*> History::prepared(const char* sql) {
    std::unique_ptr<QSqlQuery>& slot = m_statements[sql];
    if (!slot) {
        auto query = std::make_unique<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        HEARTH_RETURN_IF_ERROR(
            prepareSql(*query, QString::fromUtf8(sql), QStringLiteral("preparing a statement")));
        slot = std::move(query);
    }
    return slot.get();
}

Status History::transaction(const std::function<Status()>& work) {
    HEARTH_RETURN_IF_ERROR(checkWritable());
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Status status = work();
        --m_transactionDepth;
        return status;
    }
    HEARTH_RETURN_IF_ERROR(
        execSql(m_db, QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("starting a transaction")));
    m_transactionDepth = 1;
    Status status = work();
    m_transactionDepth = 0;
    if (status.ok()) status = execSql(m_db, QStringLiteral("COMMIT"), QStringLiteral("committing"));
    if (!status.ok()) QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    return status;
}

QString roleName(Role role) {
    switch (role) {
        case Role::System:
            return QStringLiteral("system");
        case Role::User:
            return QStringLiteral("user");
        case Role::Assistant:
            return QStringLiteral("assistant");
    }
    return {};
}

std::optional<Role> roleFromName(const QString& name) {
    for (Role r : {Role::System, Role::User, Role::Assistant})
        if (roleName(r) == name) return r;
    return std::nullopt;
}

QString stateName(MessageState state) {
    switch (state) {
        case MessageState::Complete:
            return QStringLiteral("complete");
        case MessageState::Generating:
            return QStringLiteral("generating");
        case MessageState::Interrupted:
            return QStringLiteral("interrupted");
        case MessageState::Error:
            return QStringLiteral("error");
    }
    return {};
}

std::optional<MessageState> stateFromName(const QString& name) {
    for (MessageState s : {MessageState::Complete, MessageState::Generating,
                           MessageState::Interrupted, MessageState::Error})
        if (stateName(s) == name) return s;
    return std::nullopt;
}

}  // namespace hearth::storage

-- Schema version 1: conversations, their message trees and full-text search.
-- Times are milliseconds since the Unix epoch, UTC. Applied by app/storage/migrations.cpp in
-- one transaction together with `PRAGMA user_version = 1`.

CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL DEFAULT '',
    pinned          INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    created_at      INTEGER NOT NULL,
    -- The time of the latest message (or of creation): the list's order. Renaming or pinning
    -- does not move a conversation.
    updated_at      INTEGER NOT NULL,
    -- Set while the conversation is in the trash (delete with undo); NULL otherwise.
    deleted_at      INTEGER,
    system_prompt   TEXT    NOT NULL DEFAULT '',
    sampling_json   TEXT    NOT NULL DEFAULT '{}',
    model_path      TEXT    NOT NULL DEFAULT '',
    -- The leaf of the branch on screen, so the branch choice survives a restart.
    current_leaf_id INTEGER REFERENCES messages (id) ON DELETE SET NULL
);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY,
    conversation_id   INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    -- No ON DELETE CASCADE here: a 2,000-deep chain would cascade past SQLite's trigger depth
    -- limit. Messages go only with their conversation (one statement, checked at its end).
    parent_id         INTEGER REFERENCES messages (id),
    role              TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content           TEXT    NOT NULL DEFAULT '',
    reasoning         TEXT    NOT NULL DEFAULT '',
    model             TEXT    NOT NULL DEFAULT '',
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    time_to_first_token_ms REAL,
    tokens_per_second REAL,
    reasoning_seconds REAL,
    state             TEXT    NOT NULL DEFAULT 'complete'
                      CHECK (state IN ('complete', 'generating', 'interrupted', 'error')),
    error             TEXT    NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL
);

-- The sidebar: live conversations, pinned first, then the most recently active.
CREATE INDEX conversations_listing ON conversations (pinned DESC, updated_at DESC)
    WHERE deleted_at IS NULL;
-- Emptying the trash.
CREATE INDEX conversations_trash ON conversations (deleted_at) WHERE deleted_at IS NOT NULL;
-- ON DELETE SET NULL of current_leaf_id looks conversations up by leaf.
CREATE INDEX conversations_leaf ON conversations (current_leaf_id);
-- A conversation's messages and its roots (parent_id IS NULL); the cascade from conversations.
CREATE INDEX messages_conversation ON messages (conversation_id, parent_id);
-- Children of a message: siblings, the subtree walk of a branch switch, the parent_id check.
CREATE INDEX messages_parent ON messages (parent_id);
-- Answers left generating by a crash, found at every start.
CREATE INDEX messages_generating ON messages (id) WHERE state = 'generating';

-- Full-text search over answers and reasoning. External content: the text is stored once, in
-- messages, and the triggers keep the index in step. unicode61 folds case and, with
-- remove_diacritics 2, accents ("cafe" finds "café").
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content, reasoning,
    content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content, reasoning)
        VALUES (new.id, new.content, new.reasoning);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content, reasoning)
        VALUES ('delete', old.id, old.content, old.reasoning);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, reasoning ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content, reasoning)
        VALUES ('delete', old.id, old.content, old.reasoning);
    INSERT INTO messages_fts (rowid, content, reasoning)
        VALUES (new.id, new.content, new.reasoning);
END;

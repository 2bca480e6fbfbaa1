-- Schema version 3: the download queue (app/storage/download_queue.cpp), so that downloads
-- resume after the app restarts. One row per file; the files of a split set share `batch`.

CREATE TABLE downloads (
    id              INTEGER PRIMARY KEY,
    url             TEXT    NOT NULL,
    destination     TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL DEFAULT '',
    batch           TEXT    NOT NULL DEFAULT '',
    expected_bytes  INTEGER NOT NULL DEFAULT 0,
    expected_sha256 TEXT    NOT NULL DEFAULT '',
    state           TEXT    NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'running', 'paused', 'failed', 'done')),
    error           TEXT    NOT NULL DEFAULT '',
    received_bytes  INTEGER NOT NULL DEFAULT 0,
    total_bytes     INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);

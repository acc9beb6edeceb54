-- Embedded store. Applied at start-up; every statement is idempotent.
CREATE TABLE IF NOT EXISTS spaces (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    description          TEXT NOT NULL,
    cover                TEXT,
    owner_id             TEXT NOT NULL,
    input_prompt         INTEGER NOT NULL,
    input_audio          INTEGER NOT NULL,
    input_video          INTEGER NOT NULL,
    input_image          INTEGER NOT NULL,
    input_file           INTEGER NOT NULL,
    worker_connection_id TEXT,
    worker_node_id       TEXT,
    worker_connected_at  INTEGER,
    worker_last_seen_at  INTEGER,
    disconnected_at      INTEGER,
    in_flight_request_id TEXT,
    queue_size           INTEGER NOT NULL,
    next_ticket          INTEGER NOT NULL,
    created_at           INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_spaces_name ON spaces (name);
CREATE INDEX IF NOT EXISTS ix_spaces_worker_node ON spaces (worker_node_id) WHERE worker_node_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS requests (
    id            TEXT PRIMARY KEY,
    space_id      TEXT NOT NULL,
    ticket        INTEGER NOT NULL,
    status        TEXT NOT NULL,
    prompt        TEXT NOT NULL,
    files_json    TEXT NOT NULL,
    progress      REAL NOT NULL,
    message       TEXT,
    result_json   TEXT,
    error         TEXT,
    attempts      INTEGER NOT NULL,
    submitter_id  TEXT NOT NULL,
    dispatched_to TEXT,
    created_at    INTEGER NOT NULL,
    started_at    INTEGER,
    completed_at  INTEGER
);
-- The queue: only queued rows are indexed, so head, position and window reads stay small.
CREATE INDEX IF NOT EXISTS ix_requests_queue ON requests (space_id, ticket) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS ix_requests_submitter ON requests (submitter_id, created_at);
-- The per-user queue limit counts a submitter's queued rows in a space on every submission; queued rows only, as above.
CREATE INDEX IF NOT EXISTS ix_requests_queued_submitter ON requests (space_id, submitter_id) WHERE status = 'queued';

-- Files a worker uploaded as results, one row per (request, name): a request's result can list any number of them,
-- and a table (unlike a column on requests) is added to an existing database by this script as it stands.
CREATE TABLE IF NOT EXISTS request_result_files (
    request_id   TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    blob_name    TEXT NOT NULL,
    PRIMARY KEY (request_id, name)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS channel_seqs (
    channel  TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS events (
    channel    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    type       TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (channel, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ix_events_created ON events (created_at);

CREATE TABLE IF NOT EXISTS nodes (
    id             TEXT PRIMARY KEY,
    started_at     INTEGER NOT NULL,
    last_heartbeat INTEGER NOT NULL
);

-- Sync of BCP nodes with the national centre (issue 5).

-- Who this database is: role ('standalone', 'bcp', 'centre'), node id, BCP code; one row. Also the version of
-- the downward deltas applied (a BCP node).
CREATE TABLE sync_identity (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    role TEXT NOT NULL,
    node TEXT NOT NULL,
    bcp TEXT,
    down_seq INTEGER NOT NULL DEFAULT 0
);

-- The transactional outbox: written in the same transaction as the change, deleted once the stream acknowledged it.
CREATE TABLE sync_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    payload TEXT NOT NULL
);

-- The centre: every edge record ingested, keyed by its origin (node, outbox seq): a redelivery stores nothing.
CREATE TABLE sync_ingested (
    node TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (node, seq)
) WITHOUT ROWID;

-- The centre: which edge outbox row a crossing was last updated from (older versions never overwrite newer).
CREATE TABLE sync_crossing_origin (
    crossing_id TEXT PRIMARY KEY,
    node TEXT NOT NULL,
    seq INTEGER NOT NULL
) WITHOUT ROWID;

-- The centre: each node's audit chain, apart from the centre's own.
CREATE TABLE sync_node_audit (
    node TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT,
    agency TEXT,
    bcp TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    purpose TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (node, seq)
) WITHOUT ROWID;

-- The centre: the nodes it heard from.
CREATE TABLE sync_nodes (
    node TEXT PRIMARY KEY,
    bcp TEXT NOT NULL,
    last_contact TEXT NOT NULL,
    heartbeat TEXT,
    records INTEGER NOT NULL DEFAULT 0,
    last_seq INTEGER NOT NULL DEFAULT 0
);

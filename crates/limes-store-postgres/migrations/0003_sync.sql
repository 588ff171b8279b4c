-- Sync of BCP nodes with the national centre (issue 5). PostgreSQL serves the centre: its downward outbox, its
-- idempotent ingest of edge records, the nodes' audit chains and status. (A BCP node runs on SQLite.)

-- Who this database is: role ('standalone', 'centre'), node id; one row. down_seq stays 0 at the centre.
CREATE TABLE sync_identity (
    only_row smallint PRIMARY KEY CHECK (only_row = 1),
    role text NOT NULL,
    node text NOT NULL,
    bcp text,
    down_seq bigint NOT NULL DEFAULT 0
);

-- The transactional outbox: written in the same transaction as the change, deleted once the stream acknowledged
-- it. Every writer of outbox rows holds the audit chain-head lock when it draws its seq, so seq order is commit
-- order and the relay publishes the deltas in the order they were made.
CREATE TABLE sync_outbox (
    seq bigserial PRIMARY KEY,
    kind text NOT NULL,
    key text NOT NULL,
    payload text NOT NULL
);

-- Every edge record ingested, keyed by its origin (node, outbox seq): a redelivery stores nothing.
CREATE TABLE sync_ingested (
    node text NOT NULL,
    seq bigint NOT NULL,
    kind text NOT NULL,
    key text NOT NULL,
    PRIMARY KEY (node, seq)
);

-- Which edge outbox row a crossing was last updated from (older versions never overwrite newer).
CREATE TABLE sync_crossing_origin (
    crossing_id text PRIMARY KEY,
    node text NOT NULL,
    seq bigint NOT NULL
);

-- Each node's audit chain, apart from the centre's own.
CREATE TABLE sync_node_audit (
    node text NOT NULL,
    seq bigint NOT NULL,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    role text,
    agency text,
    bcp text,
    action text NOT NULL,
    subject text,
    purpose text,
    detail text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    PRIMARY KEY (node, seq)
);

-- The nodes the centre heard from.
CREATE TABLE sync_nodes (
    node text PRIMARY KEY,
    bcp text NOT NULL,
    last_contact timestamptz NOT NULL,
    heartbeat text,
    records bigint NOT NULL DEFAULT 0,
    last_seq bigint NOT NULL DEFAULT 0
);

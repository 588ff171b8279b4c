-- Generic sync (issue 10): records of the kinds declared in limes_store::sync::registry as kept in the generic
-- table. At the centre, the records of each node (the newest version of each key); at a BCP node, the centre's
-- reference data; in any database, the records made in it.
CREATE TABLE sync_records (
    kind TEXT NOT NULL,
    -- The BCP node it came from (at the centre); '' for a record made here or sent down by the centre.
    origin TEXT NOT NULL,
    key TEXT NOT NULL,
    -- From a node: its outbox seq; otherwise the version of the kind made by the change (newest wins).
    version INTEGER NOT NULL,
    -- JSON; NULL when the centre removed the record.
    payload TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, origin, key)
) WITHOUT ROWID;

-- The next version of a kind made here is found without reading the kind's records.
CREATE INDEX sync_records_version ON sync_records (kind, origin, version);

-- The centre: records ingested from each node, per kind (for the status).
CREATE TABLE sync_node_kinds (
    node TEXT NOT NULL,
    kind TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (node, kind)
) WITHOUT ROWID;

-- What the centre held before this table counted per kind.
INSERT INTO sync_node_kinds (node, kind, records) SELECT node, kind, count(*) FROM sync_ingested GROUP BY node, kind;

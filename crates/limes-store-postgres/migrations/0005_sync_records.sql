-- Generic sync (issue 10): records of the kinds declared in limes_store::sync::registry as kept in the generic
-- table. At the centre, the records of each node (the newest version of each key), and the reference data it
-- sends down; in any database, the records made in it.
CREATE TABLE sync_records (
    kind text NOT NULL,
    -- The BCP node it came from; '' for a record made here.
    origin text NOT NULL,
    key text NOT NULL,
    -- From a node: its outbox seq; otherwise the version of the kind made by the change (newest wins).
    version bigint NOT NULL,
    -- JSON; NULL when the record was removed.
    payload text,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (kind, origin, key)
);

-- The next version of a kind made here is found without reading the kind's records.
CREATE INDEX sync_records_version ON sync_records (kind, origin, version);

-- Records ingested from each node, per kind (for the status).
CREATE TABLE sync_node_kinds (
    node text NOT NULL,
    kind text NOT NULL,
    records bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (node, kind)
);

-- What the centre held before this table counted per kind.
INSERT INTO sync_node_kinds (node, kind, records) SELECT node, kind, count(*) FROM sync_ingested GROUP BY node, kind;

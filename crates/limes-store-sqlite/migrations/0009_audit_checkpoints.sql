-- Signed checkpoints of the audit chain (limes_domain::audit_checkpoint): the chain head signed by the node's
-- audit key, which is kept outside the database. A retention cut is a checkpoint with cut = 1.
CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    node TEXT NOT NULL,
    seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    at TEXT NOT NULL,
    cut INTEGER NOT NULL DEFAULT 0,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);

-- At the centre: each BCP node's audit key, pinned when first seen (or enrolled), against which its
-- checkpoints are verified.
CREATE TABLE audit_node_keys (
    node TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    pinned_at TEXT NOT NULL
);

-- Signed checkpoints of the audit chain (limes_domain::audit_checkpoint): the chain head signed by the node's
-- audit key, which is kept outside the database. A retention cut is a checkpoint with cut = true.
CREATE TABLE audit_checkpoints (
    id bigserial PRIMARY KEY,
    node text NOT NULL,
    seq bigint NOT NULL,
    head_hash text NOT NULL,
    at timestamptz NOT NULL,
    cut boolean NOT NULL DEFAULT false,
    public_key text NOT NULL,
    signature text NOT NULL
);
CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);

-- At the centre: each BCP node's audit key, pinned when first seen (or enrolled), against which its
-- checkpoints are verified.
CREATE TABLE audit_node_keys (
    node text PRIMARY KEY,
    public_key text NOT NULL,
    pinned_at timestamptz NOT NULL
);

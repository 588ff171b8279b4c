-- Downward deltas (issue 5): the document-alert register is versioned like the watchlists, and a BCP node keeps
-- the parts of a register change until all have arrived, to apply them in one transaction.
ALTER TABLE sync_identity ADD COLUMN documents_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sync_staged_documents (
    version INTEGER NOT NULL,
    part INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (version, part)
) WITHOUT ROWID;

-- Downward deltas (issue 5): the document-alert register is versioned like the watchlists, and a BCP node keeps
-- the parts of a change that came in several messages (a register change, a large watchlist) until all have
-- arrived, to apply them in one transaction.
ALTER TABLE sync_identity ADD COLUMN documents_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sync_staged_parts (
    -- 'documents', or 'watchlist:<id>'
    target TEXT NOT NULL,
    version INTEGER NOT NULL,
    part INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (target, version, part)
) WITHOUT ROWID;

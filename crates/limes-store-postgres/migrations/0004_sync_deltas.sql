-- Downward deltas (issue 5): the document-alert register is versioned like the watchlists (each import at the
-- centre makes a version; the BCP nodes apply the alerts added and removed since the version they hold).
ALTER TABLE sync_identity ADD COLUMN documents_version bigint NOT NULL DEFAULT 0;

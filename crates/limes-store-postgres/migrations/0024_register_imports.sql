-- Streamed register imports (issue 20): the rows of a document-alert import (or change file) are staged here in
-- batches under their import id and moved into the register in one transaction at the end; lookups use the old
-- register meanwhile, and a failed or cancelled import only drops its staged rows.
CREATE TABLE document_alerts_staging (
    import_id text NOT NULL,
    line bigint NOT NULL,
    action text NOT NULL,
    issuing_state text NOT NULL,
    number_norm text NOT NULL,
    number_confusable text NOT NULL,
    document_number text NOT NULL,
    document_type text NOT NULL,
    status text NOT NULL,
    source text NOT NULL,
    reason text NOT NULL,
    reported_on date NOT NULL
);
CREATE INDEX document_alerts_staging_identity
    ON document_alerts_staging (import_id, number_norm, issuing_state, document_type, line);

-- The centre's change of the register while an import commits (what the nodes receive), streamed out in parts.
CREATE TABLE document_alerts_delta (
    import_id text NOT NULL,
    action text NOT NULL,
    issuing_state text NOT NULL,
    document_number text NOT NULL,
    document_type text NOT NULL,
    status text NOT NULL,
    source text NOT NULL,
    reason text NOT NULL,
    reported_on date NOT NULL
);
CREATE INDEX document_alerts_delta_import ON document_alerts_delta (import_id, action);

-- Each register's own version, one more with every import committed: a change file names the version it applies to.
CREATE TABLE register_versions (
    register text PRIMARY KEY,
    version bigint NOT NULL
);
INSERT INTO register_versions (register, version) VALUES ('documents', 0);

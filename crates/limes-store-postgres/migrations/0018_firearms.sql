-- The firearm register (issue 15): lost, stolen, smuggled and trafficked weapons, looked up through the in-memory
-- index of limes-arms (built from this table). Imports are staged by import id and swapped in whole.
CREATE TABLE firearms (
    record_id TEXT PRIMARY KEY,
    serial TEXT NOT NULL,
    make TEXT NOT NULL,
    model TEXT NOT NULL,
    calibre TEXT NOT NULL,
    firearm_type TEXT NOT NULL,
    country_of_manufacture TEXT NOT NULL,
    status TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    reported_on DATE NOT NULL
);

CREATE TABLE firearms_staging (
    import_id TEXT NOT NULL,
    line BIGINT NOT NULL,
    record_id TEXT NOT NULL,
    serial TEXT NOT NULL,
    make TEXT NOT NULL,
    model TEXT NOT NULL,
    calibre TEXT NOT NULL,
    firearm_type TEXT NOT NULL,
    country_of_manufacture TEXT NOT NULL,
    status TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    reported_on DATE NOT NULL
);
CREATE INDEX firearms_staging_import ON firearms_staging (import_id, record_id);

-- The register's version (made by each import at the centre; at a BCP node the version it applied) and its
-- generation (moved by every change, here: the in-memory index is rebuilt when it moved).
CREATE TABLE firearms_version (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    version BIGINT NOT NULL,
    generation BIGINT NOT NULL
);
INSERT INTO firearms_version (only_row, version, generation) VALUES (1, 0, 0);

-- Trace requests (ISACS 05.31), kept whole as JSON.
CREATE TABLE firearm_traces (
    id TEXT PRIMARY KEY,
    updated_at TIMESTAMPTZ NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX firearm_traces_updated ON firearm_traces (updated_at);

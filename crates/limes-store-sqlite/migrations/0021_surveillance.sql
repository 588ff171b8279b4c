-- Surveillance between the crossing points (issue 16): incidents and patrols kept whole as JSON, with the columns
-- that find them. The spatial index is SQLite's R*Tree (bundled): one box per record in three dimensions —
-- longitude, latitude and time (hours since 1970) — so a query by box and time is one index search. The R*Tree
-- stores 32-bit floats rounded outwards, so the exact columns beside the record filter the candidates.
CREATE TABLE incidents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    bcp TEXT,
    class TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    min_lon REAL NOT NULL,
    min_lat REAL NOT NULL,
    max_lon REAL NOT NULL,
    max_lat REAL NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX incidents_time ON incidents (occurred_at);
CREATE VIRTUAL TABLE incidents_rtree USING rtree (seq, min_lon, max_lon, min_lat, max_lat, min_hour, max_hour);

-- Patrols: the box of their area, sections and track, and the window they ran in.
CREATE TABLE patrols (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    bcp TEXT,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    min_lon REAL,
    min_lat REAL,
    max_lon REAL,
    max_lat REAL,
    record TEXT NOT NULL
);
CREATE INDEX patrols_time ON patrols (starts_at, ends_at);

-- The state's territory as configured (one row).
CREATE TABLE surveillance_territory (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    record TEXT NOT NULL
);

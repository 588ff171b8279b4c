-- Surveillance between the crossing points (issue 16): incidents and patrols kept whole as JSON, with the columns
-- that find them. The spatial index is a GiST index on the record's box (PostgreSQL's built-in `box` type, no
-- extension), beside a B-tree on time: a query by box and time combines the two.
CREATE TABLE incidents (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    bcp TEXT,
    class TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    min_lon DOUBLE PRECISION NOT NULL,
    min_lat DOUBLE PRECISION NOT NULL,
    max_lon DOUBLE PRECISION NOT NULL,
    max_lat DOUBLE PRECISION NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX incidents_time ON incidents (occurred_at);
CREATE INDEX incidents_box ON incidents USING gist (box(point(min_lon, min_lat), point(max_lon, max_lat)));

-- Patrols: the box of their area, sections and track, and the window they ran in.
CREATE TABLE patrols (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    bcp TEXT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    min_lon DOUBLE PRECISION,
    min_lat DOUBLE PRECISION,
    max_lon DOUBLE PRECISION,
    max_lat DOUBLE PRECISION,
    record TEXT NOT NULL
);
CREATE INDEX patrols_time ON patrols (starts_at, ends_at);

-- The state's territory as configured (one row).
CREATE TABLE surveillance_territory (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    record TEXT NOT NULL
);

-- Seizure and offence records (issue 15): the non-nominal record kept whole as JSON with the columns its
-- listings, statistics and gallery filter on; the nominal part in a table of its own (need-to-know); the
-- photographs' bytes (metadata stripped) with their SHA-256. An inspection opens at most one seizure.
CREATE TABLE seizures (
    id TEXT PRIMARY KEY,
    bcp TEXT NOT NULL,
    heading TEXT NOT NULL,
    concealment TEXT NOT NULL,
    seized_at TIMESTAMPTZ NOT NULL,
    inspection_id TEXT,
    record TEXT NOT NULL
);
CREATE INDEX seizures_bcp_at ON seizures (bcp, seized_at);
CREATE INDEX seizures_heading_at ON seizures (heading, seized_at);
CREATE INDEX seizures_concealment ON seizures (concealment);
CREATE UNIQUE INDEX seizures_inspection ON seizures (inspection_id) WHERE inspection_id IS NOT NULL;

CREATE TABLE seizure_nominal (
    seizure_id TEXT PRIMARY KEY REFERENCES seizures (id),
    record TEXT NOT NULL
);

CREATE TABLE seizure_photos (
    id TEXT PRIMARY KEY,
    seizure_id TEXT NOT NULL REFERENCES seizures (id),
    media_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    data BYTEA NOT NULL
);
CREATE INDEX seizure_photos_seizure ON seizure_photos (seizure_id);

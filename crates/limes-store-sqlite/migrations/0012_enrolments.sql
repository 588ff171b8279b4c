-- Enrolment tokens of new BCP nodes (issue 13): made at the centre by `limes sync enrol`, kept hashed, used once.
CREATE TABLE sync_enrolments (
    token_hash TEXT PRIMARY KEY,
    bcp TEXT NOT NULL,
    node TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

-- One-time password reset codes an administrator issues (stored hashed; used once, expiring), and the second
-- line's examination record of a referred traveller (the record itself as JSON, the columns the queries need
-- beside it).
CREATE TABLE password_resets (
    code_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    issued_by TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX password_resets_user ON password_resets(user_id);

CREATE TABLE examinations (
    id TEXT PRIMARY KEY,
    crossing_id TEXT NOT NULL REFERENCES crossings(id),
    bcp TEXT NOT NULL,
    officer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX examinations_crossing ON examinations(crossing_id, recorded_at);

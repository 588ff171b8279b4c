-- One-time password reset codes an administrator issues (stored hashed; used once, expiring), and the second
-- line's examination record of a referred traveller (the record itself as JSON, the columns the queries need
-- beside it).
CREATE TABLE password_resets (
    code_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id),
    issued_by text NOT NULL,
    issued_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX password_resets_user ON password_resets(user_id);

CREATE TABLE examinations (
    id text PRIMARY KEY,
    crossing_id text NOT NULL REFERENCES crossings(id),
    bcp text NOT NULL,
    officer text NOT NULL,
    recorded_at timestamptz NOT NULL,
    record text NOT NULL
);
CREATE INDEX examinations_crossing ON examinations(crossing_id, recorded_at);

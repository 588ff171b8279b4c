-- Enrolment tokens of new BCP nodes (issue 13): made at the centre by `limes sync enrol`, kept hashed, used once.
CREATE TABLE sync_enrolments (
    token_hash text PRIMARY KEY,
    bcp text NOT NULL,
    node text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);

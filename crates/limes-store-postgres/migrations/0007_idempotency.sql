-- Answers remembered for requests that carried an Idempotency-Key (kept 24 h). status and body are NULL while
-- the first request is still being worked on.
CREATE TABLE idempotency_keys (
    caller TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    status INTEGER,
    body TEXT,
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

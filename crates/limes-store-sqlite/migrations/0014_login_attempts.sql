-- Failed sign-ins per key ('account:<user>|source:<address>' or 'source:<address>'): the progressive login
-- delay, kept across restarts.
CREATE TABLE login_attempts (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure TEXT NOT NULL
);

-- One row rewritten by /healthz: the write probe that tells a full disk or a read-only database.
CREATE TABLE health_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL
);

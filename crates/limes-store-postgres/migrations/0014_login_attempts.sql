-- Failed sign-ins per key ('account:<user>|source:<address>' or 'source:<address>'): the progressive login
-- delay, kept across restarts and shared by every process on the database.
CREATE TABLE login_attempts (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    last_failure timestamptz NOT NULL
);

-- One row rewritten by /healthz: the write probe that tells a full disk or a read-only database.
CREATE TABLE health_probe (
    id integer PRIMARY KEY CHECK (id = 1),
    at timestamptz NOT NULL
);

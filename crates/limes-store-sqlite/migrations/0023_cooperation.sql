-- Cooperation records (issue 18): hotline and integrity reports, agreements, the exchange log, requests for
-- assistance, notifications, alerts, the liaison directory, as JSON documents by kind. `sealed` holds a
-- reporter's identity encrypted (nonce and ciphertext) under a key outside the database; `source_key` a keyed
-- hash of where a public report came from, for throttling.
CREATE TABLE cooperation_records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    reference TEXT,
    source_key TEXT,
    body TEXT NOT NULL,
    sealed BLOB,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX cooperation_records_reference ON cooperation_records (kind, reference)
    WHERE reference IS NOT NULL;
CREATE INDEX cooperation_records_created ON cooperation_records (kind, created_at);
CREATE INDEX cooperation_records_source ON cooperation_records (kind, source_key, created_at)
    WHERE source_key IS NOT NULL;

-- Limes SQLite schema, version 1. Timestamps are RFC 3339 UTC text with microseconds ("...Z"), so text order is time order.
CREATE TABLE agencies (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE bcps (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    border_section TEXT NOT NULL,
    neighbour TEXT,
    agency TEXT NOT NULL,
    latitude REAL,
    longitude REAL,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    agency TEXT NOT NULL,
    bcps TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    bcp TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE document_alerts (
    id INTEGER PRIMARY KEY,
    issuing_state TEXT NOT NULL,
    number_norm TEXT NOT NULL,
    number_confusable TEXT NOT NULL,
    document_number TEXT NOT NULL,
    document_type TEXT NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    reported_on TEXT NOT NULL
);
CREATE INDEX document_alerts_norm ON document_alerts(number_norm);
CREATE INDEX document_alerts_confusable ON document_alerts(number_confusable);

CREATE TABLE watchlists (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    published TEXT,
    entries INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
);

CREATE TABLE crossings (
    id TEXT PRIMARY KEY,
    bcp TEXT NOT NULL,
    direction TEXT NOT NULL,
    at TEXT NOT NULL,
    officer TEXT NOT NULL,
    document_code TEXT NOT NULL,
    document_number TEXT NOT NULL,
    issuing_state TEXT NOT NULL,
    surname TEXT NOT NULL,
    given_names TEXT NOT NULL,
    nationality TEXT NOT NULL,
    birth_date TEXT,
    sex TEXT,
    expiry_date TEXT,
    document_key TEXT NOT NULL,
    person_key TEXT NOT NULL,
    input_method TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    reasons TEXT NOT NULL,
    hit_count INTEGER NOT NULL,
    alert_count INTEGER NOT NULL,
    result_json TEXT NOT NULL,
    status TEXT NOT NULL,
    first_outcome TEXT,
    first_officer TEXT,
    outcome TEXT,
    refusal_reason TEXT,
    decided_by TEXT,
    decided_at TEXT,
    note TEXT
);
CREATE INDEX crossings_document ON crossings(document_key, at);
CREATE INDEX crossings_person ON crossings(person_key, at);
CREATE INDEX crossings_bcp_status ON crossings(bcp, status, at);
CREATE INDEX crossings_status ON crossings(status, at);
CREATE INDEX crossings_at ON crossings(at);
CREATE INDEX crossings_surname ON crossings(surname COLLATE NOCASE);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT,
    agency TEXT,
    bcp TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    purpose TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

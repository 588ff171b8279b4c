-- Limes PostgreSQL schema, version 1. The same records as the SQLite schema, in native types: timestamps are
-- timestamptz (microseconds, as the audit hash uses), dates are date, lists are text[].
CREATE TABLE agencies (
    code text PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL
);

CREATE TABLE bcps (
    code text PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,
    border_section text NOT NULL,
    neighbour text,
    agency text NOT NULL,
    latitude double precision,
    longitude double precision,
    active boolean NOT NULL DEFAULT true
);

CREATE TABLE users (
    id text PRIMARY KEY,
    username text NOT NULL UNIQUE,
    display_name text NOT NULL,
    role text NOT NULL,
    agency text NOT NULL,
    bcps text[] NOT NULL DEFAULT '{}',
    password_hash text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
);

CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id),
    bcp text,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
    token_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id),
    name text NOT NULL,
    created_at timestamptz NOT NULL
);

-- No key of its own: the same document may be reported more than once. A replacing import builds the register
-- anew in document_alerts_load and swaps it in (src/documents.rs creates the indexes below there too).
CREATE TABLE document_alerts (
    issuing_state text NOT NULL,
    number_norm text NOT NULL,
    number_confusable text NOT NULL,
    document_number text NOT NULL,
    document_type text NOT NULL,
    status text NOT NULL,
    source text NOT NULL,
    reason text NOT NULL,
    reported_on date NOT NULL
);
CREATE INDEX document_alerts_norm ON document_alerts(number_norm);
CREATE INDEX document_alerts_confusable ON document_alerts(number_confusable);

CREATE TABLE watchlists (
    id text PRIMARY KEY,
    name text NOT NULL,
    source text NOT NULL,
    published text,
    entries bigint NOT NULL,
    imported_at timestamptz NOT NULL,
    imported_by text NOT NULL,
    version bigint NOT NULL,
    data text NOT NULL
);

CREATE TABLE crossings (
    id text PRIMARY KEY,
    bcp text NOT NULL,
    direction text NOT NULL,
    at timestamptz NOT NULL,
    officer text NOT NULL,
    document_code text NOT NULL,
    document_number text NOT NULL,
    issuing_state text NOT NULL,
    surname text NOT NULL,
    given_names text NOT NULL,
    nationality text NOT NULL,
    birth_date date,
    sex text,
    expiry_date date,
    document_key text NOT NULL,
    person_key text NOT NULL,
    input_method text NOT NULL,
    recommendation text NOT NULL,
    reasons text[] NOT NULL,
    hit_count bigint NOT NULL,
    alert_count bigint NOT NULL,
    result_json text NOT NULL,
    status text NOT NULL,
    first_outcome text,
    first_officer text,
    outcome text,
    refusal_reason text,
    decided_by text,
    decided_at timestamptz,
    note text
);
CREATE INDEX crossings_document ON crossings(document_key, at);
CREATE INDEX crossings_person ON crossings(person_key, at);
CREATE INDEX crossings_bcp_status ON crossings(bcp, status, at);
CREATE INDEX crossings_status ON crossings(status, at);
CREATE INDEX crossings_at ON crossings(at);
-- Prefix search on surname, case-insensitive (lower(surname) LIKE 'abc%').
CREATE INDEX crossings_surname ON crossings(lower(surname) text_pattern_ops);

CREATE TABLE audit_log (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    role text,
    agency text,
    bcp text,
    action text NOT NULL,
    subject text,
    purpose text,
    detail text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
);

-- The head of the audit hash chain: one row, locked (SELECT ... FOR UPDATE) by every transaction that appends,
-- so concurrent writers, in this process or another, never fork the chain.
CREATE TABLE audit_chain_head (
    id smallint PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

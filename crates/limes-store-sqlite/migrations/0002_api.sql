-- Advance passenger information: interchanges, flights, manifests, travellers, pre-arrival hits, targeting rules.

CREATE TABLE api_interchanges (
    sender TEXT NOT NULL,
    control_ref TEXT NOT NULL,
    received_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    raw TEXT,
    report_json TEXT NOT NULL,
    PRIMARY KEY (sender, control_ref)
);

CREATE TABLE api_flights (
    key TEXT PRIMARY KEY,
    carrier TEXT NOT NULL,
    flight_number TEXT NOT NULL,
    departure_airport TEXT NOT NULL,
    departure_time TEXT,
    arrival_airport TEXT NOT NULL,
    arrival_time TEXT,
    -- arrival, else departure: the board's day and the retention clock.
    sort_time TEXT,
    arrival_bcp TEXT,
    legs_json TEXT NOT NULL,
    last_received TEXT NOT NULL
);
CREATE INDEX api_flights_sort ON api_flights(sort_time);

CREATE TABLE api_manifests (
    id TEXT PRIMARY KEY,
    flight_key TEXT NOT NULL REFERENCES api_flights(key),
    kind TEXT NOT NULL,
    sender TEXT NOT NULL,
    interchange_ref TEXT NOT NULL,
    message_ref TEXT NOT NULL,
    received_at TEXT NOT NULL,
    persons INTEGER NOT NULL,
    warnings_json TEXT NOT NULL,
    superseded_by TEXT
);
CREATE INDEX api_manifests_flight ON api_manifests(flight_key, kind, superseded_by);

CREATE TABLE api_travellers (
    id TEXT PRIMARY KEY,
    manifest_id TEXT NOT NULL REFERENCES api_manifests(id),
    flight_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    surname TEXT NOT NULL,
    given_names TEXT NOT NULL,
    gender TEXT,
    birth_date TEXT,
    nationality TEXT NOT NULL,
    booking_reference TEXT NOT NULL,
    seat TEXT NOT NULL,
    documents_json TEXT NOT NULL,
    details_json TEXT NOT NULL,
    person_key TEXT NOT NULL
);
CREATE INDEX api_travellers_manifest ON api_travellers(manifest_id, position);
CREATE INDEX api_travellers_person ON api_travellers(person_key);

-- Document keys of travellers, for the first-line check to find confirmed pre-arrival hits.
CREATE TABLE api_traveller_documents (
    traveller_id TEXT NOT NULL REFERENCES api_travellers(id) ON DELETE CASCADE,
    document_key TEXT NOT NULL
);
CREATE INDEX api_traveller_documents_key ON api_traveller_documents(document_key);
CREATE INDEX api_traveller_documents_traveller ON api_traveller_documents(traveller_id);

CREATE TABLE api_hits (
    id TEXT PRIMARY KEY,
    traveller_id TEXT NOT NULL REFERENCES api_travellers(id) ON DELETE CASCADE,
    flight_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    rule_version INTEGER,
    severity INTEGER NOT NULL,
    score REAL,
    summary TEXT NOT NULL,
    explain_json TEXT NOT NULL,
    status TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    review_reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX api_hits_traveller ON api_hits(traveller_id);
CREATE INDEX api_hits_flight ON api_hits(flight_key, status);
CREATE INDEX api_hits_status ON api_hits(status, severity);
CREATE INDEX api_hits_rule ON api_hits(kind, source);

CREATE TABLE targeting_rules (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    owner TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    rule_json TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

-- Rule statistics survive the purge of the travellers they fired on.
CREATE TABLE rule_counters (
    rule_id TEXT PRIMARY KEY,
    fired INTEGER NOT NULL DEFAULT 0,
    confirmed INTEGER NOT NULL DEFAULT 0,
    dismissed INTEGER NOT NULL DEFAULT 0
);

-- Limes PostgreSQL schema, version 2: advance passenger information (interchanges, flights, manifests,
-- travellers, pre-arrival hits, targeting rules). The same records as the SQLite migration 0002_api.sql, in
-- native types: received/review/save times are timestamptz; the flight times, which PAXLST gives as local
-- times without a zone, are timestamp; JSON the store only hands back is jsonb, except the intake report, which
-- is returned byte for byte on a resend (text).

CREATE TABLE api_interchanges (
    sender text NOT NULL,
    control_ref text NOT NULL,
    received_at timestamptz NOT NULL,
    channel text NOT NULL,
    raw text,
    report_json text NOT NULL,
    PRIMARY KEY (sender, control_ref)
);
-- The purge clears the raw text of old interchanges.
CREATE INDEX api_interchanges_received ON api_interchanges(received_at) WHERE raw IS NOT NULL;

CREATE TABLE api_flights (
    key text PRIMARY KEY,
    carrier text NOT NULL,
    flight_number text NOT NULL,
    departure_airport text NOT NULL,
    departure_time timestamp,
    arrival_airport text NOT NULL,
    arrival_time timestamp,
    -- arrival, else departure: the board's day and the retention clock.
    sort_time timestamp,
    arrival_bcp text,
    legs jsonb NOT NULL,
    last_received timestamptz NOT NULL
);
CREATE INDEX api_flights_sort ON api_flights(sort_time);

CREATE TABLE api_manifests (
    id text PRIMARY KEY,
    flight_key text NOT NULL REFERENCES api_flights(key),
    kind text NOT NULL,
    sender text NOT NULL,
    interchange_ref text NOT NULL,
    message_ref text NOT NULL,
    received_at timestamptz NOT NULL,
    persons bigint NOT NULL,
    warnings jsonb NOT NULL,
    superseded_by text
);
CREATE INDEX api_manifests_flight ON api_manifests(flight_key, kind, superseded_by);
-- The purge looks up the manifests of an interchange.
CREATE INDEX api_manifests_interchange ON api_manifests(sender, interchange_ref);

CREATE TABLE api_travellers (
    id text PRIMARY KEY,
    manifest_id text NOT NULL REFERENCES api_manifests(id),
    flight_key text NOT NULL,
    position bigint NOT NULL,
    role text NOT NULL,
    surname text NOT NULL,
    given_names text NOT NULL,
    gender text,
    birth_date date,
    nationality text NOT NULL,
    booking_reference text NOT NULL,
    seat text NOT NULL,
    documents jsonb NOT NULL,
    details jsonb NOT NULL,
    person_key text NOT NULL
);
CREATE INDEX api_travellers_manifest ON api_travellers(manifest_id, position);
CREATE INDEX api_travellers_person ON api_travellers(person_key);
CREATE INDEX api_travellers_flight ON api_travellers(flight_key);

-- Document keys of travellers, for the first-line check to find confirmed pre-arrival hits.
CREATE TABLE api_traveller_documents (
    traveller_id text NOT NULL REFERENCES api_travellers(id) ON DELETE CASCADE,
    document_key text NOT NULL
);
CREATE INDEX api_traveller_documents_key ON api_traveller_documents(document_key);
CREATE INDEX api_traveller_documents_traveller ON api_traveller_documents(traveller_id);

CREATE TABLE api_hits (
    id text PRIMARY KEY,
    traveller_id text NOT NULL REFERENCES api_travellers(id) ON DELETE CASCADE,
    flight_key text NOT NULL,
    kind text NOT NULL,
    source text NOT NULL,
    rule_version bigint,
    severity bigint NOT NULL,
    score double precision,
    summary text NOT NULL,
    explanation jsonb NOT NULL,
    status text NOT NULL,
    reviewed_by text,
    reviewed_at timestamptz,
    review_reason text,
    created_at timestamptz NOT NULL
);
CREATE INDEX api_hits_traveller ON api_hits(traveller_id);
CREATE INDEX api_hits_flight ON api_hits(flight_key, status);
CREATE INDEX api_hits_status ON api_hits(status, severity);
CREATE INDEX api_hits_rule ON api_hits(kind, source);

CREATE TABLE targeting_rules (
    id text NOT NULL,
    version bigint NOT NULL,
    owner text NOT NULL,
    saved_by text NOT NULL,
    saved_at timestamptz NOT NULL,
    rule jsonb NOT NULL,
    PRIMARY KEY (id, version)
);

-- Rule statistics survive the purge of the travellers they fired on.
CREATE TABLE rule_counters (
    rule_id text PRIMARY KEY,
    fired bigint NOT NULL DEFAULT 0,
    confirmed bigint NOT NULL DEFAULT 0,
    dismissed bigint NOT NULL DEFAULT 0
);

-- Risk indicators (limes-store/src/indicators.rs): daily counts kept from the records, the days to recount, and the
-- figures entered by hand. Days are UTC calendar days.

-- One row per source, day, BCP, direction, nationality, indicator and detail. The rows with nationality '*' are the
-- same counts summed over nationalities (what every breakdown but nationality reads). Detail '' is the indicator's
-- total; rows with a detail (refusal reason, lane) are its parts.
CREATE TABLE indicator_daily (
    nationality text NOT NULL,
    day date NOT NULL,
    source text NOT NULL,
    bcp text NOT NULL,
    direction text NOT NULL,
    indicator text NOT NULL,
    detail text NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (nationality, day, source, bcp, direction, indicator, detail)
);
CREATE INDEX indicator_daily_source_day ON indicator_daily(day, source);

-- The days of a source whose records changed since their last count.
CREATE TABLE indicator_dirty (
    source text NOT NULL,
    day date NOT NULL,
    PRIMARY KEY (source, day)
);

CREATE TABLE indicator_manual (
    id text PRIMARY KEY,
    day date NOT NULL,
    bcp text,
    indicator text NOT NULL,
    count bigint NOT NULL,
    source text NOT NULL,
    entered_by text NOT NULL,
    entered_at timestamptz NOT NULL
);
CREATE INDEX indicator_manual_day ON indicator_manual(day);

-- Any write of a source's records marks its days (and, when a change moves a record, its old day): statement
-- triggers over the transition tables, so a bulk COPY marks each day once.
CREATE FUNCTION indicator_mark_crossings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO indicator_dirty (source, day)
            SELECT DISTINCT 'crossings', (at AT TIME ZONE 'UTC')::date FROM new_rows ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO indicator_dirty (source, day)
            SELECT DISTINCT 'crossings', (at AT TIME ZONE 'UTC')::date FROM old_rows ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_crossings_insert AFTER INSERT ON crossings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_crossings();
CREATE TRIGGER indicator_crossings_update AFTER UPDATE ON crossings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_crossings();
CREATE TRIGGER indicator_crossings_delete AFTER DELETE ON crossings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_crossings();

-- Pre-arrival hits are counted on the day they were raised; the purge of old passenger data does not uncount them.
CREATE FUNCTION indicator_mark_api_hits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_dirty (source, day)
        SELECT DISTINCT 'paxlst', (created_at AT TIME ZONE 'UTC')::date FROM new_rows ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_api_hits_insert AFTER INSERT ON api_hits
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_api_hits();
CREATE TRIGGER indicator_api_hits_update AFTER UPDATE ON api_hits
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_api_hits();

CREATE FUNCTION indicator_mark_goods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_dirty (source, day)
        SELECT DISTINCT 'goods', (created_at AT TIME ZONE 'UTC')::date FROM new_rows ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_goods_inspections_insert AFTER INSERT ON goods_inspections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_goods();
CREATE TRIGGER indicator_goods_inspections_update AFTER UPDATE ON goods_inspections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_goods();

CREATE FUNCTION indicator_mark_manual() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT DISTINCT 'manual', day FROM new_rows ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_manual_insert AFTER INSERT ON indicator_manual
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_manual();

-- The records already kept are counted at the first refresh.
INSERT INTO indicator_dirty (source, day)
    SELECT DISTINCT 'crossings', (at AT TIME ZONE 'UTC')::date FROM crossings ON CONFLICT DO NOTHING;
INSERT INTO indicator_dirty (source, day)
    SELECT DISTINCT 'paxlst', (created_at AT TIME ZONE 'UTC')::date FROM api_hits ON CONFLICT DO NOTHING;
INSERT INTO indicator_dirty (source, day)
    SELECT DISTINCT 'goods', (created_at AT TIME ZONE 'UTC')::date FROM goods_inspections ON CONFLICT DO NOTHING;

CREATE INDEX api_hits_created ON api_hits(created_at);
CREATE INDEX goods_inspections_created ON goods_inspections(created_at);

-- Crossings of a legacy system's history (`limes import crossings`): no personal data, only what the indicators
-- count. Staged by import (committed false), made visible all at once when the import commits.
CREATE TABLE historical_crossings (
    import_id text NOT NULL,
    line bigint NOT NULL,
    at timestamptz NOT NULL,
    bcp text NOT NULL,
    direction text NOT NULL,
    outcome text NOT NULL,
    refusal_reason text,
    nationality text NOT NULL,
    document_type text NOT NULL,
    sex text,
    birth_year integer,
    committed boolean NOT NULL DEFAULT false
);
CREATE INDEX historical_crossings_at ON historical_crossings(at);
CREATE INDEX historical_crossings_import ON historical_crossings(import_id, committed);
CREATE FUNCTION indicator_mark_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO indicator_dirty (source, day)
            SELECT DISTINCT 'history', (at AT TIME ZONE 'UTC')::date FROM new_rows WHERE committed
            ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO indicator_dirty (source, day)
            SELECT DISTINCT 'history', (at AT TIME ZONE 'UTC')::date FROM old_rows WHERE committed
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER indicator_history_update AFTER UPDATE ON historical_crossings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_history();
CREATE TRIGGER indicator_history_delete AFTER DELETE ON historical_crossings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_mark_history();

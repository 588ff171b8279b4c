-- Risk indicators (limes-store/src/indicators.rs): daily counts kept from the records, the days to recount, and the
-- figures entered by hand. Days are UTC calendar days ('YYYY-MM-DD', the first ten characters of a timestamp).

-- One row per source, day, BCP, direction, nationality, indicator and detail. The rows with nationality '*' are the
-- same counts summed over nationalities (what every breakdown but nationality reads). Detail '' is the indicator's
-- total; rows with a detail (refusal reason, lane) are its parts.
CREATE TABLE indicator_daily (
    nationality TEXT NOT NULL,
    day TEXT NOT NULL,
    source TEXT NOT NULL,
    bcp TEXT NOT NULL,
    direction TEXT NOT NULL,
    indicator TEXT NOT NULL,
    detail TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (nationality, day, source, bcp, direction, indicator, detail)
) WITHOUT ROWID;

-- The days of a source whose records changed since their last count.
CREATE TABLE indicator_dirty (
    source TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (source, day)
) WITHOUT ROWID;

CREATE TABLE indicator_manual (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    bcp TEXT,
    indicator TEXT NOT NULL,
    count INTEGER NOT NULL,
    source TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX indicator_manual_day ON indicator_manual(day);

-- Any write of a source's records marks its day (and, when a change moves a record, its old day). No OR IGNORE in
-- the triggers: a statement's own conflict clause (the centre's upsert of crossings) would override it.
CREATE TRIGGER indicator_crossings_insert AFTER INSERT ON crossings BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'crossings', substr(NEW.at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'crossings' AND day = substr(NEW.at, 1, 10));
END;
CREATE TRIGGER indicator_crossings_update AFTER UPDATE ON crossings BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'crossings', substr(NEW.at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'crossings' AND day = substr(NEW.at, 1, 10));
    INSERT INTO indicator_dirty (source, day) SELECT 'crossings', substr(OLD.at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'crossings' AND day = substr(OLD.at, 1, 10));
END;
CREATE TRIGGER indicator_crossings_delete AFTER DELETE ON crossings BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'crossings', substr(OLD.at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'crossings' AND day = substr(OLD.at, 1, 10));
END;
-- Pre-arrival hits are counted on the day they were raised; the purge of old passenger data does not unmark
-- (uncount) them, so no delete trigger.
CREATE TRIGGER indicator_api_hits_insert AFTER INSERT ON api_hits BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'paxlst', substr(NEW.created_at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'paxlst' AND day = substr(NEW.created_at, 1, 10));
END;
CREATE TRIGGER indicator_api_hits_update AFTER UPDATE ON api_hits BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'paxlst', substr(NEW.created_at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'paxlst' AND day = substr(NEW.created_at, 1, 10));
END;
CREATE TRIGGER indicator_goods_inspections_insert AFTER INSERT ON goods_inspections BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'goods', substr(NEW.created_at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'goods' AND day = substr(NEW.created_at, 1, 10));
END;
CREATE TRIGGER indicator_goods_inspections_update AFTER UPDATE ON goods_inspections BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'goods', substr(NEW.created_at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'goods' AND day = substr(NEW.created_at, 1, 10));
END;
CREATE TRIGGER indicator_manual_insert AFTER INSERT ON indicator_manual BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'manual', NEW.day
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'manual' AND day = NEW.day);
END;

-- The records already kept are counted at the first refresh.
INSERT OR IGNORE INTO indicator_dirty (source, day) SELECT DISTINCT 'crossings', substr(at, 1, 10) FROM crossings;
INSERT OR IGNORE INTO indicator_dirty (source, day) SELECT DISTINCT 'paxlst', substr(created_at, 1, 10) FROM api_hits;
INSERT OR IGNORE INTO indicator_dirty (source, day)
    SELECT DISTINCT 'goods', substr(created_at, 1, 10) FROM goods_inspections;

-- The sources are recounted by day.
CREATE INDEX indicator_daily_source_day ON indicator_daily(day, source);
CREATE INDEX api_hits_created ON api_hits(created_at);
CREATE INDEX goods_inspections_created ON goods_inspections(created_at);

-- Crossings of a legacy system's history (`limes import crossings`): no personal data, only what the indicators
-- count. Staged by import (committed = 0), made visible all at once when the import commits.
CREATE TABLE historical_crossings (
    import_id TEXT NOT NULL,
    line INTEGER NOT NULL,
    at TEXT NOT NULL,
    bcp TEXT NOT NULL,
    direction TEXT NOT NULL,
    outcome TEXT NOT NULL,
    refusal_reason TEXT,
    nationality TEXT NOT NULL,
    document_type TEXT NOT NULL,
    sex TEXT,
    birth_year INTEGER,
    committed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX historical_crossings_at ON historical_crossings(at);
CREATE INDEX historical_crossings_import ON historical_crossings(import_id, committed);
CREATE TRIGGER indicator_history_commit AFTER UPDATE OF committed ON historical_crossings BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'history', substr(NEW.at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'history' AND day = substr(NEW.at, 1, 10));
END;
CREATE TRIGGER indicator_history_delete AFTER DELETE ON historical_crossings WHEN OLD.committed = 1 BEGIN
    INSERT INTO indicator_dirty (source, day) SELECT 'history', substr(OLD.at, 1, 10)
        WHERE NOT EXISTS (SELECT 1 FROM indicator_dirty WHERE source = 'history' AND day = substr(OLD.at, 1, 10));
END;

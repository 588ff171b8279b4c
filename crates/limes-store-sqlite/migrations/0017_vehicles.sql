-- The stolen-vehicle register (issue 14): looked up by normalised VIN and by plate in its registration country
-- (the look-alike key finds O/0 and I/1 misreadings, told apart by the exact key). Imports are staged by import
-- id and swapped in whole.
CREATE TABLE stolen_vehicles (
    alert_reference TEXT PRIMARY KEY,
    vin_norm TEXT,
    plate_norm TEXT,
    plate_lookalike TEXT,
    country TEXT,
    vin TEXT,
    plate TEXT,
    make TEXT NOT NULL,
    model TEXT NOT NULL,
    colour TEXT NOT NULL,
    stolen_on TEXT NOT NULL,
    reporting_authority TEXT NOT NULL
);
CREATE INDEX stolen_vehicles_vin ON stolen_vehicles (vin_norm) WHERE vin_norm IS NOT NULL;
CREATE INDEX stolen_vehicles_plate ON stolen_vehicles (plate_lookalike, country) WHERE plate_lookalike IS NOT NULL;

CREATE TABLE stolen_vehicles_staging (
    import_id TEXT NOT NULL,
    line INTEGER NOT NULL,
    alert_reference TEXT NOT NULL,
    vin_norm TEXT,
    plate_norm TEXT,
    plate_lookalike TEXT,
    country TEXT,
    vin TEXT,
    plate TEXT,
    make TEXT NOT NULL,
    model TEXT NOT NULL,
    colour TEXT NOT NULL,
    stolen_on TEXT NOT NULL,
    reporting_authority TEXT NOT NULL
);
CREATE INDEX stolen_vehicles_staging_import ON stolen_vehicles_staging (import_id, alert_reference);

-- Vehicle crossings at a land BCP, kept whole as JSON; the plate key gives a plate's history at the BCP.
CREATE TABLE vehicle_crossings (
    id TEXT PRIMARY KEY,
    bcp TEXT NOT NULL,
    plate_norm TEXT NOT NULL,
    at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX vehicle_crossings_plate ON vehicle_crossings (bcp, plate_norm, at);

-- The register's version: each import at the centre makes one, and a BCP node holds the version it applied.
CREATE TABLE stolen_vehicles_version (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    version BIGINT NOT NULL
);
INSERT INTO stolen_vehicles_version (only_row, version) VALUES (1, 0);

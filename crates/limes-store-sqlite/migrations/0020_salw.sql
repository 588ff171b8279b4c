-- Small arms (issue 15): impoundments at the border, each kept whole as JSON with its version (inventory and
-- custody chain inside). Issuing authorities and transfer authorisations are reference data kept in the generic
-- table of synced records (kinds salw_issuer, salw_authorisation).
CREATE TABLE salw_impoundments (
    id TEXT PRIMARY KEY,
    bcp TEXT NOT NULL,
    authorisation TEXT NOT NULL,
    impounded_at TEXT NOT NULL,
    version BIGINT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX salw_impoundments_bcp ON salw_impoundments (bcp, impounded_at);
CREATE INDEX salw_impoundments_at ON salw_impoundments (impounded_at);

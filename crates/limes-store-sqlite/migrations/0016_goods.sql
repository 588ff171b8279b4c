-- Goods declarations at the single window (issue 14): the declaration as it stands (the whole record as JSON,
-- the columns that are searched beside it), the agencies it is routed to, every version of its content, the
-- inspections selected at the BCP with their results, the rules that selected each declaration, and the
-- selectivity rules with every version.
CREATE TABLE goods_declarations (
    id TEXT PRIMARY KEY,
    lodged_by TEXT NOT NULL,
    channel TEXT NOT NULL,
    reference TEXT NOT NULL,
    bcp TEXT,
    status TEXT NOT NULL,
    lane TEXT NOT NULL,
    version INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    record_json TEXT NOT NULL,
    lodged_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (lodged_by, reference)
);
CREATE INDEX goods_declarations_bcp ON goods_declarations (bcp, lodged_at);
CREATE INDEX goods_declarations_lodged ON goods_declarations (lodged_at);

CREATE TABLE goods_declaration_agencies (
    agency TEXT NOT NULL,
    declaration_id TEXT NOT NULL REFERENCES goods_declarations (id),
    PRIMARY KEY (agency, declaration_id)
);

CREATE TABLE goods_declaration_versions (
    declaration_id TEXT NOT NULL REFERENCES goods_declarations (id),
    version INTEGER NOT NULL,
    function TEXT NOT NULL,
    message_reference TEXT NOT NULL,
    by_user TEXT NOT NULL,
    at TEXT NOT NULL,
    declaration_json TEXT NOT NULL,
    PRIMARY KEY (declaration_id, version)
);

CREATE TABLE goods_inspections (
    id TEXT PRIMARY KEY,
    declaration_id TEXT NOT NULL REFERENCES goods_declarations (id),
    bcp TEXT,
    lane TEXT NOT NULL,
    reasons_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    result_json TEXT,
    found INTEGER
);
CREATE INDEX goods_inspections_open ON goods_inspections (bcp, created_at);
CREATE INDEX goods_inspections_declaration ON goods_inspections (declaration_id);

CREATE TABLE goods_selections (
    declaration_id TEXT NOT NULL REFERENCES goods_declarations (id),
    rule_id TEXT NOT NULL,
    PRIMARY KEY (rule_id, declaration_id)
);

CREATE TABLE goods_rules (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    rule_json TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

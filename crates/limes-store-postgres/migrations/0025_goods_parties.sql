-- The parties each goods declaration names, by id and by name (trimmed, upper case): a party's history of finds
-- (declarations naming it whose inspection found something) is selectivity evidence.
CREATE TABLE goods_declaration_parties (
    party_key TEXT NOT NULL,
    declaration_id TEXT NOT NULL REFERENCES goods_declarations (id),
    PRIMARY KEY (party_key, declaration_id)
);
CREATE INDEX goods_declaration_parties_declaration ON goods_declaration_parties (declaration_id);

-- The language each user reads Limes in (a BCP 47 tag); NULL means the installation's default.
ALTER TABLE users ADD COLUMN language TEXT;

-- The name search key of a crossing: the name's tokens in every transliteration (MÜLLER gives MUELLER and
-- MULLER), made by the application with the screening's name normalisation. NULL until made: the application
-- fills it for rows recorded before this migration and for rows arriving from the nodes.
ALTER TABLE crossings ADD COLUMN search_key TEXT;
CREATE INDEX crossings_search_key_missing ON crossings(id) WHERE search_key IS NULL;

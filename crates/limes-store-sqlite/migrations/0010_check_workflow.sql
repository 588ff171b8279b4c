-- The admission over an open hit (JSON: code, reason, who overrode, who confirmed): the four-eyes override.
-- Statuses gain pending_override, abandoned and superseded (the status column is free text).
ALTER TABLE crossings ADD COLUMN admission_override TEXT;

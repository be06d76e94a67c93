-- Wording that names recovery (issue 17). A posted statement never says what a test budget is for unless the person
-- chose that it may (sds.people.names_recovery, off until they choose); a council decides whether its people are
-- offered that choice at all (sds.councils.recovery_wording_offered, offered unless it turns it off, which silences
-- every choice already made).
ALTER TABLE sds.councils ADD COLUMN recovery_wording_offered boolean NOT NULL DEFAULT true;
ALTER TABLE sds.people ADD COLUMN names_recovery boolean NOT NULL DEFAULT false;

-- Erasure (issue 17). Each person has a data key of their own; the ledger keeps the personal text of their entries
-- encrypted with it (the entry hash covers the ciphertext), so destroying the key erases that text everywhere at once,
-- backups included. The key is stored wrapped by the installation's key-encryption key, never in the clear.
CREATE TABLE sds.person_keys (
    person_id    uuid PRIMARY KEY REFERENCES sds.people (id),
    council_id   uuid NOT NULL REFERENCES sds.councils (id),
    wrapped_key  bytea CHECK (wrapped_key IS NULL OR octet_length(wrapped_key) = 60),
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    destroyed_at timestamptz,
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

-- Who erased whom, when and why: one row per erased person, kept for good.
CREATE TABLE sds.erasures (
    id          uuid PRIMARY KEY,
    council_id  uuid NOT NULL REFERENCES sds.councils (id),
    person_id   uuid NOT NULL UNIQUE REFERENCES sds.people (id),
    erased_by_id uuid NOT NULL,
    erased_by   text NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    kind        text NOT NULL CHECK (kind IN ('request', 'retention')),
    erased_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX erasures_council ON sds.erasures (council_id, erased_at);

-- How long a council keeps a person's record after their last budget ends.
ALTER TABLE sds.councils ADD COLUMN retention_years int NOT NULL DEFAULT 6 CHECK (retention_years BETWEEN 1 AND 100);

-- The role that owns sds.erase_person: the only one that may overwrite personal text in tables that are otherwise
-- never changed (the audit trail, spends, stored answers). Nobody can log in as it or become it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sdsledger_eraser') THEN
        CREATE ROLE sdsledger_eraser NOLOGIN NOSUPERUSER BYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE;
    END IF;
    ALTER ROLE sdsledger_eraser NOLOGIN NOSUPERUSER BYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

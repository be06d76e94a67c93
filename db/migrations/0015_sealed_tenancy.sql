-- Closing what an adversarial run found (issue 13). Tables only; the functions, triggers, policies and grants that use
-- them are in db/schema.

-- 1. The tenant can no longer be forged with set_config. The application proves who it acts for by signing the
--    claims (council, role, person, organisation, expiry) with a key shared with the database; sds.act_for checks the
--    signature with the key below, which only the owner can read, and records the verified tenant for this session's
--    current transaction. sds.tenant_council() answers only from that record (see db/schema/tenancy/tenant.sql).
--    The key is kept as HMAC-SHA256's two padded keys, so the database needs no extension to check a signature.
CREATE TABLE sds.tenant_key (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    inner_pad bytea NOT NULL CHECK (octet_length(inner_pad) = 64),
    outer_pad bytea NOT NULL CHECK (octet_length(outer_pad) = 64),
    set_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per server process: the tenant its current transaction was verified for. Unlogged: it is worth nothing
-- after a crash, and nothing of it needs to reach the WAL or a standby.
CREATE UNLOGGED TABLE sds.session_tenants (
    pid             int PRIMARY KEY,
    xact_start      timestamptz NOT NULL,
    council_id      uuid NOT NULL,
    role            text NOT NULL,
    person_id       uuid,
    organisation_id uuid
);

-- 2. Organisations belong to the council that registered them: a council's people, budgets and workers may name only
--    its own organisations. Organisations registered before this are given the council whose budgets or workers
--    name them (or the only council there is).
ALTER TABLE sds.organisations ADD COLUMN council_id uuid REFERENCES sds.councils (id);
UPDATE sds.organisations o
   SET council_id = coalesce(
        (SELECT min(p.council_id::text)::uuid FROM sds.budget_parts p WHERE p.holder_organisation_id = o.id),
        (SELECT min(w.council_id::text)::uuid FROM sds.workers w WHERE w.organisation_id = o.id AND w.council_id IS NOT NULL),
        (SELECT min(c.id::text)::uuid FROM sds.councils c HAVING count(*) = 1));
CREATE INDEX organisations_council ON sds.organisations (council_id);

-- 3. Payment runs: how far ahead of today a run may be dated (a council rule).
ALTER TABLE sds.council_rules ADD COLUMN payment_run_days_ahead int NOT NULL DEFAULT 7
    CHECK (payment_run_days_ahead BETWEEN 0 AND 31);

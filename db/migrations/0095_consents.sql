-- Consent (issue 16): a person lets a named worker or organisation (a peer worker, family member, carer or advocate)
-- see their budget summary, see their statements, or act for them on a test budget, from a day and until a day or
-- until withdrawn. Who recorded it (the person themselves or their social worker) is kept; a withdrawal is a change of
-- this row (when and by whom), never a deletion, and takes effect at once.
CREATE TABLE sds.consents (
    id                      uuid PRIMARY KEY,
    council_id              uuid NOT NULL REFERENCES sds.councils (id),
    person_id               uuid NOT NULL REFERENCES sds.people (id),
    kind                    text NOT NULL CHECK (kind IN ('peer-worker', 'family-member', 'carer', 'advocate')),
    grantee_worker_id       uuid REFERENCES sds.workers (id),
    grantee_organisation_id uuid REFERENCES sds.organisations (id),
    see_summary             boolean NOT NULL,
    see_statements          boolean NOT NULL,
    act_on_test_budget      boolean NOT NULL,
    valid_from              date NOT NULL,
    valid_until             date,
    witnessed_by_id         uuid NOT NULL,
    witnessed_by            text NOT NULL,
    recorded_at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    withdrawn_at            timestamptz,
    withdrawn_by_id         uuid,
    withdrawn_by            text,
    CHECK (num_nonnulls(grantee_worker_id, grantee_organisation_id) = 1),
    CHECK (see_summary OR see_statements OR act_on_test_budget),
    CHECK (valid_until IS NULL OR valid_until >= valid_from),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_by_id IS NULL) AND (withdrawn_at IS NULL) = (withdrawn_by IS NULL))
);
CREATE INDEX consents_person ON sds.consents (person_id) WHERE withdrawn_at IS NULL;
CREATE INDEX consents_worker ON sds.consents (grantee_worker_id) WHERE withdrawn_at IS NULL;
CREATE INDEX consents_organisation ON sds.consents (grantee_organisation_id) WHERE withdrawn_at IS NULL;

-- The verified tenant records which worker it is, so row-level security can ask whether a consent names them.
ALTER TABLE sds.session_tenants ADD COLUMN worker_id uuid;

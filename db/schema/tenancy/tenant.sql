-- Who the transaction acts for, as row-level security sees it.
--
-- The application sets these per transaction with set_config(..., true) (SET LOCAL, so nothing outlives the
-- transaction on a pooled connection):
--   sdsledger.council_id       the council the actor works for: only its rows are visible
--   sdsledger.organisation_id  a provider: further, only the budgets and parts the organisation holds
--   sdsledger.person_id        a service user: further, only their own record and budgets
-- With none of them set, nothing is visible. Policies wrap each in a sub-select, so PostgreSQL evaluates it once per
-- statement, not once per row.
CREATE OR REPLACE FUNCTION sds.tenant_council() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('sdsledger.council_id', true), '')::uuid $$;

CREATE OR REPLACE FUNCTION sds.tenant_organisation() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('sdsledger.organisation_id', true), '')::uuid $$;

CREATE OR REPLACE FUNCTION sds.tenant_person() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('sdsledger.person_id', true), '')::uuid $$;

-- A provider or a service user: a tenant narrower than a whole council.
CREATE OR REPLACE FUNCTION sds.tenant_narrowed() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT sds.tenant_organisation() IS NOT NULL OR sds.tenant_person() IS NOT NULL $$;

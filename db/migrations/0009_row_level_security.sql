-- Tenancy enforced by PostgreSQL: row-level security on every table that holds personal or money data.
--
-- Who sees what is decided per transaction by settings the application makes with set_config(..., true)
-- (the same as SET LOCAL, so nothing outlives the transaction on a pooled connection):
--   sdsledger.council_id       the council the actor works for: only its rows are visible
--   sdsledger.organisation_id  a provider: further, only the budgets and parts the organisation holds
--   sdsledger.person_id        a service user: further, only their own record and budgets
-- With none of them set, nothing is visible.
--
-- Roles:
--   sdsledger_app           what the application works as (0001): the policies apply to it, as it does not own the tables.
--   sdsledger_api           the HTTP API's login: neither superuser nor BYPASSRLS, NOINHERIT (nothing of its own), and
--                           able only to become sdsledger_app. Whoever deploys the API gives it LOGIN and a password.
--   sdsledger_installation  the trusted local path that works across councils (the sdsledger command, the demo, tests,
--                           benchmarks): sdsledger_app's privileges, no more (no UPDATE or DELETE of history), plus
--                           BYPASSRLS. Granted to the user that runs migrations, never to sdsledger_api, so nothing the
--                           API sends can become it.
-- The tables are owned by the user that runs migrations and the application never works as the owner, so the
-- policies apply without FORCE ROW LEVEL SECURITY (which would also bind the owner's own migrations).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sdsledger_installation') THEN
        CREATE ROLE sdsledger_installation NOLOGIN NOSUPERUSER BYPASSRLS INHERIT;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sdsledger_api') THEN
        CREATE ROLE sdsledger_api NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE;
    END IF;
    -- Whatever a role of the same name was before, it is now exactly this.
    ALTER ROLE sdsledger_installation NOSUPERUSER BYPASSRLS INHERIT;
    ALTER ROLE sdsledger_api NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
DO $$
BEGIN
    IF NOT pg_has_role('sdsledger_installation', 'sdsledger_app', 'MEMBER') THEN
        GRANT sdsledger_app TO sdsledger_installation;
    END IF;
    IF NOT pg_has_role(CURRENT_USER, 'sdsledger_installation', 'MEMBER') THEN
        EXECUTE format('GRANT sdsledger_installation TO %I', CURRENT_USER);
    END IF;
    IF NOT pg_has_role('sdsledger_api', 'sdsledger_app', 'MEMBER') THEN
        GRANT sdsledger_app TO sdsledger_api;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

CREATE FUNCTION sds.tenant_council() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('sdsledger.council_id', true), '')::uuid $$;

CREATE FUNCTION sds.tenant_organisation() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('sdsledger.organisation_id', true), '')::uuid $$;

CREATE FUNCTION sds.tenant_person() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('sdsledger.person_id', true), '')::uuid $$;

-- Whether the organisation holds a part of the budget. Reads the parts as the owner: the parts' own policy
-- refers to budgets, so a policy on budgets may not read them under row-level security.
CREATE FUNCTION sds.organisation_holds(p_budget uuid, p_organisation uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.budget_id = p_budget AND p.holder_organisation_id = p_organisation)
$$;

-- Whether a person has a budget with a part the organisation holds (a provider sees only those people).
CREATE FUNCTION sds.organisation_serves(p_person uuid, p_organisation uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM sds.budgets b JOIN sds.budget_parts p ON p.budget_id = b.id
                    WHERE b.person_id = p_person AND p.holder_organisation_id = p_organisation)
$$;

-- The policies below wrap each setting in a sub-select so that PostgreSQL evaluates it once per statement, not once per row.

-- Councils and their rules: the council's own row.
ALTER TABLE sds.councils ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sds.councils
    USING (id = (SELECT sds.tenant_council()));

ALTER TABLE sds.council_rules ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sds.council_rules
    USING (council_id = (SELECT sds.tenant_council()));

-- Workers: the council's staff, and a provider's own staff.
ALTER TABLE sds.workers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sds.workers
    USING (council_id = (SELECT sds.tenant_council())
           OR organisation_id = (SELECT sds.tenant_organisation()));

-- People: the council's people; a provider only the people it holds funds for; a service user only themselves.
ALTER TABLE sds.people ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sds.people
    USING ((council_id = (SELECT sds.tenant_council())
               AND ((SELECT sds.tenant_person()) IS NULL OR id = (SELECT sds.tenant_person()))
               AND ((SELECT sds.tenant_organisation()) IS NULL OR sds.organisation_serves(id, (SELECT sds.tenant_organisation())))));

ALTER TABLE sds.budgets ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sds.budgets
    USING ((council_id = (SELECT sds.tenant_council())
               AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
               AND ((SELECT sds.tenant_organisation()) IS NULL OR sds.organisation_holds(id, (SELECT sds.tenant_organisation())))));

-- A provider sees only the parts it holds, not the other parts of the same budget.
ALTER TABLE sds.budget_parts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sds.budget_parts
    USING ((EXISTS (SELECT 1 FROM sds.budgets b WHERE b.id = budget_parts.budget_id)
               AND ((SELECT sds.tenant_organisation()) IS NULL OR holder_organisation_id = (SELECT sds.tenant_organisation()))));

-- Everything else belongs to a budget or to one of its parts, and is visible when that is.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['reviews', 'support_plans', 'plan_outcomes', 'plan_categories', 'family_agreements',
                             'planned_purchases', 'progress_notes'] LOOP
        EXECUTE format('ALTER TABLE sds.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON sds.%I USING (EXISTS (SELECT 1 FROM sds.budgets b WHERE b.id = %I.budget_id))', t, t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['part_categories', 'spends', 'commitments', 'approvals', 'surplus_discussions'] LOOP
        EXECUTE format('ALTER TABLE sds.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON sds.%I USING (EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.id = %I.part_id))', t, t);
    END LOOP;
END
$$;

-- Stored answers hold budget figures: each belongs to the council it was answered for.
ALTER TABLE sds.command_results ADD COLUMN council_id uuid DEFAULT sds.tenant_council();
ALTER TABLE sds.command_results ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON sds.command_results
    USING (council_id = (SELECT sds.tenant_council()));

-- The audit trail: anyone may append; reading is by council. Where the request came from is kept too.
ALTER TABLE sds.audit_log ADD COLUMN client_address text;
ALTER TABLE sds.audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY append ON sds.audit_log FOR INSERT WITH CHECK (true);
CREATE POLICY read ON sds.audit_log FOR SELECT
    USING (council_id = (SELECT sds.tenant_council()));
CREATE INDEX audit_log_council ON sds.audit_log (council_id, at);

-- The ledger. Each account carries its council; balances, postings and holds are visible with their account, and
-- an entry with its postings. A provider or service user sees only the accounts of parts they can see. The local
-- path (BYPASSRLS) posts exactly as before; for the API a post costs one primary-key look-up of the account per
-- balance row or posting touched. COPY is refused where row-level security applies, so batch posting (the payment
-- run) is for the local path.
ALTER TABLE ledger.accounts ADD COLUMN council_id uuid DEFAULT sds.tenant_council();
UPDATE ledger.accounts a SET council_id = a.owner_id WHERE a.owner_kind = 'council';
UPDATE ledger.accounts a SET council_id = b.council_id
  FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id
 WHERE a.owner_kind = 'budget_part' AND a.owner_id = p.id;
CREATE INDEX accounts_council ON ledger.accounts (council_id);

-- Accounts opened on the local path (no council set) learn their council from their owner.
CREATE FUNCTION ledger.account_council() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.council_id IS NULL AND NEW.owner_kind = 'council' THEN
        NEW.council_id := NEW.owner_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_council BEFORE INSERT ON ledger.accounts
    FOR EACH ROW EXECUTE FUNCTION ledger.account_council();

-- A part's accounts are opened before the part row exists; when it does, they take its budget's council.
-- As the owner: the application may not update accounts.
CREATE FUNCTION sds.part_accounts_council() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE ledger.accounts a
       SET council_id = (SELECT b.council_id FROM sds.budgets b JOIN sds.budget_parts p ON p.budget_id = b.id WHERE p.id = a.owner_id)
     WHERE a.owner_kind = 'budget_part' AND a.owner_id = NEW.id AND a.council_id IS NULL;
    RETURN NULL;
END
$$;
CREATE TRIGGER budget_parts_accounts_council AFTER INSERT OR UPDATE ON sds.budget_parts
    FOR EACH ROW EXECUTE FUNCTION sds.part_accounts_council();

CREATE FUNCTION sds.category_account_council() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE ledger.accounts a
       SET council_id = (SELECT b.council_id FROM sds.budgets b JOIN sds.budget_parts p ON p.budget_id = b.id WHERE p.id = NEW.part_id)
     WHERE a.id = NEW.account_id AND a.council_id IS NULL;
    RETURN NULL;
END
$$;
CREATE TRIGGER part_categories_account_council AFTER INSERT ON sds.part_categories
    FOR EACH ROW EXECUTE FUNCTION sds.category_account_council();

ALTER TABLE ledger.accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON ledger.accounts
    USING ((council_id = (SELECT sds.tenant_council())
               AND (((SELECT sds.tenant_organisation()) IS NULL AND (SELECT sds.tenant_person()) IS NULL)
                    OR (owner_kind = 'budget_part' AND EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.id = accounts.owner_id)))));

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['balances', 'postings', 'holds'] LOOP
        EXECUTE format('ALTER TABLE ledger.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON ledger.%I USING (EXISTS (SELECT 1 FROM ledger.accounts a WHERE a.id = %I.account_id))', t, t);
    END LOOP;
END
$$;

-- A new account's balance row is inserted in the same statement as the account, which that statement cannot yet
-- read back; inserting a balance row grants nothing (it starts at zero and belongs to an existing account).
CREATE POLICY open_account ON ledger.balances FOR INSERT WITH CHECK (true);

-- An entry is inserted before its postings, so inserting one is always allowed; it is read with its postings, or, while
-- it has none yet (inside the transaction posting it, as INSERT ... RETURNING reads it back), by that transaction.
CREATE FUNCTION ledger.entry_posted(p_entry uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM ledger.postings p WHERE p.entry_id = p_entry)
$$;
ALTER TABLE ledger.entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY append ON ledger.entries FOR INSERT WITH CHECK (true);
CREATE POLICY read ON ledger.entries FOR SELECT
    USING (EXISTS (SELECT 1 FROM ledger.postings p WHERE p.entry_id = entries.id) OR NOT ledger.entry_posted(id));

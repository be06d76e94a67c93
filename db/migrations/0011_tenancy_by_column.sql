-- Tenancy by column: every row that row-level security guards carries its council, and every row of a person's
-- budget carries that person, so a policy is a comparison with the transaction's settings instead of a chain of
-- look-ups.
--
-- Before this, a posting was visible when its account was, an account when its part was, a part when its budget
-- was: each policy ran the next table's policy inside it, once per row. Posting one spend as a service user ran
-- four nested policies on every balance row, posting and entry it touched (about 8 ms against 1 ms without), and
-- the budget_parts policy was planned as a hash of every budget of the council, built again for each statement.
--
-- Now, for council staff (social workers, finance officers, auditors), every policy is `council_id = tenant`, and
-- for a service user also `person_id = tenant person`. A provider is narrowed further by a function that looks the
-- row's part, budget or account up by primary key, as the table owner (SECURITY DEFINER, so no policy runs inside
-- it), behind a check that the tenant is a provider at all, so nobody else calls it. (A part's holder may change
-- while its budget is a draft, so it is looked up rather than copied; a budget never changes person.)
--
-- Where the council and person come from:
--   budget_parts           its budget, by trigger: a part never moves budget
--   budget-level tables    their budget, by trigger (reviews, plans, outcomes, categories, family agreements, ...)
--   part-level tables      their part, by trigger (part categories, spends, commitments, approvals, surplus talks)
--   ledger.accounts        the opener names them (a part's accounts are opened before the part row exists, so the
--                          owner cannot be looked up); a council's own account is its owner's, with no person
--   ledger.balances        its account, written in the same statement as the account
--   ledger.postings,       the balance rows the posting locks (an entry's accounts all belong to one council, or
--   holds, entries         post_entry answers invalid; the batch writer does the same); an entry has no person:
--                          it may touch a council's account and a person's
-- The triggers always derive both, whatever the insert says, so a row cannot be written into a council or budget
-- other than its parent's; the policies' WITH CHECK then refuse a row of another council than the tenant's.
-- Ledger rows of accounts that belong to no council (the ledger benchmark's) keep a NULL council: only the
-- installation role sees them.

-- The triggers that gave accounts their council after the part was written: accounts now know it when opened.
DROP TRIGGER budget_parts_accounts_council ON sds.budget_parts;
DROP FUNCTION sds.part_accounts_council();
DROP TRIGGER part_categories_account_council ON sds.part_categories;
DROP FUNCTION sds.category_account_council();

CREATE FUNCTION sds.tenant_narrowed() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT sds.tenant_organisation() IS NOT NULL OR sds.tenant_person() IS NOT NULL $$;

-- Parts: their budget's council and person.
ALTER TABLE sds.budget_parts ADD COLUMN council_id uuid, ADD COLUMN person_id uuid;
UPDATE sds.budget_parts p SET council_id = b.council_id, person_id = b.person_id FROM sds.budgets b WHERE b.id = p.budget_id;
ALTER TABLE sds.budget_parts ALTER COLUMN council_id SET NOT NULL, ALTER COLUMN person_id SET NOT NULL;

CREATE FUNCTION sds.part_takes_budget() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT b.council_id, b.person_id INTO NEW.council_id, NEW.person_id FROM sds.budgets b WHERE b.id = NEW.budget_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER budget_parts_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.budget_parts
    FOR EACH ROW EXECUTE FUNCTION sds.part_takes_budget();

CREATE FUNCTION sds.row_takes_budget_tenancy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT b.council_id, b.person_id INTO NEW.council_id, NEW.person_id FROM sds.budgets b WHERE b.id = NEW.budget_id;
    RETURN NEW;
END
$$;

CREATE FUNCTION sds.row_takes_part_tenancy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT p.council_id, p.person_id INTO NEW.council_id, NEW.person_id FROM sds.budget_parts p WHERE p.id = NEW.part_id;
    RETURN NEW;
END
$$;

-- Whether the narrowed tenant (a provider, or a service user where a row carries no person) may see this budget,
-- part, account or entry. Each reads by primary key as the owner, so no policy runs inside it; the council is
-- checked by the policy's own column.
-- PL/pgSQL rather than SQL: a SQL function that cannot be inlined (SECURITY DEFINER) is planned again on every
-- statement that calls it, a PL/pgSQL one once per session.
CREATE FUNCTION sds.budget_visible(p_budget uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_person       uuid := nullif(current_setting('sdsledger.person_id', true), '')::uuid;
    v_organisation uuid := nullif(current_setting('sdsledger.organisation_id', true), '')::uuid;
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM sds.budgets b
         WHERE b.id = p_budget
           AND (v_person IS NULL OR b.person_id = v_person)
           AND (v_organisation IS NULL
                OR EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.budget_id = b.id AND p.holder_organisation_id = v_organisation)));
END
$$;

CREATE FUNCTION sds.part_visible(p_part uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_person       uuid := nullif(current_setting('sdsledger.person_id', true), '')::uuid;
    v_organisation uuid := nullif(current_setting('sdsledger.organisation_id', true), '')::uuid;
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM sds.budget_parts p
         WHERE p.id = p_part
           AND (v_person IS NULL OR p.person_id = v_person)
           AND (v_organisation IS NULL OR p.holder_organisation_id = v_organisation));
END
$$;

CREATE FUNCTION ledger.account_visible(p_account uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_part uuid;
BEGIN
    SELECT a.owner_id INTO v_part FROM ledger.accounts a WHERE a.id = p_account AND a.owner_kind = 'budget_part';
    RETURN FOUND AND sds.part_visible(v_part);
END
$$;

-- An entry is visible to a narrowed tenant with any of its postings, or while it has none: it is written before its
-- postings, and inside the transaction posting it INSERT ... RETURNING reads it back.
CREATE FUNCTION ledger.entry_visible(p_entry uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_account uuid;
    v_any     boolean := false;
BEGIN
    FOR v_account IN SELECT p.account_id FROM ledger.postings p WHERE p.entry_id = p_entry LOOP
        IF ledger.account_visible(v_account) THEN
            RETURN true;
        END IF;
        v_any := true;
    END LOOP;
    RETURN NOT v_any;
END
$$;

-- The balance check runs as the owner: an integrity check must count every posting of an entry, not only those the
-- tenant may see.
ALTER FUNCTION ledger.check_postings_balance() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

ALTER POLICY tenant ON sds.budget_parts
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_organisation()) IS NULL OR holder_organisation_id = (SELECT sds.tenant_organisation()))
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())));

-- Everything else that belongs to a budget or to one of its parts.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['reviews', 'support_plans', 'plan_outcomes', 'plan_categories', 'family_agreements',
                             'planned_purchases', 'progress_notes'] LOOP
        EXECUTE format('ALTER TABLE sds.%I ADD COLUMN council_id uuid, ADD COLUMN person_id uuid', t);
        EXECUTE format('UPDATE sds.%I x SET council_id = b.council_id, person_id = b.person_id FROM sds.budgets b WHERE b.id = x.budget_id', t);
        EXECUTE format('ALTER TABLE sds.%I ALTER COLUMN council_id SET NOT NULL, ALTER COLUMN person_id SET NOT NULL', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.%I '
                       'FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy()', t || '_tenancy', t);
        EXECUTE format('ALTER POLICY tenant ON sds.%I USING (council_id = (SELECT sds.tenant_council()) '
                       'AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())) '
                       'AND ((SELECT sds.tenant_organisation()) IS NULL OR sds.budget_visible(budget_id)))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['part_categories', 'spends', 'commitments', 'approvals', 'surplus_discussions'] LOOP
        EXECUTE format('ALTER TABLE sds.%I ADD COLUMN council_id uuid, ADD COLUMN person_id uuid', t);
        EXECUTE format('UPDATE sds.%I x SET council_id = p.council_id, person_id = p.person_id FROM sds.budget_parts p WHERE p.id = x.part_id', t);
        EXECUTE format('ALTER TABLE sds.%I ALTER COLUMN council_id SET NOT NULL, ALTER COLUMN person_id SET NOT NULL', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OF part_id, council_id, person_id ON sds.%I '
                       'FOR EACH ROW EXECUTE FUNCTION sds.row_takes_part_tenancy()', t || '_tenancy', t);
        EXECUTE format('ALTER POLICY tenant ON sds.%I USING (council_id = (SELECT sds.tenant_council()) '
                       'AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())) '
                       'AND ((SELECT sds.tenant_organisation()) IS NULL OR sds.part_visible(part_id)))', t);
    END LOOP;
END
$$;

-- The ledger. Accounts of parts that were written before this migration already have their council (0009).
ALTER TABLE ledger.accounts ADD COLUMN person_id uuid;
UPDATE ledger.accounts a SET person_id = p.person_id FROM sds.budget_parts p WHERE a.owner_kind = 'budget_part' AND p.id = a.owner_id;
ALTER POLICY tenant ON ledger.accounts
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
           AND ((SELECT sds.tenant_organisation()) IS NULL OR (owner_kind = 'budget_part' AND sds.part_visible(owner_id))));

ALTER TABLE ledger.balances ADD COLUMN council_id uuid, ADD COLUMN person_id uuid;
ALTER TABLE ledger.holds ADD COLUMN council_id uuid, ADD COLUMN person_id uuid;
ALTER TABLE ledger.entries ADD COLUMN council_id uuid;
ALTER TABLE ledger.postings ADD COLUMN council_id uuid, ADD COLUMN person_id uuid;
UPDATE ledger.balances b SET council_id = a.council_id, person_id = a.person_id
  FROM ledger.accounts a WHERE a.id = b.account_id AND (a.council_id IS NOT NULL OR a.person_id IS NOT NULL);
UPDATE ledger.holds h SET council_id = a.council_id, person_id = a.person_id
  FROM ledger.accounts a WHERE a.id = h.account_id AND (a.council_id IS NOT NULL OR a.person_id IS NOT NULL);
-- History is append-only to everyone, the owner included; the derived columns are filled in once, here, with the
-- guard lifted for this transaction only. Neither the request hashes nor the chain cover them.
ALTER TABLE ledger.postings DISABLE TRIGGER postings_append_only;
ALTER TABLE ledger.entries DISABLE TRIGGER entries_append_only;
UPDATE ledger.postings p SET council_id = a.council_id, person_id = a.person_id
  FROM ledger.accounts a WHERE a.id = p.account_id AND (a.council_id IS NOT NULL OR a.person_id IS NOT NULL);
UPDATE ledger.entries e SET council_id = x.council_id
  FROM (SELECT DISTINCT ON (entry_id) entry_id, council_id FROM ledger.postings WHERE council_id IS NOT NULL ORDER BY entry_id) x
 WHERE x.entry_id = e.id;
ALTER TABLE ledger.postings ENABLE TRIGGER postings_append_only;
ALTER TABLE ledger.entries ENABLE TRIGGER entries_append_only;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['balances', 'postings', 'holds'] LOOP
        EXECUTE format('ALTER POLICY tenant ON ledger.%I USING (council_id = (SELECT sds.tenant_council()) '
                       'AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())) '
                       'AND ((SELECT sds.tenant_organisation()) IS NULL OR ledger.account_visible(account_id)))', t);
    END LOOP;
END
$$;

-- A balance row is written in the same statement as its account, which that statement cannot read back.
ALTER POLICY open_account ON ledger.balances WITH CHECK (council_id = (SELECT sds.tenant_council()));

ALTER POLICY append ON ledger.entries WITH CHECK (council_id = (SELECT sds.tenant_council()));
ALTER POLICY read ON ledger.entries
    USING (council_id = (SELECT sds.tenant_council()) AND (NOT (SELECT sds.tenant_narrowed()) OR ledger.entry_visible(id)));
DROP FUNCTION ledger.entry_posted(uuid);

-- Whether an entry has been reversed. A function of its own, so that posting anything else (which never asks)
-- does not run the query that an IF with a sub-select would run on every call.
CREATE FUNCTION ledger.is_reversed(p_entry uuid) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM ledger.entries e WHERE e.reverses = p_entry);
END
$$;

-- Posting: as 0008, and the entry, its postings and a hold take the council (and each posting its account's person)
-- from the balance rows they lock.
CREATE OR REPLACE FUNCTION ledger.post_entry(
    p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text,
    p_accounts uuid[], p_amounts bigint[], p_reverses uuid DEFAULT NULL, p_hold uuid DEFAULT NULL,
    OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_n        int;
    v_acc      uuid[];
    v_amt      bigint[];
    v_avail    bigint[];
    v_council  uuid[];
    v_prev     bytea;
    v_sum      numeric := 0;
    v_postings text;
    v_request  bytea;
    v_hash     bytea;
    v_locked   int;
    v_held     int;
    v_allowed  boolean;
    v_refusal  text;
    v_hold     ledger.holds%ROWTYPE;
    r          record;
BEGIN
    IF p_reverses IS NOT NULL AND p_accounts IS NULL THEN
        SELECT array_agg(p.account_id ORDER BY p.account_id), array_agg(-p.amount ORDER BY p.account_id)
          INTO p_accounts, p_amounts
          FROM ledger.postings p WHERE p.entry_id = p_reverses;
        IF p_accounts IS NULL THEN
            status := 'not_found'; entry_id := p_reverses; RETURN;
        END IF;
    END IF;

    -- Account order: two postings (every spend) by a comparison, more by one query (planned once).
    v_n := cardinality(p_accounts);
    IF v_n IS NULL OR v_n < 2 OR v_n IS DISTINCT FROM cardinality(p_amounts) THEN
        status := 'invalid'; RETURN;
    END IF;
    IF v_n = 2 THEN
        IF p_accounts[2] < p_accounts[1] THEN
            v_acc := ARRAY[p_accounts[2], p_accounts[1]]; v_amt := ARRAY[p_amounts[2], p_amounts[1]];
        ELSE
            v_acc := p_accounts; v_amt := p_amounts;
        END IF;
    ELSE
        SELECT array_agg(u.a ORDER BY u.a), array_agg(u.m ORDER BY u.a) INTO v_acc, v_amt
          FROM unnest(p_accounts, p_amounts) AS u(a, m);
    END IF;
    FOR v_k IN 1 .. v_n LOOP
        IF v_acc[v_k] IS NULL OR v_amt[v_k] IS NULL OR v_amt[v_k] = 0 OR (v_k > 1 AND v_acc[v_k] = v_acc[v_k - 1]) THEN
            status := 'invalid'; RETURN;
        END IF;
        v_sum := v_sum + v_amt[v_k];
    END LOOP;
    IF v_sum <> 0 THEN
        status := 'invalid'; RETURN;
    END IF;

    -- Exactly the text of ledger.canonical (kept for the audit), built without planning a query.
    v_postings := v_acc[1]::text || '=' || v_amt[1]::text;
    FOR v_k IN 2 .. v_n LOOP
        v_postings := v_postings || ';' || v_acc[v_k]::text || '=' || v_amt[v_k]::text;
    END LOOP;
    v_request := sha256(convert_to(concat_ws('|',
        octet_length(p_kind) || ':' || p_kind,
        to_char(p_effective, 'YYYY-MM-DD'),
        octet_length(p_actor) || ':' || p_actor,
        octet_length(p_description) || ':' || p_description,
        coalesce(p_reverses::text, '-'),
        octet_length(p_key) || ':' || p_key,
        v_postings), 'UTF8'));

    -- Lock the balance rows in account order in one statement, reading what the checks, the hash and the council need.
    SELECT count(*), array_agg(l.avail ORDER BY l.account_id), string_agg(coalesce(l.last_hash, '\x'::bytea), '\x'::bytea ORDER BY l.account_id),
           array_agg(l.council_id ORDER BY l.account_id)
      INTO v_locked, v_avail, v_prev, v_council
      FROM (SELECT b.account_id, b.posted - b.pending AS avail, b.last_hash, b.council_id
              FROM ledger.balances b WHERE b.account_id = ANY (v_acc) ORDER BY b.account_id FOR UPDATE) l;

    -- The checks. A refusal is answered only after looking for an earlier entry under the same key (below).
    IF v_locked <> v_n THEN
        v_refusal := 'unknown_account';
    ELSIF p_reverses IS NOT NULL AND ledger.is_reversed(p_reverses) THEN
        v_refusal := 'already_reversed';
    ELSE
        -- Money never moves between councils.
        FOR v_k IN 2 .. v_n LOOP
            IF v_council[v_k] IS DISTINCT FROM v_council[1] THEN
                v_refusal := 'invalid';
            END IF;
        END LOOP;
        IF v_refusal IS NULL AND p_hold IS NOT NULL THEN
            SELECT * INTO v_hold FROM ledger.holds h WHERE h.id = p_hold FOR UPDATE;
            IF FOUND THEN
                v_held := array_position(v_acc, v_hold.account_id);
            END IF;
            IF v_held IS NULL OR v_hold.status <> 'open' OR NOT (-v_amt[v_held] BETWEEN 1 AND v_hold.amount) THEN
                v_refusal := 'hold_not_open';
            END IF;
        END IF;
        -- Enough available on every account that goes down (a captured hold's own reservation counts as available);
        -- only an account that would go short is looked up to see whether it may go negative.
        IF v_refusal IS NULL THEN
            FOR v_k IN 1 .. v_n LOOP
                IF v_amt[v_k] < 0 AND v_avail[v_k] + (CASE WHEN v_k = v_held THEN v_hold.amount ELSE 0 END) + v_amt[v_k] < 0 THEN
                    SELECT ac.allow_negative INTO v_allowed FROM ledger.accounts ac WHERE ac.id = v_acc[v_k];
                    IF NOT v_allowed THEN
                        v_refusal := 'insufficient_funds'; account_id := v_acc[v_k]; available := v_avail[v_k];
                        EXIT;
                    END IF;
                END IF;
            END LOOP;
        END IF;
    END IF;

    IF v_refusal IS NULL THEN
        v_hash := sha256(convert_to(p_id::text || '|', 'UTF8') || v_request || v_prev);
        -- One statement writes the entry, the balances and the postings; if the key is already taken (a concurrent
        -- request with it waits here until the other commits or rolls back) it writes nothing.
        WITH entry AS (
            INSERT INTO ledger.entries (id, kind, effective_date, actor, description, reverses, idempotency_key, request_hash, hash, council_id)
            VALUES (p_id, p_kind, p_effective, p_actor, p_description, p_reverses, p_key, v_request, v_hash, v_council[1])
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id),
        moved AS (
            UPDATE ledger.balances b
               SET posted = b.posted + v_amt[array_position(v_acc, b.account_id)],
                   pending = b.pending - CASE WHEN b.account_id = v_hold.account_id THEN v_hold.amount ELSE 0 END,
                   version = b.version + 1,
                   last_hash = v_hash
             WHERE b.account_id = ANY (v_acc) AND EXISTS (SELECT 1 FROM entry)
         RETURNING b.account_id, b.posted, b.version, b.person_id)
        INSERT INTO ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date, council_id, person_id)
        SELECT p_id, moved.account_id, v_amt[array_position(v_acc, moved.account_id)], moved.posted, moved.version, p_effective, v_council[1],
               moved.person_id
          FROM moved;
        IF FOUND THEN
            IF p_hold IS NOT NULL THEN
                UPDATE ledger.holds h
                   SET status = 'captured', closed_at = clock_timestamp(), captured_amount = -v_amt[v_held], capture_entry = p_id
                 WHERE h.id = p_hold;
            END IF;
            status := 'posted'; entry_id := p_id;
            RETURN;
        END IF;
    END IF;

    -- Refused, or the key was taken. After the locks, a concurrent request with the same key has committed or rolled
    -- back, so this sees it: the same request is a duplicate, another a conflict, whatever the checks said.
    SELECT e.id, e.request_hash INTO r FROM ledger.entries e WHERE e.idempotency_key = p_key;
    IF FOUND THEN
        status := CASE WHEN r.request_hash = v_request THEN 'duplicate' ELSE 'conflict' END;
        entry_id := r.id; account_id := NULL; available := NULL;
        RETURN;
    END IF;
    IF v_refusal IS NULL THEN
        -- The key is taken by an entry this caller may not see (row-level security): as a plain INSERT would.
        RAISE EXCEPTION 'idempotency key % is already used', p_key USING ERRCODE = 'unique_violation';
    END IF;
    status := v_refusal;
    CASE v_refusal
        WHEN 'unknown_account' THEN
            SELECT a INTO account_id FROM unnest(v_acc) a
             WHERE NOT EXISTS (SELECT 1 FROM ledger.balances b WHERE b.account_id = a) LIMIT 1;
        WHEN 'already_reversed' THEN entry_id := p_reverses;
        WHEN 'hold_not_open' THEN entry_id := p_hold;
        ELSE NULL;
    END CASE;
END
$$;

-- Setting money aside: as 0002, and the hold takes its account's council and person.
CREATE OR REPLACE FUNCTION ledger.place_hold(
    p_id uuid, p_account uuid, p_amount bigint, p_actor text, p_description text, p_key text,
    p_expires timestamptz DEFAULT NULL,
    OUT status text, OUT hold_id uuid, OUT available bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_request bytea;
    v_bal     ledger.balances%ROWTYPE;
    r         record;
BEGIN
    IF p_amount IS NULL OR p_amount <= 0 THEN
        status := 'invalid'; RETURN;
    END IF;
    v_request := sha256(convert_to(concat_ws('|', 'hold', p_account, p_amount, octet_length(p_actor) || ':' || p_actor, coalesce(extract(epoch FROM p_expires)::text, '-'),
                                             octet_length(p_description) || ':' || p_description), 'UTF8'));

    SELECT * INTO v_bal FROM ledger.balances b WHERE b.account_id = p_account FOR UPDATE;

    SELECT h.id, h.request_hash INTO r FROM ledger.holds h WHERE h.idempotency_key = p_key;
    IF FOUND THEN
        status := CASE WHEN r.request_hash = v_request THEN 'duplicate' ELSE 'conflict' END;
        hold_id := r.id;
        RETURN;
    END IF;

    IF v_bal.account_id IS NULL THEN
        status := 'unknown_account'; RETURN;
    END IF;

    IF v_bal.posted - v_bal.pending < p_amount
       AND NOT (SELECT a.allow_negative FROM ledger.accounts a WHERE a.id = p_account) THEN
        status := 'insufficient_funds'; available := v_bal.posted - v_bal.pending; RETURN;
    END IF;

    INSERT INTO ledger.holds (id, account_id, amount, description, actor, idempotency_key, request_hash, expires_at, council_id, person_id)
    VALUES (p_id, p_account, p_amount, p_description, p_actor, p_key, v_request, p_expires, v_bal.council_id, v_bal.person_id);
    UPDATE ledger.balances b SET pending = b.pending + p_amount WHERE b.account_id = p_account;
    status := 'placed'; hold_id := p_id; available := v_bal.posted - v_bal.pending - p_amount;
END
$$;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ledger TO sdsledger_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA sds TO sdsledger_app;

-- Whether a narrowed tenant (a provider, a recovery worker by consent, or a service user where a row carries no person) may see a budget, part,
-- account or entry. Each reads by primary key as the owner (SECURITY DEFINER), so no policy runs inside it, and checks
-- the verified council too, so that calling one directly tells nobody whether another council's row exists.
-- PL/pgSQL rather than SQL: a SQL function that cannot be inlined (SECURITY DEFINER) is planned again on every
-- statement that calls it, a PL/pgSQL one once per session.

-- Whether a current consent of the person names the verified tenant's worker or organisation: given, begun (the
-- council's today, in Scotland), not ended and not withdrawn. With p_what, only a consent to that ('summary',
-- 'statements', 'test-budget'). This is how a recovery worker sees a person, so a withdrawal hides them at once.
CREATE OR REPLACE FUNCTION sds.consented(p_person uuid, p_what text DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_council uuid := sds.tenant_council();
    v_today   date := (statement_timestamp() AT TIME ZONE 'Europe/London')::date;
    v_worker  uuid;
    v_org     uuid;
BEGIN
    IF v_council IS NULL OR p_person IS NULL THEN
        RETURN false;
    END IF;
    SELECT t.worker_id, t.organisation_id INTO v_worker, v_org
      FROM sds.session_tenants t WHERE t.pid = pg_backend_pid() AND t.xact_start = transaction_timestamp();
    RETURN EXISTS (
        SELECT 1 FROM sds.consents c
         WHERE c.person_id = p_person AND c.council_id = v_council AND c.withdrawn_at IS NULL
           AND c.valid_from <= v_today AND (c.valid_until IS NULL OR c.valid_until >= v_today)
           AND (c.grantee_worker_id = v_worker OR c.grantee_organisation_id = v_org)
           AND (p_what IS NULL OR (p_what = 'summary' AND c.see_summary) OR (p_what = 'statements' AND c.see_statements)
                OR (p_what = 'test-budget' AND c.act_on_test_budget)));
END
$$;

-- Whether the organisation holds a part of the budget.
CREATE OR REPLACE FUNCTION sds.organisation_holds(p_budget uuid, p_organisation uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.budget_id = p_budget AND p.holder_organisation_id = p_organisation
                                                      AND p.council_id = sds.tenant_council())
$$;

-- Whether a person has a budget with a part the organisation holds (a provider sees only those people).
CREATE OR REPLACE FUNCTION sds.organisation_serves(p_person uuid, p_organisation uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM sds.budget_parts p
                    WHERE p.person_id = p_person AND p.holder_organisation_id = p_organisation AND p.council_id = sds.tenant_council())
$$;

CREATE OR REPLACE FUNCTION sds.budget_visible(p_budget uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_person       uuid := nullif(current_setting('sdsledger.person_id', true), '')::uuid;
    v_organisation uuid := nullif(current_setting('sdsledger.organisation_id', true), '')::uuid;
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM sds.budgets b
         WHERE b.id = p_budget AND b.council_id = sds.tenant_council()
           AND (v_person IS NULL OR b.person_id = v_person)
           AND CASE WHEN sds.tenant_is_recovery_worker() THEN sds.consented(b.person_id)
                    ELSE v_organisation IS NULL
                         OR EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.budget_id = b.id AND p.holder_organisation_id = v_organisation) END);
END
$$;

CREATE OR REPLACE FUNCTION sds.part_visible(p_part uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_person       uuid := nullif(current_setting('sdsledger.person_id', true), '')::uuid;
    v_organisation uuid := nullif(current_setting('sdsledger.organisation_id', true), '')::uuid;
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM sds.budget_parts p
         WHERE p.id = p_part AND p.council_id = sds.tenant_council()
           AND (v_person IS NULL OR p.person_id = v_person)
           AND CASE WHEN sds.tenant_is_recovery_worker() THEN sds.consented(p.person_id)
                    ELSE v_organisation IS NULL OR p.holder_organisation_id = v_organisation END);
END
$$;

CREATE OR REPLACE FUNCTION ledger.account_visible(p_account uuid) RETURNS boolean
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
CREATE OR REPLACE FUNCTION ledger.entry_visible(p_entry uuid) RETURNS boolean
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

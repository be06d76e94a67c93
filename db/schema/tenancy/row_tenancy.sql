-- Every row of a person's budget carries its council and person, taken from its parent row by these triggers whatever
-- the insert says, so a row cannot be written into a council or budget other than its parent's; the policies' WITH
-- CHECK then refuse a row of another council than the tenant's. A budget never changes person or council.
--   budget_parts           its budget: a part never moves budget
--   budget-level tables    their budget (reviews, plans, outcomes, categories, family agreements, purchases, notes)
--   part-level tables      their part (part categories, spends, commitments, approvals, surplus discussions, evidence)
-- The ledger's rows take theirs from the balance rows ledger.post_entry locks (see ledger/post_entry.sql).
CREATE OR REPLACE FUNCTION sds.part_takes_budget() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT b.council_id, b.person_id INTO NEW.council_id, NEW.person_id FROM sds.budgets b WHERE b.id = NEW.budget_id;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION sds.row_takes_budget_tenancy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT b.council_id, b.person_id INTO NEW.council_id, NEW.person_id FROM sds.budgets b WHERE b.id = NEW.budget_id;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION sds.row_takes_part_tenancy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT p.council_id, p.person_id INTO NEW.council_id, NEW.person_id FROM sds.budget_parts p WHERE p.id = NEW.part_id;
    RETURN NEW;
END
$$;

-- Person-level rows (their family): the person's council.
CREATE OR REPLACE FUNCTION sds.row_takes_person_tenancy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT p.council_id INTO NEW.council_id FROM sds.people p WHERE p.id = NEW.person_id;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER family_members_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.family_members
    FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();

CREATE OR REPLACE TRIGGER change_requests_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.change_requests
    FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();

CREATE OR REPLACE TRIGGER recovery_phases_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.recovery_phases
    FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();

CREATE OR REPLACE TRIGGER person_changes_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.person_changes
    FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();

CREATE OR REPLACE TRIGGER consents_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.consents
    FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();

-- Break-the-glass openings of a person's record: the person's council.
CREATE OR REPLACE TRIGGER record_openings_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.record_openings
    FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();

-- A person's data key and their erasure: the person's council.
CREATE OR REPLACE TRIGGER person_keys_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.person_keys
    FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();
CREATE OR REPLACE TRIGGER erasures_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.erasures
    FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();

CREATE OR REPLACE TRIGGER budget_parts_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.budget_parts
    FOR EACH ROW EXECUTE FUNCTION sds.part_takes_budget();

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['reviews', 'support_plans', 'plan_outcomes', 'plan_categories', 'family_agreements',
                             'planned_purchases', 'progress_notes'] LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.%I '
                       'FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy()', t || '_tenancy', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['part_categories', 'spends', 'commitments', 'approvals', 'surplus_discussions', 'spend_evidence'] LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER %I BEFORE INSERT OR UPDATE OF part_id, council_id, person_id ON sds.%I '
                       'FOR EACH ROW EXECUTE FUNCTION sds.row_takes_part_tenancy()', t || '_tenancy', t);
    END LOOP;
END
$$;

-- Accounts opened on the local path (no council set) learn their council from their owner when it is a council.
CREATE OR REPLACE FUNCTION ledger.account_council() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.council_id IS NULL AND NEW.owner_kind = 'council' THEN
        NEW.council_id := NEW.owner_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER accounts_council BEFORE INSERT ON ledger.accounts
    FOR EACH ROW EXECUTE FUNCTION ledger.account_council();

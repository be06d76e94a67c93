-- People and their budgets. Council staff see their council's; a provider only the people, budgets and parts it holds
-- money for; a recovery worker only the people whose current consent names them or their organisation (consents.sql);
-- a service user only their own. Every row of a budget carries its council and person (row_tenancy.sql),
-- so most policies compare columns; a provider is narrowed by a look-up of the row's budget or part, as the owner.

ALTER TABLE sds.people ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.people;
CREATE POLICY tenant ON sds.people
    USING ((council_id = (SELECT sds.tenant_council())
               AND ((SELECT sds.tenant_person()) IS NULL OR id = (SELECT sds.tenant_person()))
               AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(id)
                        ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.organisation_serves(id, (SELECT sds.tenant_organisation())) END));

-- The person's family: as the person is seen.
ALTER TABLE sds.family_members ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.family_members;
CREATE POLICY tenant ON sds.family_members
    USING ((council_id = (SELECT sds.tenant_council())
               AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
               AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id)
                        ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.organisation_serves(person_id, (SELECT sds.tenant_organisation())) END));

-- The person's recovery phases: as the person is seen.
ALTER TABLE sds.recovery_phases ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.recovery_phases;
CREATE POLICY tenant ON sds.recovery_phases
    USING ((council_id = (SELECT sds.tenant_council())
               AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
               AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id)
                        ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.organisation_serves(person_id, (SELECT sds.tenant_organisation())) END));

-- The history of changes to the person's details: as the person is seen.
ALTER TABLE sds.person_changes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.person_changes;
CREATE POLICY tenant ON sds.person_changes
    USING ((council_id = (SELECT sds.tenant_council())
               AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
               AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id)
                        ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.organisation_serves(person_id, (SELECT sds.tenant_organisation())) END));

-- Break-the-glass openings of a person's record (who opened it, why): the council's, and a person sees the openings of their own.
ALTER TABLE sds.record_openings ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.record_openings;
CREATE POLICY tenant ON sds.record_openings
    USING ((council_id = (SELECT sds.tenant_council())
               AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
               AND (SELECT sds.tenant_organisation()) IS NULL));

ALTER TABLE sds.budgets ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.budgets;
CREATE POLICY tenant ON sds.budgets
    USING ((council_id = (SELECT sds.tenant_council())
               AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
               AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id)
                        ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.organisation_holds(id, (SELECT sds.tenant_organisation())) END));

-- A provider sees only the parts it holds, not the other parts of the same budget.
ALTER TABLE sds.budget_parts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.budget_parts;
CREATE POLICY tenant ON sds.budget_parts
    USING (council_id = (SELECT sds.tenant_council())
           AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id)
                    ELSE (SELECT sds.tenant_organisation()) IS NULL OR holder_organisation_id = (SELECT sds.tenant_organisation()) END
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())));

-- A test budget's planned purchases and the progress notes in the person's own words: as the budget is seen, except
-- that a recovery worker needs the consent that covers them, not just any consent: to act on the test budget (plan
-- and notes), or to see statements (a statement carries the notes). A consent to see only the summary shows neither.
ALTER TABLE sds.planned_purchases ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.planned_purchases;
CREATE POLICY tenant ON sds.planned_purchases
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
           AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id, 'test-budget')
                    ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.budget_visible(budget_id) END);

ALTER TABLE sds.progress_notes ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.progress_notes;
CREATE POLICY tenant ON sds.progress_notes
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
           AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id, 'test-budget') OR sds.consented(person_id, 'statements')
                    ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.budget_visible(budget_id) END);

-- Everything else that belongs to a budget or to one of its parts.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['reviews', 'support_plans', 'plan_outcomes', 'plan_categories', 'family_agreements'] LOOP
        EXECUTE format('ALTER TABLE sds.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant ON sds.%I', t);
        EXECUTE format('CREATE POLICY tenant ON sds.%I USING (council_id = (SELECT sds.tenant_council()) '
                       'AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())) '
                       'AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id) '
                       'ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.budget_visible(budget_id) END)', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['part_categories', 'spends', 'commitments', 'approvals', 'surplus_discussions', 'spend_evidence'] LOOP
        EXECUTE format('ALTER TABLE sds.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant ON sds.%I', t);
        EXECUTE format('CREATE POLICY tenant ON sds.%I USING (council_id = (SELECT sds.tenant_council()) '
                       'AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())) '
                       'AND CASE WHEN (SELECT sds.tenant_is_recovery_worker()) THEN sds.consented(person_id) '
                       'ELSE (SELECT sds.tenant_organisation()) IS NULL OR sds.part_visible(part_id) END)', t);
    END LOOP;
END
$$;

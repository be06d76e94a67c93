-- Bank details, payment files, statements and draft spends (migration 0050). Every row carries its council; a
-- person's rows their person; a provider sees its own organisation's. Payment batches and the instalments they pay are
-- the council's alone: no person or provider reads them whole.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['bank_details', 'payment_batch_payments', 'bank_statements', 'bank_lines'] LOOP
        EXECUTE format('ALTER TABLE sds.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant ON sds.%I', t);
        EXECUTE format('CREATE POLICY tenant ON sds.%I USING (council_id = (SELECT sds.tenant_council()) '
                       'AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())) '
                       'AND ((SELECT sds.tenant_organisation()) IS NULL OR organisation_id = (SELECT sds.tenant_organisation())))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['payment_batches', 'payment_batch_instalments'] LOOP
        EXECUTE format('ALTER TABLE sds.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant ON sds.%I', t);
        EXECUTE format('CREATE POLICY tenant ON sds.%I USING (council_id = (SELECT sds.tenant_council()) '
                       'AND (SELECT sds.tenant_person()) IS NULL AND (SELECT sds.tenant_organisation()) IS NULL)', t);
    END LOOP;
END
$$;

-- A person sees and decides the drafts of their own card; a provider none.
ALTER TABLE sds.draft_spends ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.draft_spends;
CREATE POLICY tenant ON sds.draft_spends
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
           AND (SELECT sds.tenant_organisation()) IS NULL);

-- The ledger. Each account carries its council and (a part's) person; balances, postings and holds carry their
-- account's. A provider or service user sees only the accounts of parts they can see. With no council set, only the
-- installation role and superusers (BYPASSRLS) see any. COPY is refused where row-level security applies, so batch
-- posting (the payment run) is for the local path.
ALTER TABLE ledger.accounts ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON ledger.accounts;
CREATE POLICY tenant ON ledger.accounts
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
           AND ((SELECT sds.tenant_organisation()) IS NULL OR (owner_kind = 'budget_part' AND sds.part_visible(owner_id))));

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['balances', 'postings', 'holds'] LOOP
        EXECUTE format('ALTER TABLE ledger.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant ON ledger.%I', t);
        EXECUTE format('CREATE POLICY tenant ON ledger.%I USING (council_id = (SELECT sds.tenant_council()) '
                       'AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())) '
                       'AND ((SELECT sds.tenant_organisation()) IS NULL OR ledger.account_visible(account_id)))', t);
    END LOOP;
END
$$;

-- A balance row is written in the same statement as its account, which that statement cannot read back.
DROP POLICY IF EXISTS open_account ON ledger.balances;
CREATE POLICY open_account ON ledger.balances FOR INSERT WITH CHECK (council_id = (SELECT sds.tenant_council()));

-- An entry is written before its postings; it is read with any of them a narrowed tenant may see.
ALTER TABLE ledger.entries ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS append ON ledger.entries;
CREATE POLICY append ON ledger.entries FOR INSERT WITH CHECK (council_id = (SELECT sds.tenant_council()));
DROP POLICY IF EXISTS read ON ledger.entries;
CREATE POLICY read ON ledger.entries FOR SELECT
    USING (council_id = (SELECT sds.tenant_council()) AND (NOT (SELECT sds.tenant_narrowed()) OR ledger.entry_visible(id)));

-- How far each part's instalments have been paid: for the council's staff (the payment run and its preview).
ALTER TABLE ledger.instalments_paid ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON ledger.instalments_paid;
CREATE POLICY tenant ON ledger.instalments_paid
    USING (council_id = (SELECT sds.tenant_council()) AND NOT (SELECT sds.tenant_narrowed()));

-- Less work per posting, the same guarantees.
--
-- 1. Postings no longer carry foreign keys to entries and accounts. Each foreign key ran a query per posting row,
--    and took a row lock (FOR KEY SHARE) on the entry and the account, which writes to the locked row and to the WAL:
--    three locks and three queries for every two-posting spend, twenty thousand for a payment-run batch of ten
--    thousand postings. The statement-level balance check already reads each entry's postings; it now also refuses
--    postings whose entry or account does not exist, in one query per statement. That is as strong as the foreign
--    keys, because neither entries nor accounts can be deleted or renumbered (entries since 0002; accounts below),
--    and the audit checks it again from the stored rows.
-- 2. An entry is reversed at most once: the unique constraint on entries.reverses becomes a partial unique index, so
--    the entries that reverse nothing (nearly all) are not indexed.
-- 3. entries_effective_date is dropped: no query reads entries by date (postings carry the date and have their own
--    index), and every entry paid to keep it.
-- 4. The duplicate-spend and family-agreement checks compare payees as lower(trim(payee)), but their indexes held
--    lower(payee), so each check read every spend of the part (and, under row-level security, ran the part's policy
--    on each). The indexes now hold what the checks compare.
-- 5. Balance rows leave room on their page, so that updating one can stay on its page (a HOT update, no new index entry).

ALTER TABLE ledger.postings DROP CONSTRAINT postings_entry_id_fkey;
ALTER TABLE ledger.postings DROP CONSTRAINT postings_account_id_fkey;

-- Accounts are never deleted and never change id: postings, balances and holds refer to them.
CREATE FUNCTION ledger.refuse_account_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ledger accounts are kept for good: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER accounts_kept BEFORE UPDATE OR DELETE ON ledger.accounts
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_account_change();
CREATE TRIGGER accounts_no_truncate BEFORE TRUNCATE ON ledger.accounts
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- Each statement that inserts postings must insert every posting of its entries, to entries and accounts that exist,
-- and they must sum to zero: one query over the statement's new postings. As the owner: an integrity check counts
-- every posting, not only what a tenant may see.
CREATE OR REPLACE FUNCTION ledger.check_postings_balance() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.entry_id, n.total, n.cnt, e.id IS NULL AS no_entry, NOT n.accounts_exist AS no_account
      INTO bad
      FROM (SELECT entry_id, sum(amount) AS total, count(*) AS cnt,
                   bool_and(EXISTS (SELECT 1 FROM ledger.accounts a WHERE a.id = account_id)) AS accounts_exist
              FROM new_postings GROUP BY entry_id) n
      LEFT JOIN ledger.entries e ON e.id = n.entry_id
     WHERE n.total <> 0
        OR n.cnt < 2
        OR e.id IS NULL
        OR NOT n.accounts_exist
        OR n.cnt <> (SELECT count(*) FROM ledger.postings p WHERE p.entry_id = n.entry_id)
     LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    ELSIF bad.no_entry THEN
        RAISE EXCEPTION 'postings name entry %, which does not exist', bad.entry_id
            USING ERRCODE = 'foreign_key_violation';
    ELSIF bad.no_account THEN
        RAISE EXCEPTION 'a posting of entry % names an account that does not exist', bad.entry_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'entry % is not balanced: its postings sum to % over % posting(s), or it already had postings',
        bad.entry_id, bad.total, bad.cnt
        USING ERRCODE = 'check_violation';
END
$$;

ALTER TABLE ledger.entries DROP CONSTRAINT entries_reverses_key;
CREATE UNIQUE INDEX entries_reverses ON ledger.entries (reverses) WHERE reverses IS NOT NULL;

DROP INDEX ledger.entries_effective_date;

DROP INDEX sds.spends_duplicates;
CREATE INDEX spends_duplicates ON sds.spends (part_id, lower(btrim(payee)), amount, spent_on);
DROP INDEX sds.family_agreements_budget;
CREATE INDEX family_agreements_budget ON sds.family_agreements (budget_id, lower(btrim(payee)));

ALTER TABLE ledger.balances SET (fillfactor = 70);

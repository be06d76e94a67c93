-- Each statement that inserts postings must insert every posting of its entries, to entries and accounts that exist,
-- and they must sum to zero: one query over the statement's new postings. As the owner: an integrity check counts
-- every posting, not only what a tenant may see. ledger.post_entry checks the same itself and runs as
-- sdsledger_writer, so the trigger skips it; every other writer (the batch's COPY, anything typed by hand) is checked.
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

CREATE OR REPLACE TRIGGER postings_balance AFTER INSERT ON ledger.postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT
    WHEN (current_user <> 'sdsledger_writer')
    EXECUTE FUNCTION ledger.check_postings_balance();

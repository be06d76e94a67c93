-- A balance changes only together with its postings, and a hold only through the ledger's functions. ledger.post_entry,
-- ledger.post_batch and the hold functions run as sdsledger_writer and check what they write; for anyone else (the
-- owner typing by hand, say) these triggers compare each changed balance with the stored history: its posted amount and
-- version must be those of the posting that made them, its chain head that posting's entry's hash, its pending amount
-- the sum of its open holds; a new balance row starts at zero; none is ever deleted.
CREATE OR REPLACE FUNCTION ledger.check_balance_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bad uuid;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT n.account_id INTO bad FROM new_balances n
         WHERE n.posted <> 0 OR n.pending <> 0 OR n.version <> 0 OR n.last_hash IS NOT NULL
         LIMIT 1;
    ELSE
        SELECT n.account_id INTO bad
          FROM new_balances n JOIN old_balances o ON o.account_id = n.account_id
         WHERE n.account_id IS DISTINCT FROM o.account_id
            OR n.council_id IS DISTINCT FROM o.council_id OR n.person_id IS DISTINCT FROM o.person_id
            OR ((n.posted, n.version, n.last_hash) IS DISTINCT FROM (o.posted, o.version, o.last_hash)
                AND NOT EXISTS (SELECT 1 FROM ledger.postings p JOIN ledger.entries e ON e.id = p.entry_id
                                 WHERE p.account_id = n.account_id AND p.account_version = n.version
                                   AND p.balance_after = n.posted AND e.hash = n.last_hash))
            OR (n.pending <> o.pending
                AND n.pending <> (SELECT coalesce(sum(h.amount), 0) FROM ledger.holds h WHERE h.account_id = n.account_id AND h.status = 'open'))
         LIMIT 1;
    END IF;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the balance of account % may change only with the postings or holds that make it: post an entry instead', bad
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER balances_follow_postings AFTER UPDATE ON ledger.balances
    REFERENCING OLD TABLE AS old_balances NEW TABLE AS new_balances
    FOR EACH STATEMENT
    WHEN (current_user <> 'sdsledger_writer')
    EXECUTE FUNCTION ledger.check_balance_change();
CREATE OR REPLACE TRIGGER balances_start_at_zero AFTER INSERT ON ledger.balances
    REFERENCING NEW TABLE AS new_balances
    FOR EACH STATEMENT
    WHEN (current_user <> 'sdsledger_writer')
    EXECUTE FUNCTION ledger.check_balance_change();
CREATE OR REPLACE TRIGGER balances_kept BEFORE DELETE ON ledger.balances
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE OR REPLACE TRIGGER balances_no_truncate BEFORE TRUNCATE ON ledger.balances
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE OR REPLACE FUNCTION ledger.refuse_hold_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'holds change only through ledger.release_hold and ledger.post_entry: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER holds_changed_by_the_ledger BEFORE UPDATE OR DELETE ON ledger.holds
    FOR EACH ROW
    WHEN (current_user <> 'sdsledger_writer')
    EXECUTE FUNCTION ledger.refuse_hold_change();
CREATE OR REPLACE TRIGGER holds_no_truncate BEFORE TRUNCATE ON ledger.holds
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

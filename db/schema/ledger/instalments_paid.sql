-- Keeps ledger.instalments_paid as instalment entries are posted: an entry whose key is instalment:<part>:<due date>
-- (the payment run's) moves its part's paid-through date on and adds to its count and sum of days. Only the ledger's
-- writing functions post entries, so only they reach this; the application can read the table, never write it.
CREATE OR REPLACE FUNCTION ledger.note_instalment_paid() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_due date;
BEGIN
    IF NEW.idempotency_key !~ '^instalment:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN
        RETURN NULL;
    END IF;
    IF NEW.council_id IS NULL THEN
        RETURN NULL;  -- not counted: the run checks such a part's instalments by their keys
    END IF;
    v_due := substr(NEW.idempotency_key, 49, 10)::date;
    INSERT INTO ledger.instalments_paid AS p (part_id, council_id, paid_through, paid, paid_days)
    VALUES (substr(NEW.idempotency_key, 12, 36)::uuid, NEW.council_id, v_due, 1, v_due - date '2000-01-01')
    ON CONFLICT (part_id) DO UPDATE
       SET paid_through = greatest(p.paid_through, excluded.paid_through),
           paid = p.paid + 1,
           paid_days = p.paid_days + excluded.paid_days;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER entries_instalment_paid AFTER INSERT ON ledger.entries
    FOR EACH ROW WHEN (NEW.kind = 'instalment') EXECUTE FUNCTION ledger.note_instalment_paid();

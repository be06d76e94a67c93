-- Holds: money set aside on an account (a commitment), which lowers what is available and posts nothing. Only these
-- functions change a hold or a balance's pending amount: they run as sdsledger_writer and, as ledger.post_entry does,
-- apply the caller's tenancy themselves (ledger.in_reach), before locking anything.

-- Reserves an amount on an account.
--   placed | duplicate | conflict | insufficient_funds | unknown_account | invalid
CREATE OR REPLACE FUNCTION ledger.place_hold(
    p_id uuid, p_account uuid, p_amount bigint, p_actor text, p_description text, p_key text,
    p_expires timestamptz DEFAULT NULL,
    OUT status text, OUT hold_id uuid, OUT available bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_request bytea;
    v_bal     ledger.balances%ROWTYPE;
    r         record;
    v_tenant  uuid := sds.tenant_council();
    v_person  uuid := sds.tenant_person();
    v_org     uuid := sds.tenant_organisation();
    v_all     boolean := sds.sees_everything();
BEGIN
    IF p_amount IS NULL OR p_amount <= 0 OR p_key IS NULL OR p_key = '' THEN
        status := 'invalid'; RETURN;
    END IF;
    v_request := sha256(convert_to(concat_ws('|', 'hold', p_account, p_amount, octet_length(p_actor) || ':' || p_actor, coalesce(extract(epoch FROM p_expires)::text, '-'),
                                             octet_length(p_description) || ':' || p_description), 'UTF8'));

    SELECT * INTO v_bal FROM ledger.balances b
     WHERE b.account_id = p_account AND ledger.in_reach(b.council_id, b.person_id, b.account_id, v_all, v_tenant, v_person, v_org)
       FOR UPDATE;

    SELECT h.id, h.request_hash INTO r FROM ledger.holds h
     WHERE h.idempotency_key = p_key AND ledger.in_reach(h.council_id, h.person_id, h.account_id, v_all, v_tenant, v_person, v_org);
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

-- Releases an open hold (or marks it expired): the reservation is returned to available.
--   released | expired | not_open | not_found. Releasing twice answers not_open and changes nothing.
CREATE OR REPLACE FUNCTION ledger.release_hold(p_id uuid, p_expire boolean DEFAULT false, OUT status text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_account uuid;
    v_hold    ledger.holds%ROWTYPE;
BEGIN
    SELECT h.account_id INTO v_account FROM ledger.holds h
     WHERE h.id = p_id
       AND ledger.in_reach(h.council_id, h.person_id, h.account_id, sds.sees_everything(), sds.tenant_council(), sds.tenant_person(),
                           sds.tenant_organisation());
    IF NOT FOUND THEN
        status := 'not_found'; RETURN;
    END IF;
    -- Same lock order as posting: balance row first, then the hold.
    PERFORM 1 FROM ledger.balances b WHERE b.account_id = v_account FOR UPDATE;
    SELECT * INTO v_hold FROM ledger.holds h WHERE h.id = p_id FOR UPDATE;
    IF v_hold.status <> 'open' THEN
        status := 'not_open'; RETURN;
    END IF;
    UPDATE ledger.holds h SET status = CASE WHEN p_expire THEN 'expired' ELSE 'released' END, closed_at = clock_timestamp()
     WHERE h.id = p_id;
    UPDATE ledger.balances b SET pending = b.pending - v_hold.amount WHERE b.account_id = v_account;
    status := CASE WHEN p_expire THEN 'expired' ELSE 'released' END;
END
$$;

-- Expires every open hold (the caller may touch) whose expiry has passed; returns how many.
CREATE OR REPLACE FUNCTION ledger.expire_holds(p_now timestamptz DEFAULT now())
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n int := 0;
    h record;
BEGIN
    FOR h IN SELECT id FROM ledger.holds WHERE status = 'open' AND expires_at <= p_now ORDER BY account_id, id LOOP
        IF ledger.release_hold(h.id, true) = 'expired' THEN
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END
$$;

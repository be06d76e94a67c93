-- Posts one entry in one round trip. Returns a status rather than raising, so that a refusal is a value:
--   posted | duplicate (same key, same request: the first entry's id) | conflict (same key, other request)
--   insufficient_funds (account, available) | unknown_account | already_reversed | not_found | invalid | hold_not_open
-- Balance rows are locked in account order in one statement, so opposite transfers never deadlock.
--
-- It checks what it writes (two or more postings to distinct accounts that exist and are locked, none zero, summing to
-- zero, for a new entry), so the statement-level balance check (balance_check.sql) skips it: it runs as
-- sdsledger_writer, a role nobody can log in as or become, and the check runs for every other writer.
--
-- As sdsledger_writer it is not bound by row-level security, so it applies the caller's tenancy itself, with the same
-- rules as the policies on balances, postings, holds and entries:
--   a tenant (sds.tenant_council() set)  only the council's accounts, narrowed to the person's own or to the parts the
--                                        organisation holds; only such postings can be reversed; a key taken by an
--                                        entry the tenant may not see is a unique_violation, as a plain INSERT's is;
--   no tenant set                        everything for the installation role or a superuser (which bypass row-level
--                                        security); for anyone else nothing (every account is unknown), as under RLS.
-- Rows the caller may not see are filtered out before they are locked.
CREATE OR REPLACE FUNCTION ledger.post_entry(
    p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text,
    p_accounts uuid[], p_amounts bigint[], p_reverses uuid DEFAULT NULL, p_hold uuid DEFAULT NULL,
    OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_n        int;
    v_acc      uuid[];
    v_amt      bigint[];
    v_avail    bigint[];
    v_council  uuid[];
    v_prev     bytea;
    v_request  bytea;
    v_hash     bytea;
    v_locked   int;
    v_held     int;
    v_allowed  boolean;
    v_refusal  text;
    v_hold     ledger.holds%ROWTYPE;
    r          record;
    -- The caller's tenancy (see the top of this file), read once.
    v_tenant   uuid := sds.tenant_council();
    v_person   uuid := sds.tenant_person();
    v_org      uuid := sds.tenant_organisation();
    v_all      boolean := sds.sees_everything();
BEGIN
    IF p_reverses IS NOT NULL AND p_accounts IS NULL THEN
        SELECT array_agg(p.account_id ORDER BY p.account_id), array_agg(-p.amount ORDER BY p.account_id)
          INTO p_accounts, p_amounts
          FROM ledger.postings p
         WHERE p.entry_id = p_reverses
           AND ledger.in_reach(p.council_id, p.person_id, p.account_id, v_all, v_tenant, v_person, v_org);
        IF p_accounts IS NULL THEN
            status := 'not_found'; entry_id := p_reverses; RETURN;
        END IF;
    END IF;

    -- The shape every entry must have, in account order, and its request hash: as the batch checks them.
    SELECT e.accounts, e.amounts, e.request INTO v_acc, v_amt, v_request
      FROM ledger.prepare_entry(p_kind, p_effective, p_actor, p_description, p_reverses, p_key, p_accounts, p_amounts) e;
    IF v_acc IS NULL THEN
        status := 'invalid'; RETURN;
    END IF;
    v_n := cardinality(v_acc);

    -- Lock the balance rows the caller may see, in account order, in one statement, reading what the checks, the hash
    -- and the council need. An account that exists but is not the caller's is unknown to it, and is not locked.
    SELECT count(*), array_agg(l.avail ORDER BY l.account_id), string_agg(coalesce(l.last_hash, '\x'::bytea), '\x'::bytea ORDER BY l.account_id),
           array_agg(l.council_id ORDER BY l.account_id)
      INTO v_locked, v_avail, v_prev, v_council
      FROM (SELECT b.account_id, b.posted - b.pending AS avail, b.last_hash, b.council_id
              FROM ledger.balances b
             WHERE b.account_id = ANY (v_acc)
               AND ledger.in_reach(b.council_id, b.person_id, b.account_id, v_all, v_tenant, v_person, v_org)
             ORDER BY b.account_id FOR UPDATE) l;

    -- The checks. A refusal is answered only after looking for an earlier entry under the same key (below).
    IF v_locked <> v_n THEN
        v_refusal := 'unknown_account';
    ELSIF p_reverses IS NOT NULL AND ledger.is_reversed(p_reverses) THEN
        v_refusal := 'already_reversed';
    ELSE
        -- Money never moves between councils.
        FOR v_k IN 2 .. v_n LOOP
            IF v_council[v_k] IS DISTINCT FROM v_council[1] THEN
                v_refusal := 'invalid';
            END IF;
        END LOOP;
        -- Only a hold on one of the entry's own accounts (which the caller may see: they are locked).
        IF v_refusal IS NULL AND p_hold IS NOT NULL THEN
            SELECT * INTO v_hold FROM ledger.holds h WHERE h.id = p_hold AND h.account_id = ANY (v_acc) FOR UPDATE;
            IF FOUND THEN
                v_held := array_position(v_acc, v_hold.account_id);
            END IF;
            IF v_held IS NULL OR v_hold.status <> 'open' OR NOT (-v_amt[v_held] BETWEEN 1 AND v_hold.amount) THEN
                v_refusal := 'hold_not_open';
            END IF;
        END IF;
        -- Enough available on every account that goes down (a captured hold's own reservation counts as available);
        -- only an account that would go short is looked up to see whether it may go negative.
        IF v_refusal IS NULL THEN
            FOR v_k IN 1 .. v_n LOOP
                IF v_amt[v_k] < 0 AND v_avail[v_k] + (CASE WHEN v_k = v_held THEN v_hold.amount ELSE 0 END) + v_amt[v_k] < 0 THEN
                    SELECT ac.allow_negative INTO v_allowed FROM ledger.accounts ac WHERE ac.id = v_acc[v_k];
                    IF NOT v_allowed THEN
                        v_refusal := 'insufficient_funds'; account_id := v_acc[v_k]; available := v_avail[v_k];
                        EXIT;
                    END IF;
                END IF;
            END LOOP;
        END IF;
    END IF;

    IF v_refusal IS NULL THEN
        v_hash := sha256(convert_to(p_id::text || '|', 'UTF8') || v_request || v_prev);
        -- One statement writes the entry, the balances and the postings; if the key is already taken (a concurrent
        -- request with it waits here until the other commits or rolls back) it writes nothing. A new entry (its id is
        -- its primary key) with every one of its postings: the balance check's other two conditions.
        WITH entry AS (
            INSERT INTO ledger.entries (id, kind, effective_date, actor, description, reverses, idempotency_key, request_hash, hash, council_id)
            VALUES (p_id, p_kind, p_effective, p_actor, p_description, p_reverses, p_key, v_request, v_hash, v_council[1])
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id),
        moved AS (
            UPDATE ledger.balances b
               SET posted = b.posted + v_amt[array_position(v_acc, b.account_id)],
                   pending = b.pending - CASE WHEN b.account_id = v_hold.account_id THEN v_hold.amount ELSE 0 END,
                   version = b.version + 1,
                   last_hash = v_hash
             WHERE b.account_id = ANY (v_acc) AND EXISTS (SELECT 1 FROM entry)
         RETURNING b.account_id, b.posted, b.version, b.person_id)
        INSERT INTO ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date, council_id, person_id)
        SELECT p_id, moved.account_id, v_amt[array_position(v_acc, moved.account_id)], moved.posted, moved.version, p_effective, v_council[1],
               moved.person_id
          FROM moved;
        IF FOUND THEN
            IF p_hold IS NOT NULL THEN
                UPDATE ledger.holds h
                   SET status = 'captured', closed_at = clock_timestamp(), captured_amount = -v_amt[v_held], capture_entry = p_id
                 WHERE h.id = p_hold;
            END IF;
            status := 'posted'; entry_id := p_id;
            RETURN;
        END IF;
    END IF;

    -- Refused, or the key was taken. After the locks, a concurrent request with the same key has committed or rolled
    -- back, so this sees it: the same request is a duplicate, another a conflict, whatever the checks said. Only an
    -- entry the caller may see (the entries policy) is answered.
    SELECT e.id, e.request_hash INTO r
      FROM ledger.entries e
     WHERE e.idempotency_key = p_key
       AND (v_all OR (e.council_id = v_tenant AND ((v_person IS NULL AND v_org IS NULL) OR ledger.entry_visible(e.id))));
    IF FOUND THEN
        status := CASE WHEN r.request_hash = v_request THEN 'duplicate' ELSE 'conflict' END;
        entry_id := r.id; account_id := NULL; available := NULL;
        RETURN;
    END IF;
    IF v_refusal IS NULL THEN
        -- The key is taken by an entry this caller may not see: as a plain INSERT would.
        RAISE EXCEPTION 'idempotency key % is already used', p_key USING ERRCODE = 'unique_violation';
    END IF;
    status := v_refusal;
    CASE v_refusal
        WHEN 'unknown_account' THEN
            SELECT a INTO account_id FROM unnest(v_acc) a
             WHERE NOT EXISTS (SELECT 1 FROM ledger.balances b
                                WHERE b.account_id = a
                                  AND ledger.in_reach(b.council_id, b.person_id, b.account_id, v_all, v_tenant, v_person, v_org))
             LIMIT 1;
        WHEN 'already_reversed' THEN entry_id := p_reverses;
        WHEN 'hold_not_open' THEN entry_id := p_hold;
        ELSE NULL;
    END CASE;
END
$$;

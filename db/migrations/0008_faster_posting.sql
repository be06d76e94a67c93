-- Faster one-round-trip posting. ledger.post_entry keeps its signature, statuses, lock order and hashes;
-- what changes is how much work each call asks of the server:
--   * it validates and builds the canonical text in PL/pgSQL expressions instead of queries, so nothing is
--     parsed or planned per call (ledger.canonical, a SQL function with a sub-select, cannot be inlined), and
--     puts two postings in account order without a query;
--   * plan_cache_mode = force_generic_plan: with array parameters PostgreSQL would otherwise re-plan every
--     statement on every call. Each statement below is written so that its generic plan uses an index
--     (= ANY (v_acc) on balances_pkey, array_position rather than a join against unnest);
--   * a spend that passes every check runs two statements: one locks the balance rows in account order and reads
--     what the funds check and the hash chain need; one writes the entry (INSERT ... ON CONFLICT on the
--     idempotency key), the balances and the postings together. Only when the key was taken, or a check refuses,
--     is the earlier entry under the key looked up, so a retry is still answered duplicate (or conflict) before
--     any refusal, and a concurrent request with the same key is never reported as short of funds;
--   * ledger.accounts is read only for an account that would go short.
-- ledger.canonical stays as it is: the audit recomputes every request hash with it, and the C# batch writer
-- (LedgerCanonical.cs) builds the same text; tests compare all three.
CREATE OR REPLACE FUNCTION ledger.post_entry(
    p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text,
    p_accounts uuid[], p_amounts bigint[], p_reverses uuid DEFAULT NULL, p_hold uuid DEFAULT NULL,
    OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_n        int;
    v_acc      uuid[];
    v_amt      bigint[];
    v_avail    bigint[];
    v_prev     bytea;
    v_sum      numeric := 0;
    v_postings text;
    v_request  bytea;
    v_hash     bytea;
    v_locked   int;
    v_held     int;
    v_allowed  boolean;
    v_refusal  text;
    v_hold     ledger.holds%ROWTYPE;
    r          record;
BEGIN
    IF p_reverses IS NOT NULL AND p_accounts IS NULL THEN
        SELECT array_agg(p.account_id ORDER BY p.account_id), array_agg(-p.amount ORDER BY p.account_id)
          INTO p_accounts, p_amounts
          FROM ledger.postings p WHERE p.entry_id = p_reverses;
        IF p_accounts IS NULL THEN
            status := 'not_found'; entry_id := p_reverses; RETURN;
        END IF;
    END IF;

    -- Account order: two postings (every spend) by a comparison, more by one query (planned once).
    v_n := cardinality(p_accounts);
    IF v_n IS NULL OR v_n < 2 OR v_n IS DISTINCT FROM cardinality(p_amounts) THEN
        status := 'invalid'; RETURN;
    END IF;
    IF v_n = 2 THEN
        IF p_accounts[2] < p_accounts[1] THEN
            v_acc := ARRAY[p_accounts[2], p_accounts[1]]; v_amt := ARRAY[p_amounts[2], p_amounts[1]];
        ELSE
            v_acc := p_accounts; v_amt := p_amounts;
        END IF;
    ELSE
        SELECT array_agg(u.a ORDER BY u.a), array_agg(u.m ORDER BY u.a) INTO v_acc, v_amt
          FROM unnest(p_accounts, p_amounts) AS u(a, m);
    END IF;
    FOR v_k IN 1 .. v_n LOOP
        IF v_acc[v_k] IS NULL OR v_amt[v_k] IS NULL OR v_amt[v_k] = 0 OR (v_k > 1 AND v_acc[v_k] = v_acc[v_k - 1]) THEN
            status := 'invalid'; RETURN;
        END IF;
        v_sum := v_sum + v_amt[v_k];
    END LOOP;
    IF v_sum <> 0 THEN
        status := 'invalid'; RETURN;
    END IF;

    -- Exactly the text of ledger.canonical (kept for the audit), built without planning a query.
    v_postings := v_acc[1]::text || '=' || v_amt[1]::text;
    FOR v_k IN 2 .. v_n LOOP
        v_postings := v_postings || ';' || v_acc[v_k]::text || '=' || v_amt[v_k]::text;
    END LOOP;
    v_request := sha256(convert_to(concat_ws('|',
        octet_length(p_kind) || ':' || p_kind,
        to_char(p_effective, 'YYYY-MM-DD'),
        octet_length(p_actor) || ':' || p_actor,
        octet_length(p_description) || ':' || p_description,
        coalesce(p_reverses::text, '-'),
        octet_length(p_key) || ':' || p_key,
        v_postings), 'UTF8'));

    -- Lock the balance rows in account order in one statement, reading what the checks and the hash need.
    SELECT count(*), array_agg(l.avail ORDER BY l.account_id), string_agg(coalesce(l.last_hash, '\x'::bytea), '\x'::bytea ORDER BY l.account_id)
      INTO v_locked, v_avail, v_prev
      FROM (SELECT b.account_id, b.posted - b.pending AS avail, b.last_hash
              FROM ledger.balances b WHERE b.account_id = ANY (v_acc) ORDER BY b.account_id FOR UPDATE) l;

    -- The checks. A refusal is answered only after looking for an earlier entry under the same key (below).
    IF v_locked <> v_n THEN
        v_refusal := 'unknown_account';
    ELSIF p_reverses IS NOT NULL AND EXISTS (SELECT 1 FROM ledger.entries e WHERE e.reverses = p_reverses) THEN
        v_refusal := 'already_reversed';
    ELSE
        IF p_hold IS NOT NULL THEN
            SELECT * INTO v_hold FROM ledger.holds h WHERE h.id = p_hold FOR UPDATE;
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
        -- request with it waits here until the other commits or rolls back) it writes nothing.
        WITH entry AS (
            INSERT INTO ledger.entries (id, kind, effective_date, actor, description, reverses, idempotency_key, request_hash, hash)
            VALUES (p_id, p_kind, p_effective, p_actor, p_description, p_reverses, p_key, v_request, v_hash)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id),
        moved AS (
            UPDATE ledger.balances b
               SET posted = b.posted + v_amt[array_position(v_acc, b.account_id)],
                   pending = b.pending - CASE WHEN b.account_id = v_hold.account_id THEN v_hold.amount ELSE 0 END,
                   version = b.version + 1,
                   last_hash = v_hash
             WHERE b.account_id = ANY (v_acc) AND EXISTS (SELECT 1 FROM entry)
         RETURNING b.account_id, b.posted, b.version)
        INSERT INTO ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date)
        SELECT p_id, moved.account_id, v_amt[array_position(v_acc, moved.account_id)], moved.posted, moved.version, p_effective
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
    -- back, so this sees it: the same request is a duplicate, another a conflict, whatever the checks said.
    SELECT e.id, e.request_hash INTO r FROM ledger.entries e WHERE e.idempotency_key = p_key;
    IF FOUND THEN
        status := CASE WHEN r.request_hash = v_request THEN 'duplicate' ELSE 'conflict' END;
        entry_id := r.id; account_id := NULL; available := NULL;
        RETURN;
    END IF;
    IF v_refusal IS NULL THEN
        -- The key is taken by an entry this caller may not see (row-level security): as a plain INSERT would.
        RAISE EXCEPTION 'idempotency key % is already used', p_key USING ERRCODE = 'unique_violation';
    END IF;
    status := v_refusal;
    CASE v_refusal
        WHEN 'unknown_account' THEN
            SELECT a INTO account_id FROM unnest(v_acc) a
             WHERE NOT EXISTS (SELECT 1 FROM ledger.balances b WHERE b.account_id = a) LIMIT 1;
        WHEN 'already_reversed' THEN entry_id := p_reverses;
        WHEN 'hold_not_open' THEN entry_id := p_hold;
        ELSE NULL;
    END CASE;
END
$$;

-- Posts many entries in one call, all or nothing: the payment run's instalments, the benchmarks' ledgers. Each entry
-- passes the checks ledger.post_entry makes (ledger.prepare_entry's shape and request hash, the caller's tenancy,
-- accounts of one council, enough available on every account that goes down), in order, against running balances, and
-- chains its hash onto the previous entry of each of its accounts as post_entry would. An entry whose key was posted
-- before with the same request is skipped (a re-run pays nobody twice); the same key with another request stops the
-- batch. Every balance row involved is locked once, in account order, and each is written once.
--
-- Arguments: one element per entry in p_ids .. p_keys; one per posting in p_entry (the posting's entry, 1-based),
-- p_accounts and p_amounts.
--   status: posted | conflict | insufficient_funds | unknown_account | invalid; posted and already count entries;
--   problem says what stopped the batch, entry_index which entry (1-based).
CREATE OR REPLACE FUNCTION ledger.post_batch(
    p_ids uuid[], p_kinds text[], p_dates date[], p_actors text[], p_descriptions text[], p_keys text[],
    p_entry int[], p_accounts uuid[], p_amounts bigint[],
    OUT status text, OUT posted int, OUT already int, OUT problem text, OUT entry_index int)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_tenant   uuid := sds.tenant_council();
    v_person   uuid := sds.tenant_person();
    v_org      uuid := sds.tenant_organisation();
    v_all      boolean := sds.sees_everything();
    v_n        int := coalesce(cardinality(p_ids), 0);
    -- The locked balance rows, in account order; v_slot maps an account's text to its place in these arrays.
    v_acc      uuid[];
    v_posted   bigint[];
    v_pending  bigint[];
    v_version  bigint[];
    v_last     bytea[];
    v_negative boolean[];
    v_council  uuid[];
    v_owner    uuid[];
    v_touched  boolean[];
    v_slot     jsonb;
    v_earlier  jsonb;
    v_wanted   int;
    -- What will be written.
    o_n        int := 0;
    o_ids      uuid[] := '{}';
    o_kinds    text[] := '{}';
    o_dates    date[] := '{}';
    o_actors   text[] := '{}';
    o_descs    text[] := '{}';
    o_keys     text[] := '{}';
    o_requests bytea[] := '{}';
    o_hashes   bytea[] := '{}';
    o_councils uuid[] := '{}';
    q_n        int := 0;
    q_entry    uuid[] := '{}';
    q_account  uuid[] := '{}';
    q_amount   bigint[] := '{}';
    q_after    bigint[] := '{}';
    q_version  bigint[] := '{}';
    q_date     date[] := '{}';
    q_council  uuid[] := '{}';
    q_person   uuid[] := '{}';
    e          record;
    v_prep     record;
    v_slots    int[];
    v_s        int;
    v_prev     bytea;
    v_hash     bytea;
BEGIN
    posted := 0; already := 0;
    IF v_n = 0 THEN
        status := 'posted'; RETURN;
    END IF;
    IF cardinality(p_kinds) <> v_n OR cardinality(p_dates) <> v_n OR cardinality(p_actors) <> v_n OR cardinality(p_descriptions) <> v_n
       OR cardinality(p_keys) <> v_n OR cardinality(p_accounts) IS DISTINCT FROM cardinality(p_entry)
       OR cardinality(p_amounts) IS DISTINCT FROM cardinality(p_entry) THEN
        status := 'invalid'; problem := 'the batch''s arrays differ in length'; RETURN;
    END IF;
    SELECT k INTO problem FROM unnest(p_keys) k GROUP BY k HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        status := 'invalid'; problem := format('the key %s appears twice in the batch', problem); RETURN;
    END IF;

    SELECT count(DISTINCT a) INTO v_wanted FROM unnest(p_accounts) a;
    SELECT array_agg(l.account_id ORDER BY l.account_id), array_agg(l.posted ORDER BY l.account_id), array_agg(l.pending ORDER BY l.account_id),
           array_agg(l.version ORDER BY l.account_id), array_agg(l.last_hash ORDER BY l.account_id),
           array_agg(l.allow_negative ORDER BY l.account_id), array_agg(l.council_id ORDER BY l.account_id),
           array_agg(l.person_id ORDER BY l.account_id), array_agg(false)
      INTO v_acc, v_posted, v_pending, v_version, v_last, v_negative, v_council, v_owner, v_touched
      FROM (SELECT b.account_id, b.posted, b.pending, b.version, b.last_hash, a.allow_negative, b.council_id, b.person_id
              FROM ledger.balances b JOIN ledger.accounts a ON a.id = b.account_id
             WHERE b.account_id IN (SELECT DISTINCT x FROM unnest(p_accounts) x)
               AND ledger.in_reach(b.council_id, b.person_id, b.account_id, v_all, v_tenant, v_person, v_org)
             ORDER BY b.account_id FOR UPDATE OF b) l;
    IF coalesce(cardinality(v_acc), 0) <> v_wanted THEN
        status := 'unknown_account';
        SELECT format('account %s does not exist', x) INTO problem
          FROM unnest(p_accounts) x WHERE NOT (x = ANY (coalesce(v_acc, '{}'))) LIMIT 1;
        RETURN;
    END IF;
    SELECT jsonb_object_agg(a::text, i) INTO v_slot FROM unnest(v_acc) WITH ORDINALITY AS u(a, i);
    SELECT coalesce(jsonb_object_agg(x.idempotency_key, encode(x.request_hash, 'hex')), '{}') INTO v_earlier
      FROM ledger.entries x
     WHERE x.idempotency_key = ANY (p_keys)
       AND (v_all OR (x.council_id = v_tenant AND ((v_person IS NULL AND v_org IS NULL) OR ledger.entry_visible(x.id))));

    FOR e IN
        SELECT x.i, x.id, x.kind, x.effective, x.actor, x.description, x.key, p.accounts, p.amounts
          FROM unnest(p_ids, p_kinds, p_dates, p_actors, p_descriptions, p_keys) WITH ORDINALITY AS x(id, kind, effective, actor, description, key, i)
          LEFT JOIN (SELECT q.e, array_agg(q.a) AS accounts, array_agg(q.m) AS amounts
                       FROM unnest(p_entry, p_accounts, p_amounts) AS q(e, a, m) GROUP BY q.e) p ON p.e = x.i
         ORDER BY x.i
    LOOP
        SELECT * INTO v_prep FROM ledger.prepare_entry(e.kind, e.effective, e.actor, e.description, NULL, e.key, e.accounts, e.amounts);
        IF v_prep.accounts IS NULL THEN
            status := 'invalid'; entry_index := e.i;
            problem := format('entry %s (%s) does not balance, repeats an account or has a zero amount', e.i, e.key);
            RETURN;
        END IF;
        IF v_earlier ? e.key THEN
            IF v_earlier ->> e.key <> encode(v_prep.request, 'hex') THEN
                status := 'conflict'; entry_index := e.i;
                problem := format('the key %s was used before for a different request', e.key);
                RETURN;
            END IF;
            already := already + 1;
            CONTINUE;
        END IF;

        v_slots := '{}';
        v_prev := '\x';
        FOR k IN 1 .. cardinality(v_prep.accounts) LOOP
            v_s := (v_slot ->> v_prep.accounts[k]::text)::int;
            v_slots[k] := v_s;
            IF v_council[v_s] IS DISTINCT FROM v_council[v_slots[1]] THEN
                status := 'invalid'; entry_index := e.i;
                problem := format('entry %s (%s) moves money between councils', e.i, e.key);
                RETURN;
            END IF;
            IF v_prep.amounts[k] < 0 AND NOT v_negative[v_s] AND v_posted[v_s] - v_pending[v_s] + v_prep.amounts[k] < 0 THEN
                status := 'insufficient_funds'; entry_index := e.i;
                problem := format('entry %s (%s) needs £%s from account %s but only £%s is available', e.i, e.key,
                                  to_char(-v_prep.amounts[k] / 100.0, 'FM999,999,999,990.00'), v_prep.accounts[k],
                                  to_char((v_posted[v_s] - v_pending[v_s]) / 100.0, 'FM999,999,999,990.00'));
                RETURN;
            END IF;
            v_prev := v_prev || coalesce(v_last[v_s], '\x');
        END LOOP;

        v_hash := sha256(convert_to(e.id::text || '|', 'UTF8') || v_prep.request || v_prev);
        o_n := o_n + 1;
        o_ids[o_n] := e.id; o_kinds[o_n] := e.kind; o_dates[o_n] := e.effective; o_actors[o_n] := e.actor;
        o_descs[o_n] := e.description; o_keys[o_n] := e.key; o_requests[o_n] := v_prep.request; o_hashes[o_n] := v_hash;
        o_councils[o_n] := v_council[v_slots[1]];
        FOR k IN 1 .. cardinality(v_prep.accounts) LOOP
            v_s := v_slots[k];
            v_posted[v_s] := v_posted[v_s] + v_prep.amounts[k];
            v_version[v_s] := v_version[v_s] + 1;
            v_last[v_s] := v_hash;
            v_touched[v_s] := true;
            q_n := q_n + 1;
            q_entry[q_n] := e.id; q_account[q_n] := v_prep.accounts[k]; q_amount[q_n] := v_prep.amounts[k];
            q_after[q_n] := v_posted[v_s]; q_version[q_n] := v_version[v_s]; q_date[q_n] := e.effective;
            q_council[q_n] := v_council[v_s]; q_person[q_n] := v_owner[v_s];
        END LOOP;
    END LOOP;

    IF o_n > 0 THEN
        INSERT INTO ledger.entries (id, kind, effective_date, actor, description, idempotency_key, request_hash, hash, council_id)
        SELECT * FROM unnest(o_ids, o_kinds, o_dates, o_actors, o_descs, o_keys, o_requests, o_hashes, o_councils);
        INSERT INTO ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date, council_id, person_id)
        SELECT * FROM unnest(q_entry, q_account, q_amount, q_after, q_version, q_date, q_council, q_person);
        UPDATE ledger.balances b
           SET posted = u.posted, version = u.version, last_hash = u.last_hash
          FROM unnest(v_acc, v_posted, v_version, v_last, v_touched) AS u(account_id, posted, version, last_hash, touched)
         WHERE u.touched AND b.account_id = u.account_id;
    END IF;
    status := 'posted'; posted := o_n;
END
$$;

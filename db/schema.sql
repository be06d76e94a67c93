--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: ledger; Type: SCHEMA; Schema: -; Owner: sdsledger
--

CREATE SCHEMA ledger;


ALTER SCHEMA ledger OWNER TO sdsledger;

--
-- Name: sds; Type: SCHEMA; Schema: -; Owner: sdsledger
--

CREATE SCHEMA sds;


ALTER SCHEMA sds OWNER TO sdsledger;

--
-- Name: account_council(); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.account_council() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.council_id IS NULL AND NEW.owner_kind = 'council' THEN
        NEW.council_id := NEW.owner_id;
    END IF;
    RETURN NEW;
END
$$;


ALTER FUNCTION ledger.account_council() OWNER TO sdsledger;

--
-- Name: account_visible(uuid); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.account_visible(p_account uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_part uuid;
BEGIN
    SELECT a.owner_id INTO v_part FROM ledger.accounts a WHERE a.id = p_account AND a.owner_kind = 'budget_part';
    RETURN FOUND AND sds.part_visible(v_part);
END
$$;


ALTER FUNCTION ledger.account_visible(p_account uuid) OWNER TO sdsledger;

--
-- Name: canonical(text, date, text, text, uuid, text, uuid[], bigint[]); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.canonical(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
DECLARE
    v_postings text := '';
BEGIN
    FOR v_k IN 1 .. coalesce(cardinality(p_accounts), 0) LOOP
        v_postings := v_postings || CASE WHEN v_k > 1 THEN ';' ELSE '' END || p_accounts[v_k]::text || '=' || p_amounts[v_k]::text;
    END LOOP;
    RETURN concat_ws('|',
        octet_length(p_kind) || ':' || p_kind,
        to_char(p_effective, 'YYYY-MM-DD'),
        octet_length(p_actor) || ':' || p_actor,
        octet_length(p_description) || ':' || p_description,
        coalesce(p_reverses::text, '-'),
        octet_length(p_key) || ':' || p_key,
        v_postings);
END
$$;


ALTER FUNCTION ledger.canonical(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[]) OWNER TO sdsledger;

--
-- Name: check_balance_change(); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.check_balance_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


ALTER FUNCTION ledger.check_balance_change() OWNER TO sdsledger;

--
-- Name: check_postings_balance(); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.check_postings_balance() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


ALTER FUNCTION ledger.check_postings_balance() OWNER TO sdsledger;

--
-- Name: entry_visible(uuid); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.entry_visible(p_entry uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_account uuid;
    v_any     boolean := false;
BEGIN
    FOR v_account IN SELECT p.account_id FROM ledger.postings p WHERE p.entry_id = p_entry LOOP
        IF ledger.account_visible(v_account) THEN
            RETURN true;
        END IF;
        v_any := true;
    END LOOP;
    RETURN NOT v_any;
END
$$;


ALTER FUNCTION ledger.entry_visible(p_entry uuid) OWNER TO sdsledger;

--
-- Name: expire_holds(timestamp with time zone); Type: FUNCTION; Schema: ledger; Owner: sdsledger_writer
--

CREATE FUNCTION ledger.expire_holds(p_now timestamp with time zone DEFAULT now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


ALTER FUNCTION ledger.expire_holds(p_now timestamp with time zone) OWNER TO sdsledger_writer;

--
-- Name: in_reach(uuid, uuid, uuid, boolean, uuid, uuid, uuid); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.in_reach(p_council uuid, p_person uuid, p_account uuid, p_all boolean, p_tenant uuid, p_tenant_person uuid, p_tenant_organisation uuid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT p_all OR (p_council = p_tenant
                     AND (p_tenant_person IS NULL OR p_person = p_tenant_person)
                     AND (p_tenant_organisation IS NULL OR ledger.account_visible(p_account)))
$$;


ALTER FUNCTION ledger.in_reach(p_council uuid, p_person uuid, p_account uuid, p_all boolean, p_tenant uuid, p_tenant_person uuid, p_tenant_organisation uuid) OWNER TO sdsledger;

--
-- Name: is_reversed(uuid); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.is_reversed(p_entry uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM ledger.entries e WHERE e.reverses = p_entry);
END
$$;


ALTER FUNCTION ledger.is_reversed(p_entry uuid) OWNER TO sdsledger;

--
-- Name: note_instalment_paid(); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.note_instalment_paid() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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
$_$;


ALTER FUNCTION ledger.note_instalment_paid() OWNER TO sdsledger;

--
-- Name: open_account(uuid, text, uuid, text, text, boolean, uuid, uuid); Type: FUNCTION; Schema: ledger; Owner: sdsledger_writer
--

CREATE FUNCTION ledger.open_account(p_id uuid, p_owner_kind text, p_owner_id uuid, p_kind text, p_name text, p_allow_negative boolean, p_council uuid, p_person uuid) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_tenant  uuid := sds.tenant_council();
    v_person  uuid := sds.tenant_person();
    v_org     uuid := sds.tenant_organisation();
    v_all     boolean := sds.sees_everything();
    v_council uuid := coalesce(p_council, v_tenant, CASE WHEN p_owner_kind = 'council' THEN p_owner_id END);
    v_id      uuid;
BEGIN
    IF NOT v_all AND (v_tenant IS NULL OR v_council IS DISTINCT FROM v_tenant
                      OR (v_person IS NOT NULL AND p_person IS DISTINCT FROM v_person)
                      OR (v_org IS NOT NULL AND NOT (p_owner_kind = 'budget_part' AND sds.part_visible(p_owner_id)))) THEN
        RAISE EXCEPTION 'an account can be opened only in the caller''s own council, for what the caller may see'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_allow_negative AND NOT (p_owner_kind = 'council' AND p_kind = 'funding') THEN
        RAISE EXCEPTION 'only a council''s funding account may go below zero' USING ERRCODE = 'check_violation';
    END IF;

    INSERT INTO ledger.accounts (id, owner_kind, owner_id, kind, name, allow_negative, council_id, person_id)
    VALUES (p_id, p_owner_kind, p_owner_id, p_kind, p_name, p_allow_negative, v_council, p_person)
    ON CONFLICT (owner_kind, owner_id, kind) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NOT NULL THEN
        INSERT INTO ledger.balances (account_id, council_id, person_id) VALUES (v_id, v_council, p_person);
        RETURN v_id;
    END IF;

    SELECT a.id INTO v_id FROM ledger.accounts a
     WHERE a.owner_kind = p_owner_kind AND a.owner_id = p_owner_id AND a.kind = p_kind
       AND ledger.in_reach(a.council_id, a.person_id, a.id, v_all, v_tenant, v_person, v_org);
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'that account belongs to someone else' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN v_id;
END
$$;


ALTER FUNCTION ledger.open_account(p_id uuid, p_owner_kind text, p_owner_id uuid, p_kind text, p_name text, p_allow_negative boolean, p_council uuid, p_person uuid) OWNER TO sdsledger_writer;

--
-- Name: place_hold(uuid, uuid, bigint, text, text, text, timestamp with time zone); Type: FUNCTION; Schema: ledger; Owner: sdsledger_writer
--

CREATE FUNCTION ledger.place_hold(p_id uuid, p_account uuid, p_amount bigint, p_actor text, p_description text, p_key text, p_expires timestamp with time zone DEFAULT NULL::timestamp with time zone, OUT status text, OUT hold_id uuid, OUT available bigint) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


ALTER FUNCTION ledger.place_hold(p_id uuid, p_account uuid, p_amount bigint, p_actor text, p_description text, p_key text, p_expires timestamp with time zone, OUT status text, OUT hold_id uuid, OUT available bigint) OWNER TO sdsledger_writer;

--
-- Name: post_batch(uuid[], text[], date[], text[], text[], text[], integer[], uuid[], bigint[]); Type: FUNCTION; Schema: ledger; Owner: sdsledger_writer
--

CREATE FUNCTION ledger.post_batch(p_ids uuid[], p_kinds text[], p_dates date[], p_actors text[], p_descriptions text[], p_keys text[], p_entry integer[], p_accounts uuid[], p_amounts bigint[], OUT status text, OUT posted integer, OUT already integer, OUT problem text, OUT entry_index integer) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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


ALTER FUNCTION ledger.post_batch(p_ids uuid[], p_kinds text[], p_dates date[], p_actors text[], p_descriptions text[], p_keys text[], p_entry integer[], p_accounts uuid[], p_amounts bigint[], OUT status text, OUT posted integer, OUT already integer, OUT problem text, OUT entry_index integer) OWNER TO sdsledger_writer;

--
-- Name: post_entry(uuid, text, date, text, text, text, uuid[], bigint[], uuid, uuid); Type: FUNCTION; Schema: ledger; Owner: sdsledger_writer
--

CREATE FUNCTION ledger.post_entry(p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text, p_accounts uuid[], p_amounts bigint[], p_reverses uuid DEFAULT NULL::uuid, p_hold uuid DEFAULT NULL::uuid, OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
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


ALTER FUNCTION ledger.post_entry(p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text, p_accounts uuid[], p_amounts bigint[], p_reverses uuid, p_hold uuid, OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint) OWNER TO sdsledger_writer;

--
-- Name: prepare_entry(text, date, text, text, uuid, text, uuid[], bigint[]); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.prepare_entry(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[], OUT accounts uuid[], OUT amounts bigint[], OUT request bytea) RETURNS record
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
DECLARE
    v_n   int := cardinality(p_accounts);
    v_sum numeric := 0;
BEGIN
    IF v_n IS NULL OR v_n < 2 OR v_n IS DISTINCT FROM cardinality(p_amounts) OR p_key IS NULL OR p_key = '' THEN
        RETURN;
    END IF;
    -- Two postings (every spend) by a comparison, more by one query.
    IF v_n = 2 THEN
        IF p_accounts[2] < p_accounts[1] THEN
            accounts := ARRAY[p_accounts[2], p_accounts[1]]; amounts := ARRAY[p_amounts[2], p_amounts[1]];
        ELSE
            accounts := p_accounts; amounts := p_amounts;
        END IF;
    ELSE
        SELECT array_agg(u.a ORDER BY u.a), array_agg(u.m ORDER BY u.a) INTO accounts, amounts
          FROM unnest(p_accounts, p_amounts) AS u(a, m);
    END IF;
    FOR v_k IN 1 .. v_n LOOP
        IF accounts[v_k] IS NULL OR amounts[v_k] IS NULL OR amounts[v_k] = 0 OR (v_k > 1 AND accounts[v_k] = accounts[v_k - 1]) THEN
            accounts := NULL; amounts := NULL; RETURN;
        END IF;
        v_sum := v_sum + amounts[v_k];
    END LOOP;
    IF v_sum <> 0 THEN
        accounts := NULL; amounts := NULL; RETURN;
    END IF;
    request := sha256(convert_to(ledger.canonical(p_kind, p_effective, p_actor, p_description, p_reverses, p_key, accounts, amounts), 'UTF8'));
END
$$;


ALTER FUNCTION ledger.prepare_entry(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[], OUT accounts uuid[], OUT amounts bigint[], OUT request bytea) OWNER TO sdsledger;

--
-- Name: refuse_account_change(); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.refuse_account_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'ledger accounts are kept for good: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION ledger.refuse_account_change() OWNER TO sdsledger;

--
-- Name: refuse_change(); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'ledger history is append-only: % on % is not allowed; post a reversal entry instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION ledger.refuse_change() OWNER TO sdsledger;

--
-- Name: refuse_hold_change(); Type: FUNCTION; Schema: ledger; Owner: sdsledger
--

CREATE FUNCTION ledger.refuse_hold_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'holds change only through ledger.release_hold and ledger.post_entry: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION ledger.refuse_hold_change() OWNER TO sdsledger;

--
-- Name: release_hold(uuid, boolean); Type: FUNCTION; Schema: ledger; Owner: sdsledger_writer
--

CREATE FUNCTION ledger.release_hold(p_id uuid, p_expire boolean DEFAULT false, OUT status text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


ALTER FUNCTION ledger.release_hold(p_id uuid, p_expire boolean, OUT status text) OWNER TO sdsledger_writer;

--
-- Name: act_for(uuid, text, uuid, uuid, bigint, bytea); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_expires bigint, p_signature bytea) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT sds.act_for(p_council, p_role, p_person, p_organisation, NULL::uuid, p_expires, p_signature)
$$;


ALTER FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_expires bigint, p_signature bytea) OWNER TO sdsledger;

--
-- Name: act_for(uuid, text, uuid, uuid, uuid, bigint, bytea); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_worker uuid, p_expires bigint, p_signature bytea) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_key    sds.tenant_key%ROWTYPE;
    -- A worker, when the claims name one (a recovery worker, whose consents name them), is signed after the expiry.
    v_claims bytea := convert_to(concat_ws('|', p_council::text, p_role, coalesce(p_person::text, ''), coalesce(p_organisation::text, ''),
                                           p_expires::text) || coalesce('|' || p_worker::text, ''), 'UTF8');
BEGIN
    SELECT * INTO v_key FROM sds.tenant_key;
    IF NOT FOUND OR p_council IS NULL OR p_role IS NULL OR p_expires IS NULL
       OR p_signature IS DISTINCT FROM sha256(v_key.outer_pad || sha256(v_key.inner_pad || v_claims)) THEN
        RAISE EXCEPTION 'the tenant is not signed with this installation''s tenant key' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_expires < extract(epoch FROM statement_timestamp()) THEN
        RAISE EXCEPTION 'the signed tenant expired at %', to_timestamp(p_expires) USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO sds.session_tenants AS t (pid, xact_start, council_id, role, person_id, organisation_id, worker_id)
    VALUES (pg_backend_pid(), transaction_timestamp(), p_council, p_role, p_person, p_organisation, p_worker)
    ON CONFLICT (pid) DO UPDATE
       SET xact_start = excluded.xact_start, council_id = excluded.council_id, role = excluded.role,
           person_id = excluded.person_id, organisation_id = excluded.organisation_id, worker_id = excluded.worker_id;
    PERFORM set_config('sdsledger.person_id', coalesce(p_person::text, ''), true),
            set_config('sdsledger.organisation_id', coalesce(p_organisation::text, ''), true);
END
$$;


ALTER FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_worker uuid, p_expires bigint, p_signature bytea) OWNER TO sdsledger;

--
-- Name: budget_visible(uuid); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.budget_visible(p_budget uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_person       uuid := nullif(current_setting('sdsledger.person_id', true), '')::uuid;
    v_organisation uuid := nullif(current_setting('sdsledger.organisation_id', true), '')::uuid;
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM sds.budgets b
         WHERE b.id = p_budget AND b.council_id = sds.tenant_council()
           AND (v_person IS NULL OR b.person_id = v_person)
           AND CASE WHEN sds.tenant_is_recovery_worker() THEN sds.consented(b.person_id)
                    ELSE v_organisation IS NULL
                         OR EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.budget_id = b.id AND p.holder_organisation_id = v_organisation) END);
END
$$;


ALTER FUNCTION sds.budget_visible(p_budget uuid) OWNER TO sdsledger;

--
-- Name: consented(uuid, text); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.consented(p_person uuid, p_what text DEFAULT NULL::text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_council uuid := sds.tenant_council();
    v_today   date := (statement_timestamp() AT TIME ZONE 'Europe/London')::date;
    v_worker  uuid;
    v_org     uuid;
BEGIN
    IF v_council IS NULL OR p_person IS NULL THEN
        RETURN false;
    END IF;
    SELECT t.worker_id, t.organisation_id INTO v_worker, v_org
      FROM sds.session_tenants t WHERE t.pid = pg_backend_pid() AND t.xact_start = transaction_timestamp();
    RETURN EXISTS (
        SELECT 1 FROM sds.consents c
         WHERE c.person_id = p_person AND c.council_id = v_council AND c.withdrawn_at IS NULL
           AND c.valid_from <= v_today AND (c.valid_until IS NULL OR c.valid_until >= v_today)
           AND (c.grantee_worker_id = v_worker OR c.grantee_organisation_id = v_org)
           AND (p_what IS NULL OR (p_what = 'summary' AND c.see_summary) OR (p_what = 'statements' AND c.see_statements)
                OR (p_what = 'test-budget' AND c.act_on_test_budget)));
END
$$;


ALTER FUNCTION sds.consented(p_person uuid, p_what text) OWNER TO sdsledger;

--
-- Name: end_staff_sessions(uuid, uuid); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.end_staff_sessions(p_worker uuid, p_stamp uuid) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    UPDATE sds.workers SET security_stamp = gen_random_uuid()
     WHERE id = p_worker AND security_stamp = p_stamp
    RETURNING true
$$;


ALTER FUNCTION sds.end_staff_sessions(p_worker uuid, p_stamp uuid) OWNER TO sdsledger;

--
-- Name: erase_people(uuid[], uuid, text, text, text, text[]); Type: FUNCTION; Schema: sds; Owner: sdsledger_eraser
--

CREATE FUNCTION sds.erase_people(p_people uuid[], p_by_id uuid, p_by text, p_reason text, p_kind text, p_sealed_words text[] DEFAULT '{}'::text[]) RETURNS TABLE(asked_person uuid, result text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_gone    constant text := '(erased)';
    v_visible uuid[];
    v_erasing uuid[];
    v_needles text[];
    v_answers text[];
    v_ids     text[];
BEGIN
    -- The people asked for whom this tenant may erase, locked in one order (two runs never wait on each other in a circle),
    -- then those not erased before: only now, holding the locks, is that certain.
    SELECT coalesce(array_agg(p.id ORDER BY p.id), '{}') INTO v_visible
      FROM (SELECT pe.id FROM sds.people pe
             WHERE pe.id = ANY(p_people)
               AND (sds.sees_everything() OR (pe.council_id = sds.tenant_council() AND sds.tenant_person() IS NULL
                                              AND sds.tenant_organisation() IS NULL))
             ORDER BY pe.id FOR UPDATE) AS p;
    SELECT coalesce(array_agg(v.id), '{}') INTO v_erasing
      FROM unnest(v_visible) AS v(id)
     WHERE NOT EXISTS (SELECT FROM sds.erasures e WHERE e.person_id = v.id);

    -- What identifies them, as other rows may repeat it (an audit detail, a stored answer): their names, contact details
    -- and family's names, now and before, and what a self-referral said. Short texts are left out, so that erasing "Al"
    -- does not blank everyone's trail, and so are texts kept sealed (contact details written since they were sealed):
    -- nothing repeats those in the clear, and destroying the key erases them.
    SELECT coalesce(array_agg(DISTINCT lower(t)), '{}') INTO v_needles
      FROM (SELECT unnest(ARRAY[p.name, p.contact, p.email, p.mobile]) FROM sds.people p WHERE p.id = ANY(v_erasing)
            UNION ALL SELECT unnest(ARRAY[c.old_value, c.new_value]) FROM sds.person_changes c
                       WHERE c.person_id = ANY(v_erasing) AND c.field IN ('name', 'contact')
            UNION ALL SELECT f.name FROM sds.family_members f WHERE f.person_id = ANY(v_erasing)
            UNION ALL SELECT unnest(ARRAY[r.name, r.email, r.mobile]) FROM sds.referrals r WHERE r.person_id = ANY(v_erasing)) AS x(t)
     WHERE length(t) >= 4 AND t NOT LIKE 'enc1:%';
    SELECT coalesce(array_agg(DISTINCT lower(t)), '{}') INTO v_answers
      FROM unnest(v_needles || CASE WHEN cardinality(v_erasing) > 0 THEN coalesce(p_sealed_words, '{}') ELSE '{}' END) AS w(t)
     WHERE length(t) BETWEEN 4 AND 500;
    -- Their ids, and their budgets' and parts', as stored answers name them.
    SELECT coalesce(array_agg(x), '{}') INTO v_ids
      FROM (SELECT unnest(v_erasing)::text
            UNION ALL SELECT b.id::text FROM sds.budgets b WHERE b.person_id = ANY(v_erasing)
            UNION ALL SELECT bp.id::text FROM sds.budget_parts bp WHERE bp.person_id = ANY(v_erasing)) AS y(x);

    UPDATE sds.people SET name = 'A person whose record has been erased', date_of_birth = DATE '1900-01-01', contact = '',
                          email = NULL, email_match = NULL, mobile = NULL, mobile_match = NULL
     WHERE id = ANY(v_erasing);
    UPDATE sds.person_changes c SET old_value = CASE WHEN c.field IN ('name', 'contact') AND c.old_value IS NOT NULL THEN v_gone ELSE c.old_value END,
                                    new_value = CASE WHEN c.field IN ('name', 'contact') AND c.new_value IS NOT NULL THEN v_gone ELSE c.new_value END
     WHERE c.person_id = ANY(v_erasing);
    UPDATE sds.family_members f SET name = v_gone WHERE f.person_id = ANY(v_erasing);
    UPDATE sds.family_agreements f SET payee = v_gone, reason = v_gone WHERE f.person_id = ANY(v_erasing);
    UPDATE sds.spends s SET payee = v_gone, payee_match = NULL, description = v_gone, evidence = NULL WHERE s.person_id = ANY(v_erasing);
    UPDATE sds.spend_evidence s SET file_name = v_gone, content = '\x00'::bytea, media_type = 'application/pdf' WHERE s.person_id = ANY(v_erasing);
    UPDATE sds.approvals a SET payee = v_gone, description = v_gone,
                               reason = CASE WHEN a.reason IS NULL THEN NULL ELSE v_gone END,
                               request_reason = CASE WHEN a.request_reason IS NULL THEN NULL ELSE v_gone END
     WHERE a.person_id = ANY(v_erasing);
    UPDATE sds.commitments c SET payee = v_gone, description = v_gone WHERE c.person_id = ANY(v_erasing);
    UPDATE sds.draft_spends d SET payee = v_gone, reason = CASE WHEN d.reason IS NULL THEN NULL ELSE v_gone END WHERE d.person_id = ANY(v_erasing);
    UPDATE sds.change_requests c SET details = v_gone, answer = CASE WHEN c.answer IS NULL THEN NULL ELSE v_gone END
     WHERE c.person_id = ANY(v_erasing);
    UPDATE sds.plan_outcomes o SET text = v_gone WHERE o.person_id = ANY(v_erasing);
    UPDATE sds.planned_purchases p SET description = v_gone WHERE p.person_id = ANY(v_erasing);
    UPDATE sds.progress_notes n SET what_changed = v_gone, in_own_words = CASE WHEN n.in_own_words IS NULL THEN NULL ELSE v_gone END
     WHERE n.person_id = ANY(v_erasing);
    UPDATE sds.recovery_phases r SET note = '' WHERE r.person_id = ANY(v_erasing);
    UPDATE sds.reviews r SET agreed = CASE WHEN r.agreed IS NULL THEN NULL ELSE v_gone END WHERE r.person_id = ANY(v_erasing);
    UPDATE sds.surplus_discussions d SET notes = v_gone WHERE d.person_id = ANY(v_erasing);
    UPDATE sds.record_openings o SET reason = v_gone WHERE o.person_id = ANY(v_erasing);
    UPDATE sds.bank_details d SET account_name = v_gone WHERE d.person_id = ANY(v_erasing);
    UPDATE sds.bank_lines l SET description = v_gone, counterparty = NULL, bank_reference = NULL, merchant = NULL WHERE l.person_id = ANY(v_erasing);
    -- The self-referral that brought them to the council: who referred them and when stay; what it said about them goes.
    UPDATE sds.referrals r SET name = v_gone, date_of_birth = DATE '1900-01-01', email = NULL, mobile = NULL, would_like = v_gone
     WHERE r.person_id = ANY(v_erasing);
    DELETE FROM sds.person_sign_in_codes c WHERE c.person_id = ANY(v_erasing);

    -- The audit trail: rows about them or by them, and rows elsewhere whose detail repeats what identifies them. The
    -- trail is read once: each detail is split into words, and only the rows holding a needle's longest word are
    -- searched for the whole needle (so names are found as words, as they are written). A detail sealed with someone's
    -- key holds no words in the clear, and is passed over: theirs goes with their key, someone else's is that person's.
    UPDATE sds.audit_log a SET detail = v_gone
     WHERE a.detail <> v_gone AND (a.person_id = ANY(v_erasing) OR a.actor_id = ANY(v_erasing));
    UPDATE sds.audit_log a SET actor = 'A person whose record has been erased' WHERE a.actor_id = ANY(v_erasing);
    IF cardinality(v_needles) > 0 THEN
        WITH needle AS (
            SELECT n, (SELECT w FROM regexp_split_to_table(n, '[^[:alnum:]]+') AS w ORDER BY length(w) DESC, w LIMIT 1) AS word
              FROM unnest(v_needles) AS n),
        hit AS (
            SELECT DISTINCT a.id
              FROM sds.audit_log a
             CROSS JOIN LATERAL regexp_split_to_table(lower(a.detail), '[^[:alnum:]]+') AS w(word)
              JOIN needle ON needle.word = w.word
             WHERE a.detail <> v_gone AND a.detail NOT LIKE 'enc1:%' AND strpos(lower(a.detail), needle.n) > 0)
        UPDATE sds.audit_log a SET detail = v_gone FROM hit WHERE a.id = hit.id;
    END IF;

    -- A stored answer is only for a retry of its command; one about them (sealed with their key and marked as theirs),
    -- or one that names them (an id of theirs, or what identifies them), is removed (a retry runs afresh and, the person
    -- being erased, is refused or writes nothing of theirs).
    IF cardinality(v_erasing) > 0 THEN
        WITH needle AS (
            SELECT n, (SELECT w FROM regexp_split_to_table(n, '[^[:alnum:]]+') AS w ORDER BY length(w) DESC, w LIMIT 1) AS word
              FROM unnest(v_answers) AS n)
        DELETE FROM sds.command_results r
         WHERE r.person_id = ANY(v_erasing)
            OR EXISTS (SELECT FROM regexp_matches(lower(r.response::text), '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'g') AS m(id)
                        WHERE m.id[1] = ANY(v_ids))
            OR EXISTS (SELECT FROM regexp_split_to_table(lower(r.response::text), '[^[:alnum:]]+') AS w(word)
                         JOIN needle ON needle.word = w.word
                        WHERE strpos(lower(r.response::text), needle.n) > 0);
    END IF;

    INSERT INTO sds.person_keys AS k (person_id, council_id, wrapped_key, destroyed_at)
    SELECT pe.id, pe.council_id, NULL, clock_timestamp() FROM sds.people pe WHERE pe.id = ANY(v_erasing)
    ON CONFLICT ON CONSTRAINT person_keys_pkey DO UPDATE SET wrapped_key = NULL, destroyed_at = clock_timestamp() WHERE k.destroyed_at IS NULL;
    -- The self-referral that brought them: its own key goes with theirs.
    UPDATE sds.referral_keys k SET wrapped_key = NULL, destroyed_at = clock_timestamp()
      FROM sds.referrals r
     WHERE r.id = k.referral_id AND r.person_id = ANY(v_erasing) AND k.destroyed_at IS NULL;
    INSERT INTO sds.erasures (id, council_id, person_id, erased_by_id, erased_by, reason, kind)
    SELECT gen_random_uuid(), pe.council_id, pe.id, p_by_id, p_by, p_reason, p_kind FROM sds.people pe WHERE pe.id = ANY(v_erasing);

    RETURN QUERY
        SELECT asked.id, CASE WHEN asked.id = ANY(v_erasing) THEN 'erased'
                              WHEN asked.id = ANY(v_visible) THEN 'already'
                              ELSE 'not_found' END
          FROM (SELECT DISTINCT unnest(p_people)) AS asked(id);
END
$$;


ALTER FUNCTION sds.erase_people(p_people uuid[], p_by_id uuid, p_by text, p_reason text, p_kind text, p_sealed_words text[]) OWNER TO sdsledger_eraser;

--
-- Name: keep_surplus_discussion(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.keep_surplus_discussion() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    -- Erasing the person (sds.erase_person) blanks the notes.
    IF TG_OP = 'UPDATE' AND current_user = 'sdsledger_eraser' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.used_by_entry IS NULL AND NEW.used_by_entry IS NOT NULL
       AND (NEW.id, NEW.part_id, NEW.held_on, NEW.held_by_id, NEW.notes, NEW.agreed_amount, NEW.recorded_at)
           IS NOT DISTINCT FROM (OLD.id, OLD.part_id, OLD.held_on, OLD.held_by_id, OLD.notes, OLD.agreed_amount, OLD.recorded_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a surplus discussion is kept as recorded: % is not allowed except marking it used once; record a new discussion instead', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;


ALTER FUNCTION sds.keep_surplus_discussion() OWNER TO sdsledger;

--
-- Name: organisation_holds(uuid, uuid); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.organisation_holds(p_budget uuid, p_organisation uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.budget_id = p_budget AND p.holder_organisation_id = p_organisation
                                                      AND p.council_id = sds.tenant_council())
$$;


ALTER FUNCTION sds.organisation_holds(p_budget uuid, p_organisation uuid) OWNER TO sdsledger;

--
-- Name: organisation_serves(uuid, uuid); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.organisation_serves(p_person uuid, p_organisation uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT EXISTS (SELECT 1 FROM sds.budget_parts p
                    WHERE p.person_id = p_person AND p.holder_organisation_id = p_organisation AND p.council_id = sds.tenant_council())
$$;


ALTER FUNCTION sds.organisation_serves(p_person uuid, p_organisation uuid) OWNER TO sdsledger;

--
-- Name: part_takes_budget(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.part_takes_budget() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    SELECT b.council_id, b.person_id INTO NEW.council_id, NEW.person_id FROM sds.budgets b WHERE b.id = NEW.budget_id;
    RETURN NEW;
END
$$;


ALTER FUNCTION sds.part_takes_budget() OWNER TO sdsledger;

--
-- Name: part_visible(uuid); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.part_visible(p_part uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_person       uuid := nullif(current_setting('sdsledger.person_id', true), '')::uuid;
    v_organisation uuid := nullif(current_setting('sdsledger.organisation_id', true), '')::uuid;
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM sds.budget_parts p
         WHERE p.id = p_part AND p.council_id = sds.tenant_council()
           AND (v_person IS NULL OR p.person_id = v_person)
           AND CASE WHEN sds.tenant_is_recovery_worker() THEN sds.consented(p.person_id)
                    ELSE v_organisation IS NULL OR p.holder_organisation_id = v_organisation END);
END
$$;


ALTER FUNCTION sds.part_visible(p_part uuid) OWNER TO sdsledger;

--
-- Name: person_by_link(uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.person_by_link(p_link uuid, p_person uuid, p_expires timestamp with time zone) RETURNS TABLE(person_id uuid, name text, council_id uuid, council_name text, security_stamp uuid)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
BEGIN
    IF p_expires < now() THEN
        RETURN;
    END IF;
    INSERT INTO sds.person_sign_in_links_used (link_id, person_id, expires_at)
    SELECT p_link, p.id, p_expires FROM sds.people p WHERE p.id = p_person
    ON CONFLICT (link_id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT p.id, p.name, p.council_id, c.name, p.security_stamp
                   FROM sds.people p JOIN sds.councils c ON c.id = p.council_id WHERE p.id = p_person;
END
$$;


ALTER FUNCTION sds.person_by_link(p_link uuid, p_person uuid, p_expires timestamp with time zone) OWNER TO sdsledger;

--
-- Name: person_security_stamp(uuid); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.person_security_stamp(p_person uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT security_stamp FROM sds.people WHERE id = p_person
$$;


ALTER FUNCTION sds.person_security_stamp(p_person uuid) OWNER TO sdsledger;

--
-- Name: person_sign_in_finish(uuid, bytea); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.person_sign_in_finish(p_code uuid, p_hash bytea) RETURNS TABLE(outcome text, tries_left integer, locked_until timestamp with time zone, person_id uuid, name text, council_id uuid, council_name text, security_stamp uuid)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
DECLARE
    v_code  sds.person_sign_in_codes%ROWTYPE;
    v_lock  sds.person_sign_in_locks%ROWTYPE;
BEGIN
    SELECT * INTO v_code FROM sds.person_sign_in_codes c WHERE c.id = p_code FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unusable', NULL::int, NULL::timestamptz, NULL::uuid, NULL::text, NULL::uuid, NULL::text, NULL::uuid;
        RETURN;
    END IF;
    INSERT INTO sds.person_sign_in_locks AS l (person_id) VALUES (v_code.person_id) ON CONFLICT (person_id) DO NOTHING;
    SELECT * INTO v_lock FROM sds.person_sign_in_locks l WHERE l.person_id = v_code.person_id FOR UPDATE;
    IF v_lock.locked_until > now() THEN
        RETURN QUERY SELECT 'locked', 0, v_lock.locked_until, NULL::uuid, NULL::text, NULL::uuid, NULL::text, NULL::uuid;
        RETURN;
    END IF;
    IF v_code.used_at IS NOT NULL OR v_code.expires_at <= now() THEN
        RETURN QUERY SELECT 'unusable', NULL::int, NULL::timestamptz, NULL::uuid, NULL::text, NULL::uuid, NULL::text, NULL::uuid;
        RETURN;
    END IF;
    IF v_code.code_hash = p_hash THEN
        UPDATE sds.person_sign_in_codes c SET used_at = now() WHERE c.id = p_code;
        UPDATE sds.person_sign_in_locks l SET failures = 0, locked_until = NULL WHERE l.person_id = v_code.person_id;
        RETURN QUERY SELECT 'signed-in', NULL::int, NULL::timestamptz, p.id, p.name, p.council_id, c.name, p.security_stamp
                       FROM sds.people p JOIN sds.councils c ON c.id = p.council_id WHERE p.id = v_code.person_id;
        RETURN;
    END IF;
    IF v_lock.failures + 1 >= 5 THEN
        UPDATE sds.person_sign_in_locks l SET failures = 0, locked_until = now() + interval '15 minutes'
         WHERE l.person_id = v_code.person_id RETURNING l.locked_until INTO v_lock.locked_until;
        RETURN QUERY SELECT 'locked', 0, v_lock.locked_until, NULL::uuid, NULL::text, NULL::uuid, NULL::text, NULL::uuid;
        RETURN;
    END IF;
    UPDATE sds.person_sign_in_locks l SET failures = v_lock.failures + 1 WHERE l.person_id = v_code.person_id;
    RETURN QUERY SELECT 'wrong', 5 - (v_lock.failures + 1), NULL::timestamptz, NULL::uuid, NULL::text, NULL::uuid, NULL::text, NULL::uuid;
END
$$;


ALTER FUNCTION sds.person_sign_in_finish(p_code uuid, p_hash bytea) OWNER TO sdsledger;

--
-- Name: person_sign_in_start(uuid, text, bytea, text, bytea); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.person_sign_in_start(p_code uuid, p_channel text, p_match bytea, p_address text, p_hash bytea) RETURNS TABLE(person_id uuid, name text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
DECLARE
    v_person sds.people%ROWTYPE;
BEGIN
    IF p_channel = 'email' THEN
        SELECT * INTO v_person FROM sds.people p WHERE p.email_match = p_match;
        IF NOT FOUND THEN
            SELECT * INTO v_person FROM sds.people p WHERE p.email_match IS NULL AND lower(p.email) = p_address;
        END IF;
    ELSIF p_channel = 'sms' THEN
        SELECT * INTO v_person FROM sds.people p WHERE p.mobile_match = p_match;
        IF NOT FOUND THEN
            SELECT * INTO v_person FROM sds.people p WHERE p.mobile_match IS NULL AND p.mobile = p_address;
        END IF;
    END IF;
    IF v_person.id IS NULL
       OR EXISTS (SELECT 1 FROM sds.person_sign_in_locks l WHERE l.person_id = v_person.id AND l.locked_until > now()) THEN
        RETURN;
    END IF;
    INSERT INTO sds.person_sign_in_codes (id, person_id, code_hash, channel, expires_at)
    VALUES (p_code, v_person.id, p_hash, p_channel, now() + interval '10 minutes');
    RETURN QUERY SELECT v_person.id, v_person.name;
END
$$;


ALTER FUNCTION sds.person_sign_in_start(p_code uuid, p_channel text, p_match bytea, p_address text, p_hash bytea) OWNER TO sdsledger;

--
-- Name: referral_takes_worker_tenancy(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.referral_takes_worker_tenancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    SELECT coalesce(w.council_id, o.council_id), w.organisation_id INTO NEW.council_id, NEW.organisation_id
      FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
     WHERE w.id = NEW.referred_by_id;
    RETURN NEW;
END
$$;


ALTER FUNCTION sds.referral_takes_worker_tenancy() OWNER TO sdsledger;

--
-- Name: refuse_other_council(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.refuse_other_council() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    v_other boolean := false;
BEGIN
    -- One branch per table: PL/PgSQL prepares each statement when it first runs, for the row type it is given.
    IF TG_TABLE_NAME = 'budgets' THEN
        v_other := NOT EXISTS (SELECT 1 FROM sds.people p WHERE p.id = NEW.person_id AND p.council_id = NEW.council_id);
    ELSIF TG_TABLE_NAME = 'budget_parts' THEN
        v_other := NEW.holder_organisation_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM sds.organisations o WHERE o.id = NEW.holder_organisation_id AND o.council_id = NEW.council_id);
    ELSIF TG_TABLE_NAME = 'people' THEN
        v_other := NEW.social_worker_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM sds.workers w WHERE w.id = NEW.social_worker_id AND w.council_id = NEW.council_id);
    ELSIF TG_TABLE_NAME = 'workers' THEN
        v_other := NEW.organisation_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM sds.organisations o WHERE o.id = NEW.organisation_id
                             AND o.council_id IS NOT DISTINCT FROM coalesce(NEW.council_id, o.council_id));
    END IF;
    IF v_other THEN
        RAISE EXCEPTION 'a row of % names something of another council', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;


ALTER FUNCTION sds.refuse_other_council() OWNER TO sdsledger;

--
-- Name: row_takes_budget_tenancy(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.row_takes_budget_tenancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    SELECT b.council_id, b.person_id INTO NEW.council_id, NEW.person_id FROM sds.budgets b WHERE b.id = NEW.budget_id;
    RETURN NEW;
END
$$;


ALTER FUNCTION sds.row_takes_budget_tenancy() OWNER TO sdsledger;

--
-- Name: row_takes_part_tenancy(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.row_takes_part_tenancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    SELECT p.council_id, p.person_id INTO NEW.council_id, NEW.person_id FROM sds.budget_parts p WHERE p.id = NEW.part_id;
    RETURN NEW;
END
$$;


ALTER FUNCTION sds.row_takes_part_tenancy() OWNER TO sdsledger;

--
-- Name: row_takes_person_tenancy(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.row_takes_person_tenancy() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    SELECT p.council_id INTO NEW.council_id FROM sds.people p WHERE p.id = NEW.person_id;
    RETURN NEW;
END
$$;


ALTER FUNCTION sds.row_takes_person_tenancy() OWNER TO sdsledger;

--
-- Name: sees_everything(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.sees_everything() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT sds.tenant_council() IS NULL
       AND (current_setting('is_superuser') = 'on' OR current_setting('role') = 'sdsledger_installation')
$$;


ALTER FUNCTION sds.sees_everything() OWNER TO sdsledger;

--
-- Name: staff_by_identity(text, text); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.staff_by_identity(p_subject text, p_email text) RETURNS TABLE(id uuid, code text, name text, role text, council_id uuid, council_name text, organisation_id uuid, security_stamp uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT w.id, w.code, w.name, w.role, w.council, (SELECT c.name FROM sds.councils c WHERE c.id = w.council), w.organisation_id, w.security_stamp
      FROM sds.active_staff w
     WHERE w.identity_subject = p_subject
    UNION ALL
    SELECT w.id, w.code, w.name, w.role, w.council, (SELECT c.name FROM sds.councils c WHERE c.id = w.council), w.organisation_id, w.security_stamp
      FROM sds.active_staff w
     WHERE p_email IS NOT NULL AND lower(w.email) = lower(p_email)
       AND NOT EXISTS (SELECT 1 FROM sds.workers s WHERE s.identity_subject = p_subject)
$$;


ALTER FUNCTION sds.staff_by_identity(p_subject text, p_email text) OWNER TO sdsledger;

--
-- Name: staff_by_link(uuid, uuid, timestamp with time zone); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.staff_by_link(p_link uuid, p_worker uuid, p_expires timestamp with time zone) RETURNS TABLE(id uuid, code text, name text, role text, council_id uuid, council_name text, organisation_id uuid, security_stamp uuid)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF p_expires < now() THEN
        RETURN;
    END IF;
    INSERT INTO sds.sign_in_links_used (link_id, worker_id, expires_at)
    SELECT p_link, w.id, p_expires FROM sds.workers w WHERE w.id = p_worker AND w.active
    ON CONFLICT (link_id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT w.id, w.code, w.name, w.role, w.council, (SELECT c.name FROM sds.councils c WHERE c.id = w.council), w.organisation_id, w.security_stamp
                   FROM sds.active_staff w WHERE w.id = p_worker;
END
$$;


ALTER FUNCTION sds.staff_by_link(p_link uuid, p_worker uuid, p_expires timestamp with time zone) OWNER TO sdsledger;

--
-- Name: staff_security_stamp(uuid); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.staff_security_stamp(p_worker uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT security_stamp FROM sds.workers WHERE id = p_worker AND active
$$;


ALTER FUNCTION sds.staff_security_stamp(p_worker uuid) OWNER TO sdsledger;

--
-- Name: tenant_council(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.tenant_council() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
    SELECT t.council_id
      FROM sds.session_tenants t
     WHERE t.pid = pg_backend_pid() AND t.xact_start = transaction_timestamp()
       AND t.person_id IS NOT DISTINCT FROM nullif(current_setting('sdsledger.person_id', true), '')::uuid
       AND t.organisation_id IS NOT DISTINCT FROM nullif(current_setting('sdsledger.organisation_id', true), '')::uuid
$$;


ALTER FUNCTION sds.tenant_council() OWNER TO sdsledger;

--
-- Name: tenant_is_recovery_worker(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.tenant_is_recovery_worker() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT EXISTS (SELECT 1 FROM sds.session_tenants t
                    WHERE t.pid = pg_backend_pid() AND t.xact_start = transaction_timestamp() AND t.role = 'recovery-worker')
$$;


ALTER FUNCTION sds.tenant_is_recovery_worker() OWNER TO sdsledger;

--
-- Name: tenant_narrowed(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.tenant_narrowed() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT sds.tenant_organisation() IS NOT NULL OR sds.tenant_person() IS NOT NULL OR sds.tenant_is_recovery_worker()
$$;


ALTER FUNCTION sds.tenant_narrowed() OWNER TO sdsledger;

--
-- Name: tenant_organisation(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.tenant_organisation() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('sdsledger.organisation_id', true), '')::uuid $$;


ALTER FUNCTION sds.tenant_organisation() OWNER TO sdsledger;

--
-- Name: tenant_person(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.tenant_person() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('sdsledger.person_id', true), '')::uuid $$;


ALTER FUNCTION sds.tenant_person() OWNER TO sdsledger;

--
-- Name: tenant_worker(); Type: FUNCTION; Schema: sds; Owner: sdsledger
--

CREATE FUNCTION sds.tenant_worker() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
    SELECT t.worker_id FROM sds.session_tenants t
     WHERE t.pid = pg_backend_pid() AND t.xact_start = transaction_timestamp() AND t.council_id = sds.tenant_council()
$$;


ALTER FUNCTION sds.tenant_worker() OWNER TO sdsledger;

SET default_table_access_method = heap;

--
-- Name: accounts; Type: TABLE; Schema: ledger; Owner: sdsledger
--

CREATE TABLE ledger.accounts (
    id uuid NOT NULL,
    owner_kind text NOT NULL,
    owner_id uuid NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    currency character(3) DEFAULT 'GBP'::bpchar NOT NULL,
    allow_negative boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    council_id uuid DEFAULT sds.tenant_council(),
    person_id uuid,
    CONSTRAINT accounts_currency_check CHECK ((currency = 'GBP'::bpchar)),
    CONSTRAINT accounts_kind_check CHECK ((kind ~ '^[a-z][a-z0-9_:-]*$'::text)),
    CONSTRAINT accounts_owner_kind_check CHECK ((owner_kind = ANY (ARRAY['budget_part'::text, 'council'::text, 'organisation'::text, 'person'::text, 'system'::text])))
);


ALTER TABLE ledger.accounts OWNER TO sdsledger;

--
-- Name: balances; Type: TABLE; Schema: ledger; Owner: sdsledger
--

CREATE TABLE ledger.balances (
    account_id uuid NOT NULL,
    posted bigint DEFAULT 0 NOT NULL,
    pending bigint DEFAULT 0 NOT NULL,
    version bigint DEFAULT 0 NOT NULL,
    last_hash bytea,
    council_id uuid,
    person_id uuid,
    CONSTRAINT balances_pending_check CHECK ((pending >= 0))
)
WITH (fillfactor='70');


ALTER TABLE ledger.balances OWNER TO sdsledger;

--
-- Name: entries; Type: TABLE; Schema: ledger; Owner: sdsledger
--

CREATE TABLE ledger.entries (
    id uuid NOT NULL,
    kind text NOT NULL,
    effective_date date NOT NULL,
    recorded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    actor text NOT NULL,
    description text NOT NULL,
    reverses uuid,
    idempotency_key text NOT NULL,
    request_hash bytea NOT NULL,
    hash bytea NOT NULL,
    council_id uuid,
    CONSTRAINT entries_kind_check CHECK ((kind = ANY (ARRAY['allocation'::text, 'instalment'::text, 'spend'::text, 'capture'::text, 'transfer'::text, 'return'::text, 'reclaim'::text, 'reversal'::text, 'adjustment'::text, 'opening'::text])))
);


ALTER TABLE ledger.entries OWNER TO sdsledger;

--
-- Name: holds; Type: TABLE; Schema: ledger; Owner: sdsledger
--

CREATE TABLE ledger.holds (
    id uuid NOT NULL,
    account_id uuid NOT NULL,
    amount bigint NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    description text NOT NULL,
    actor text NOT NULL,
    idempotency_key text NOT NULL,
    request_hash bytea NOT NULL,
    expires_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    closed_at timestamp with time zone,
    captured_amount bigint,
    capture_entry uuid,
    council_id uuid,
    person_id uuid,
    CONSTRAINT holds_amount_check CHECK ((amount > 0)),
    CONSTRAINT holds_captured_amount_check CHECK ((captured_amount > 0)),
    CONSTRAINT holds_check CHECK (((status = 'open'::text) = (closed_at IS NULL))),
    CONSTRAINT holds_check1 CHECK (((captured_amount IS NULL) OR (captured_amount <= amount))),
    CONSTRAINT holds_status_check CHECK ((status = ANY (ARRAY['open'::text, 'captured'::text, 'released'::text, 'expired'::text])))
);


ALTER TABLE ledger.holds OWNER TO sdsledger;

--
-- Name: instalments_paid; Type: TABLE; Schema: ledger; Owner: sdsledger
--

CREATE TABLE ledger.instalments_paid (
    part_id uuid NOT NULL,
    council_id uuid NOT NULL,
    paid_through date NOT NULL,
    paid integer NOT NULL,
    paid_days bigint NOT NULL,
    CONSTRAINT instalments_paid_paid_check CHECK ((paid > 0))
);


ALTER TABLE ledger.instalments_paid OWNER TO sdsledger;

--
-- Name: postings; Type: TABLE; Schema: ledger; Owner: sdsledger
--

CREATE TABLE ledger.postings (
    entry_id uuid NOT NULL,
    account_id uuid NOT NULL,
    amount bigint NOT NULL,
    balance_after bigint NOT NULL,
    account_version bigint NOT NULL,
    effective_date date NOT NULL,
    council_id uuid,
    person_id uuid,
    CONSTRAINT postings_amount_check CHECK ((amount <> 0))
);


ALTER TABLE ledger.postings OWNER TO sdsledger;

--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: sdsledger
--

CREATE TABLE public.schema_migrations (
    schemaversionsid integer NOT NULL,
    scriptname character varying(255) NOT NULL,
    applied timestamp without time zone NOT NULL
);


ALTER TABLE public.schema_migrations OWNER TO sdsledger;

--
-- Name: schema_migrations_schemaversionsid_seq; Type: SEQUENCE; Schema: public; Owner: sdsledger
--

CREATE SEQUENCE public.schema_migrations_schemaversionsid_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.schema_migrations_schemaversionsid_seq OWNER TO sdsledger;

--
-- Name: schema_migrations_schemaversionsid_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: sdsledger
--

ALTER SEQUENCE public.schema_migrations_schemaversionsid_seq OWNED BY public.schema_migrations.schemaversionsid;


--
-- Name: schema_state; Type: TABLE; Schema: public; Owner: sdsledger
--

CREATE TABLE public.schema_state (
    only_row boolean DEFAULT true NOT NULL,
    fingerprint text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT schema_state_only_row_check CHECK (only_row)
);


ALTER TABLE public.schema_state OWNER TO sdsledger;

--
-- Name: organisations; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.organisations (
    id uuid NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    contact text DEFAULT ''::text NOT NULL,
    council_id uuid,
    CONSTRAINT organisations_code_check CHECK ((code ~ '^[a-z0-9-]{2,40}$'::text))
);


ALTER TABLE sds.organisations OWNER TO sdsledger;

--
-- Name: workers; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.workers (
    id uuid NOT NULL,
    council_id uuid,
    organisation_id uuid,
    code text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    deactivated_at timestamp with time zone,
    email text,
    identity_subject text,
    security_stamp uuid DEFAULT gen_random_uuid() NOT NULL,
    CONSTRAINT workers_check CHECK (((role <> ALL (ARRAY['provider'::text, 'recovery-worker'::text])) OR (organisation_id IS NOT NULL) OR (council_id IS NOT NULL))),
    CONSTRAINT workers_check1 CHECK (((role <> 'provider'::text) OR (organisation_id IS NOT NULL))),
    CONSTRAINT workers_check2 CHECK (((role = ANY (ARRAY['provider'::text, 'recovery-worker'::text])) OR (council_id IS NOT NULL))),
    CONSTRAINT workers_code_check CHECK ((code ~ '^[a-z0-9-]{2,40}$'::text)),
    CONSTRAINT workers_email_check CHECK (((email IS NULL) OR ((length(email) <= 254) AND (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text)))),
    CONSTRAINT workers_identity_subject_check CHECK (((identity_subject IS NULL) OR ((length(identity_subject) >= 1) AND (length(identity_subject) <= 255)))),
    CONSTRAINT workers_role_check CHECK ((role = ANY (ARRAY['social-worker'::text, 'council-finance'::text, 'recovery-worker'::text, 'provider'::text, 'auditor'::text])))
);


ALTER TABLE sds.workers OWNER TO sdsledger;

--
-- Name: active_staff; Type: VIEW; Schema: sds; Owner: sdsledger
--

CREATE VIEW sds.active_staff WITH (security_invoker='true') AS
 SELECT w.id,
    w.code,
    w.name,
    w.role,
    COALESCE(w.council_id, o.council_id) AS council,
    w.organisation_id,
    w.security_stamp,
    w.identity_subject,
    w.email
   FROM (sds.workers w
     LEFT JOIN sds.organisations o ON ((o.id = w.organisation_id)))
  WHERE w.active;


ALTER TABLE sds.active_staff OWNER TO sdsledger;

--
-- Name: people; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.people (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    reference text NOT NULL,
    name text NOT NULL,
    date_of_birth date NOT NULL,
    contact text DEFAULT ''::text NOT NULL,
    statement_format text DEFAULT 'standard'::text NOT NULL,
    social_worker_id uuid,
    email text,
    mobile text,
    security_stamp uuid DEFAULT gen_random_uuid() NOT NULL,
    names_recovery boolean DEFAULT false NOT NULL,
    email_match bytea,
    mobile_match bytea,
    CONSTRAINT people_email_check CHECK (((email IS NULL) OR ((email ~~ 'enc1:%'::text) AND (length(email) <= 600)) OR ((length(email) <= 254) AND (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text)))),
    CONSTRAINT people_email_match_check CHECK ((octet_length(email_match) = 32)),
    CONSTRAINT people_email_sealed_with_match CHECK (((email_match IS NOT NULL) = COALESCE((email ~~ 'enc1:%'::text), false))),
    CONSTRAINT people_mobile_check CHECK (((mobile IS NULL) OR ((mobile ~~ 'enc1:%'::text) AND (length(mobile) <= 200)) OR (mobile ~ '^\+?[0-9]{10,15}$'::text))),
    CONSTRAINT people_mobile_match_check CHECK ((octet_length(mobile_match) = 32)),
    CONSTRAINT people_mobile_sealed_with_match CHECK (((mobile_match IS NOT NULL) = COALESCE((mobile ~~ 'enc1:%'::text), false))),
    CONSTRAINT people_reference_check CHECK ((reference ~ '^[A-Za-z0-9-]{2,32}$'::text)),
    CONSTRAINT people_statement_format_check CHECK ((statement_format = ANY (ARRAY['standard'::text, 'large-print'::text, 'easy-read'::text])))
);


ALTER TABLE sds.people OWNER TO sdsledger;

--
-- Name: actors; Type: VIEW; Schema: sds; Owner: sdsledger
--

CREATE VIEW sds.actors WITH (security_invoker='true') AS
 SELECT w.id,
    w.name,
    w.role,
    w.council_id,
    w.organisation_id,
    w.active
   FROM sds.workers w
UNION ALL
 SELECT p.id,
    p.name,
    'service-user'::text AS role,
    p.council_id,
    NULL::uuid AS organisation_id,
    true AS active
   FROM sds.people p;


ALTER TABLE sds.actors OWNER TO sdsledger;

--
-- Name: approvals; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.approvals (
    id uuid NOT NULL,
    part_id uuid NOT NULL,
    amount bigint NOT NULL,
    category text NOT NULL,
    payee text NOT NULL,
    description text NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    status text DEFAULT 'waiting'::text NOT NULL,
    decided_at timestamp with time zone,
    reason text,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    requested_by_id uuid,
    decided_by_id uuid,
    wrong_match text,
    request_reason text,
    CONSTRAINT approvals_amount_check CHECK ((amount > 0)),
    CONSTRAINT approvals_four_eyes CHECK (((decided_by_id IS NULL) OR (decided_by_id <> requested_by_id))),
    CONSTRAINT approvals_request_reason_check CHECK ((length(request_reason) <=
CASE
    WHEN (request_reason ~~ 'enc1:%'::text) THEN 2100
    ELSE 500
END)),
    CONSTRAINT approvals_status_check CHECK ((status = ANY (ARRAY['waiting'::text, 'approved'::text, 'rejected'::text, 'used'::text]))),
    CONSTRAINT approvals_wrong_match_check CHECK ((wrong_match ~ '^[a-z][a-z-]{1,40}$'::text)),
    CONSTRAINT approvals_wrong_match_reason CHECK (((wrong_match IS NULL) OR (request_reason IS NOT NULL)))
);


ALTER TABLE sds.approvals OWNER TO sdsledger;

--
-- Name: audit_log; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    actor text NOT NULL,
    role text NOT NULL,
    action text NOT NULL,
    council_id uuid,
    person_id uuid,
    budget_id uuid,
    outcome text NOT NULL,
    code text,
    detail text DEFAULT ''::text NOT NULL,
    client_address text,
    actor_id uuid,
    CONSTRAINT audit_log_outcome_check CHECK ((outcome = ANY (ARRAY['done'::text, 'refused'::text, 'invalid'::text, 'replayed'::text])))
);


ALTER TABLE sds.audit_log OWNER TO sdsledger;

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME sds.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: bank_details; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.bank_details (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    holder_kind text NOT NULL,
    person_id uuid,
    part_id uuid,
    organisation_id uuid,
    account_name text NOT NULL,
    sort_code text NOT NULL,
    account_number text NOT NULL,
    iban text,
    service_user_number text,
    recorded_by_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT bank_details_account_name_check CHECK (((length(account_name) >= 1) AND (length(account_name) <= 140))),
    CONSTRAINT bank_details_account_number_check CHECK ((account_number ~ '^[0-9]{8}$'::text)),
    CONSTRAINT bank_details_check CHECK ((((holder_kind = 'council'::text) AND (person_id IS NULL) AND (part_id IS NULL) AND (organisation_id IS NULL) AND (service_user_number IS NOT NULL)) OR ((holder_kind = 'person'::text) AND (person_id IS NOT NULL) AND (part_id IS NULL) AND (organisation_id IS NULL) AND (service_user_number IS NULL)) OR ((holder_kind = 'third-party'::text) AND (person_id IS NOT NULL) AND (part_id IS NOT NULL) AND (organisation_id IS NULL) AND (service_user_number IS NULL)) OR ((holder_kind = 'organisation'::text) AND (person_id IS NULL) AND (part_id IS NULL) AND (organisation_id IS NOT NULL) AND (service_user_number IS NULL)))),
    CONSTRAINT bank_details_holder_kind_check CHECK ((holder_kind = ANY (ARRAY['council'::text, 'person'::text, 'third-party'::text, 'organisation'::text]))),
    CONSTRAINT bank_details_iban_check CHECK ((iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'::text)),
    CONSTRAINT bank_details_service_user_number_check CHECK ((service_user_number ~ '^[A-Z0-9]{6}$'::text)),
    CONSTRAINT bank_details_sort_code_check CHECK ((sort_code ~ '^[0-9]{6}$'::text))
);


ALTER TABLE sds.bank_details OWNER TO sdsledger;

--
-- Name: bank_lines; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.bank_lines (
    id uuid NOT NULL,
    statement_id uuid NOT NULL,
    council_id uuid NOT NULL,
    account_key text NOT NULL,
    person_id uuid,
    organisation_id uuid,
    line_number integer NOT NULL,
    booked_on date NOT NULL,
    amount bigint NOT NULL,
    description text NOT NULL,
    counterparty text,
    bank_reference text,
    merchant text,
    merchant_category_code text,
    line_key text NOT NULL,
    CONSTRAINT bank_lines_amount_check CHECK ((amount <> 0)),
    CONSTRAINT bank_lines_merchant_category_code_check CHECK ((merchant_category_code ~ '^[0-9]{4}$'::text))
);


ALTER TABLE sds.bank_lines OWNER TO sdsledger;

--
-- Name: bank_statements; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.bank_statements (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    account_key text NOT NULL,
    person_id uuid,
    organisation_id uuid,
    file_name text NOT NULL,
    file_hash text NOT NULL,
    format text NOT NULL,
    read_as text NOT NULL,
    period_from date,
    period_to date,
    opening bigint,
    closing bigint,
    imported_by_id uuid NOT NULL,
    imported_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT bank_statements_account_key_check CHECK ((account_key ~ '^(council|person:[0-9a-f-]{36}|organisation:[0-9a-f-]{36})$'::text)),
    CONSTRAINT bank_statements_file_hash_check CHECK ((file_hash ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT bank_statements_format_check CHECK ((format = ANY (ARRAY['camt053'::text, 'ofx'::text, 'csv'::text, 'card-feed'::text])))
);


ALTER TABLE sds.bank_statements OWNER TO sdsledger;

--
-- Name: budget_parts; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.budget_parts (
    id uuid NOT NULL,
    budget_id uuid NOT NULL,
    "position" integer NOT NULL,
    option smallint NOT NULL,
    holder_kind text NOT NULL,
    holder_organisation_id uuid,
    holder_name text NOT NULL,
    amount bigint NOT NULL,
    instalment_weeks integer NOT NULL,
    allocation_account uuid NOT NULL,
    held_account uuid NOT NULL,
    returned_account uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    CONSTRAINT budget_parts_amount_check CHECK ((amount > 0)),
    CONSTRAINT budget_parts_check CHECK ((((option = 1) AND (holder_kind = ANY (ARRAY['person'::text, 'third-party'::text])) AND (holder_organisation_id IS NULL)) OR ((option = 2) AND (((holder_kind = 'council'::text) AND (holder_organisation_id IS NULL)) OR ((holder_kind = 'organisation'::text) AND (holder_organisation_id IS NOT NULL)))) OR ((option = 3) AND (holder_kind = 'council'::text) AND (holder_organisation_id IS NULL)))),
    CONSTRAINT budget_parts_holder_kind_check CHECK ((holder_kind = ANY (ARRAY['person'::text, 'third-party'::text, 'council'::text, 'organisation'::text]))),
    CONSTRAINT budget_parts_instalment_weeks_check CHECK ((instalment_weeks >= 0)),
    CONSTRAINT budget_parts_option_check CHECK ((option = ANY (ARRAY[1, 2, 3])))
);


ALTER TABLE sds.budget_parts OWNER TO sdsledger;

--
-- Name: budgets; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.budgets (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    is_test boolean DEFAULT false NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    agreed_total bigint NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    closed boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by_id uuid,
    CONSTRAINT budgets_agreed_total_check CHECK ((agreed_total > 0)),
    CONSTRAINT budgets_check CHECK ((period_end > period_start)),
    CONSTRAINT budgets_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'active'::text, 'ended'::text])))
);


ALTER TABLE sds.budgets OWNER TO sdsledger;

--
-- Name: change_requests; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.change_requests (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    kind text NOT NULL,
    details text NOT NULL,
    asked_by_id uuid NOT NULL,
    asked_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    social_worker_id uuid,
    answered_by_id uuid,
    answered_at timestamp with time zone,
    answer text,
    CONSTRAINT change_requests_answer_check CHECK (((answer IS NULL) OR ((length(answer) >= 1) AND (length(answer) <= 2000)))),
    CONSTRAINT change_requests_details_check CHECK (((length(details) >= 1) AND (length(details) <=
CASE
    WHEN (details ~~ 'enc1:%'::text) THEN 8100
    ELSE 2000
END))),
    CONSTRAINT change_requests_kind_check CHECK ((kind = ANY (ARRAY['purchase'::text, 'plan'::text, 'review'::text])))
);


ALTER TABLE sds.change_requests OWNER TO sdsledger;

--
-- Name: command_results; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.command_results (
    idempotency_key text NOT NULL,
    command text NOT NULL,
    request_hash bytea NOT NULL,
    response jsonb NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    council_id uuid DEFAULT sds.tenant_council(),
    person_id uuid
);


ALTER TABLE sds.command_results OWNER TO sdsledger;

--
-- Name: commitments; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.commitments (
    hold_id uuid NOT NULL,
    part_id uuid NOT NULL,
    category text NOT NULL,
    payee text NOT NULL,
    description text NOT NULL,
    planned_on date NOT NULL,
    approval_id uuid,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    recorded_by_id uuid
);


ALTER TABLE sds.commitments OWNER TO sdsledger;

--
-- Name: consents; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.consents (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    kind text NOT NULL,
    grantee_worker_id uuid,
    grantee_organisation_id uuid,
    see_summary boolean NOT NULL,
    see_statements boolean NOT NULL,
    act_on_test_budget boolean NOT NULL,
    valid_from date NOT NULL,
    valid_until date,
    witnessed_by_id uuid NOT NULL,
    witnessed_by text NOT NULL,
    recorded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    withdrawn_at timestamp with time zone,
    withdrawn_by_id uuid,
    withdrawn_by text,
    CONSTRAINT consents_check CHECK ((num_nonnulls(grantee_worker_id, grantee_organisation_id) = 1)),
    CONSTRAINT consents_check1 CHECK ((see_summary OR see_statements OR act_on_test_budget)),
    CONSTRAINT consents_check2 CHECK (((valid_until IS NULL) OR (valid_until >= valid_from))),
    CONSTRAINT consents_check3 CHECK ((((withdrawn_at IS NULL) = (withdrawn_by_id IS NULL)) AND ((withdrawn_at IS NULL) = (withdrawn_by IS NULL)))),
    CONSTRAINT consents_kind_check CHECK ((kind = ANY (ARRAY['peer-worker'::text, 'family-member'::text, 'carer'::text, 'advocate'::text])))
);


ALTER TABLE sds.consents OWNER TO sdsledger;

--
-- Name: council_rules; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.council_rules (
    council_id uuid NOT NULL,
    approval_threshold bigint DEFAULT 25000 NOT NULL,
    excluded_purposes text[] DEFAULT ARRAY['gambling'::text, 'alcohol'::text, 'tobacco'::text, 'illegal'::text, 'investments'::text, 'nhs-provided'::text] NOT NULL,
    test_budget_cap bigint DEFAULT 25000 NOT NULL,
    test_budget_weeks integer DEFAULT 12 NOT NULL,
    surplus_weeks integer DEFAULT 8 NOT NULL,
    instalment_weeks integer DEFAULT 4 NOT NULL,
    duplicate_days integer DEFAULT 3 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    payment_run_days_ahead integer DEFAULT 7 NOT NULL,
    updated_by_id uuid,
    approval_window_days integer DEFAULT 7 NOT NULL,
    match_days integer DEFAULT 5 NOT NULL,
    CONSTRAINT council_rules_approval_threshold_check CHECK ((approval_threshold >= 0)),
    CONSTRAINT council_rules_approval_window_days_check CHECK (((approval_window_days >= 0) AND (approval_window_days <= 31))),
    CONSTRAINT council_rules_duplicate_days_check CHECK ((duplicate_days >= 0)),
    CONSTRAINT council_rules_instalment_weeks_check CHECK ((instalment_weeks > 0)),
    CONSTRAINT council_rules_match_days_check CHECK (((match_days >= 0) AND (match_days <= 31))),
    CONSTRAINT council_rules_payment_run_days_ahead_check CHECK (((payment_run_days_ahead >= 0) AND (payment_run_days_ahead <= 31))),
    CONSTRAINT council_rules_surplus_weeks_check CHECK ((surplus_weeks > 0)),
    CONSTRAINT council_rules_test_budget_cap_check CHECK ((test_budget_cap > 0)),
    CONSTRAINT council_rules_test_budget_weeks_check CHECK ((test_budget_weeks > 0))
);


ALTER TABLE sds.council_rules OWNER TO sdsledger;

--
-- Name: councils; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.councils (
    id uuid NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    contact text NOT NULL,
    funding_account uuid NOT NULL,
    retention_years integer DEFAULT 6 NOT NULL,
    recovery_wording_offered boolean DEFAULT true NOT NULL,
    CONSTRAINT councils_code_check CHECK ((code ~ '^[a-z0-9-]{2,32}$'::text)),
    CONSTRAINT councils_retention_years_check CHECK (((retention_years >= 1) AND (retention_years <= 100)))
);


ALTER TABLE sds.councils OWNER TO sdsledger;

--
-- Name: draft_spends; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.draft_spends (
    id uuid NOT NULL,
    bank_line_id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    part_id uuid NOT NULL,
    amount bigint NOT NULL,
    payee text NOT NULL,
    spent_on date NOT NULL,
    merchant_category_code text,
    status text DEFAULT 'draft'::text NOT NULL,
    refused_attempts integer DEFAULT 0 NOT NULL,
    entry_id uuid,
    decided_by_id uuid,
    decided_at timestamp with time zone,
    reason text,
    CONSTRAINT draft_spends_amount_check CHECK ((amount > 0)),
    CONSTRAINT draft_spends_check CHECK (((status = 'draft'::text) = (decided_by_id IS NULL))),
    CONSTRAINT draft_spends_check1 CHECK (((status = 'recorded'::text) = (entry_id IS NOT NULL))),
    CONSTRAINT draft_spends_merchant_category_code_check CHECK ((merchant_category_code ~ '^[0-9]{4}$'::text)),
    CONSTRAINT draft_spends_refused_attempts_check CHECK ((refused_attempts >= 0)),
    CONSTRAINT draft_spends_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'recorded'::text, 'dismissed'::text])))
);


ALTER TABLE sds.draft_spends OWNER TO sdsledger;

--
-- Name: erasures; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.erasures (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    erased_by_id uuid NOT NULL,
    erased_by text NOT NULL,
    reason text NOT NULL,
    kind text NOT NULL,
    erased_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT erasures_kind_check CHECK ((kind = ANY (ARRAY['request'::text, 'retention'::text]))),
    CONSTRAINT erasures_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 500)))
);


ALTER TABLE sds.erasures OWNER TO sdsledger;

--
-- Name: excluded_purpose_terms; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.excluded_purpose_terms (
    council_id uuid NOT NULL,
    purpose text NOT NULL,
    kind text NOT NULL,
    term text NOT NULL,
    added_by_id uuid NOT NULL,
    added_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT excluded_purpose_terms_check CHECK (((kind <> 'merchant-code'::text) OR (term ~ '^[0-9]{4}$'::text))),
    CONSTRAINT excluded_purpose_terms_kind_check CHECK ((kind = ANY (ARRAY['words'::text, 'merchant-code'::text]))),
    CONSTRAINT excluded_purpose_terms_purpose_check CHECK ((purpose ~ '^[a-z][a-z-]{1,40}$'::text)),
    CONSTRAINT excluded_purpose_terms_term_check CHECK (((length(term) >= 1) AND (length(term) <= 60)))
);


ALTER TABLE sds.excluded_purpose_terms OWNER TO sdsledger;

--
-- Name: family_agreements; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.family_agreements (
    id uuid NOT NULL,
    budget_id uuid NOT NULL,
    payee text NOT NULL,
    reason text NOT NULL,
    agreed_on date NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    agreed_by_id uuid
);


ALTER TABLE sds.family_agreements OWNER TO sdsledger;

--
-- Name: family_members; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.family_members (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    name text NOT NULL,
    relationship text NOT NULL,
    same_household boolean NOT NULL,
    recorded_by_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT family_members_name_check CHECK (((length(name) >= 1) AND (length(name) <=
CASE
    WHEN (name ~~ 'enc1:%'::text) THEN 900
    ELSE 200
END))),
    CONSTRAINT family_members_relationship_check CHECK (((length(relationship) >= 1) AND (length(relationship) <= 60)))
);


ALTER TABLE sds.family_members OWNER TO sdsledger;

--
-- Name: part_categories; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.part_categories (
    part_id uuid NOT NULL,
    category text NOT NULL,
    account_id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL
);


ALTER TABLE sds.part_categories OWNER TO sdsledger;

--
-- Name: payment_batch_instalments; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.payment_batch_instalments (
    entry_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    "position" integer NOT NULL,
    council_id uuid NOT NULL,
    part_id uuid NOT NULL,
    due_on date NOT NULL,
    amount bigint NOT NULL,
    CONSTRAINT payment_batch_instalments_amount_check CHECK ((amount > 0))
);


ALTER TABLE sds.payment_batch_instalments OWNER TO sdsledger;

--
-- Name: payment_batch_payments; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.payment_batch_payments (
    batch_id uuid NOT NULL,
    "position" integer NOT NULL,
    council_id uuid NOT NULL,
    end_to_end_id text NOT NULL,
    holder_kind text NOT NULL,
    person_id uuid,
    part_id uuid,
    organisation_id uuid,
    bank_details_id uuid NOT NULL,
    amount bigint NOT NULL,
    reference text NOT NULL,
    CONSTRAINT payment_batch_payments_amount_check CHECK ((amount > 0)),
    CONSTRAINT payment_batch_payments_end_to_end_id_check CHECK (((length(end_to_end_id) >= 1) AND (length(end_to_end_id) <= 35))),
    CONSTRAINT payment_batch_payments_holder_kind_check CHECK ((holder_kind = ANY (ARRAY['person'::text, 'third-party'::text, 'organisation'::text]))),
    CONSTRAINT payment_batch_payments_position_check CHECK (("position" > 0)),
    CONSTRAINT payment_batch_payments_reference_check CHECK (((length(reference) >= 1) AND (length(reference) <= 18)))
);


ALTER TABLE sds.payment_batch_payments OWNER TO sdsledger;

--
-- Name: payment_batches; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.payment_batches (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    run_date date NOT NULL,
    message_id text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    created_by_id uuid NOT NULL,
    originator_name text NOT NULL,
    originator_sort_code text NOT NULL,
    originator_account text NOT NULL,
    originator_iban text,
    service_user_number text NOT NULL,
    CONSTRAINT payment_batches_message_id_check CHECK (((length(message_id) >= 1) AND (length(message_id) <= 35))),
    CONSTRAINT payment_batches_originator_account_check CHECK ((originator_account ~ '^[0-9]{8}$'::text)),
    CONSTRAINT payment_batches_originator_sort_code_check CHECK ((originator_sort_code ~ '^[0-9]{6}$'::text))
);


ALTER TABLE sds.payment_batches OWNER TO sdsledger;

--
-- Name: person_changes; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.person_changes (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    field text NOT NULL,
    old_value text,
    new_value text,
    changed_by_id uuid NOT NULL,
    changed_by text NOT NULL,
    changed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT person_changes_field_check CHECK ((field = ANY (ARRAY['name'::text, 'contact'::text, 'statement_format'::text, 'social_worker'::text])))
);


ALTER TABLE sds.person_changes OWNER TO sdsledger;

--
-- Name: person_keys; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.person_keys (
    person_id uuid NOT NULL,
    council_id uuid NOT NULL,
    wrapped_key bytea,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    destroyed_at timestamp with time zone,
    CONSTRAINT person_keys_check CHECK (((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))),
    CONSTRAINT person_keys_wrapped_key_check CHECK (((wrapped_key IS NULL) OR (octet_length(wrapped_key) = 60)))
);


ALTER TABLE sds.person_keys OWNER TO sdsledger;

--
-- Name: person_sign_in_codes; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.person_sign_in_codes (
    id uuid NOT NULL,
    person_id uuid NOT NULL,
    code_hash bytea NOT NULL,
    channel text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT person_sign_in_codes_channel_check CHECK ((channel = ANY (ARRAY['email'::text, 'sms'::text]))),
    CONSTRAINT person_sign_in_codes_code_hash_check CHECK ((length(code_hash) = 32))
);


ALTER TABLE sds.person_sign_in_codes OWNER TO sdsledger;

--
-- Name: person_sign_in_links_used; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.person_sign_in_links_used (
    link_id uuid NOT NULL,
    person_id uuid NOT NULL,
    used_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


ALTER TABLE sds.person_sign_in_links_used OWNER TO sdsledger;

--
-- Name: person_sign_in_locks; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.person_sign_in_locks (
    person_id uuid NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    CONSTRAINT person_sign_in_locks_failures_check CHECK (((failures >= 0) AND (failures <= 5)))
);


ALTER TABLE sds.person_sign_in_locks OWNER TO sdsledger;

--
-- Name: plan_categories; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.plan_categories (
    budget_id uuid NOT NULL,
    category text NOT NULL,
    amount bigint,
    share_percent numeric(5,2),
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    CONSTRAINT plan_categories_amount_check CHECK ((amount > 0)),
    CONSTRAINT plan_categories_category_check CHECK ((category ~ '^[a-z][a-z0-9-]{1,40}$'::text)),
    CONSTRAINT plan_categories_check CHECK (((amount IS NULL) OR (share_percent IS NULL))),
    CONSTRAINT plan_categories_share_percent_check CHECK (((share_percent > (0)::numeric) AND (share_percent <= (100)::numeric)))
);


ALTER TABLE sds.plan_categories OWNER TO sdsledger;

--
-- Name: plan_outcomes; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.plan_outcomes (
    id uuid NOT NULL,
    budget_id uuid NOT NULL,
    "position" integer NOT NULL,
    text text NOT NULL,
    recovery_phase text,
    capital_domain text,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    CONSTRAINT plan_outcomes_capital_domain_check CHECK ((capital_domain = ANY (ARRAY['personal'::text, 'social'::text, 'community'::text]))),
    CONSTRAINT plan_outcomes_recovery_phase_check CHECK ((recovery_phase = ANY (ARRAY['stabilisation'::text, 'maintenance'::text, 'recovery'::text]))),
    CONSTRAINT plan_outcomes_text_length CHECK (((length(text) >= 1) AND (length(text) <=
CASE
    WHEN (text ~~ 'enc1:%'::text) THEN 1300
    ELSE 300
END)))
);


ALTER TABLE sds.plan_outcomes OWNER TO sdsledger;

--
-- Name: planned_purchases; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.planned_purchases (
    id uuid NOT NULL,
    budget_id uuid NOT NULL,
    outcome_id uuid,
    description text NOT NULL,
    amount bigint NOT NULL,
    category text NOT NULL,
    planned_on date NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    planned_by_id uuid,
    CONSTRAINT planned_purchases_amount_check CHECK ((amount > 0)),
    CONSTRAINT planned_purchases_description_length CHECK (((length(description) >= 1) AND (length(description) <=
CASE
    WHEN (description ~~ 'enc1:%'::text) THEN 1300
    ELSE 300
END)))
);


ALTER TABLE sds.planned_purchases OWNER TO sdsledger;

--
-- Name: progress_notes; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.progress_notes (
    id uuid NOT NULL,
    budget_id uuid NOT NULL,
    outcome_id uuid,
    noted_on date NOT NULL,
    what_changed text NOT NULL,
    in_own_words text,
    completed boolean DEFAULT false NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    recorded_by_id uuid,
    CONSTRAINT progress_notes_in_own_words_length CHECK (((length(in_own_words) >= 1) AND (length(in_own_words) <=
CASE
    WHEN (in_own_words ~~ 'enc1:%'::text) THEN 4100
    ELSE 1000
END))),
    CONSTRAINT progress_notes_what_changed_length CHECK (((length(what_changed) >= 1) AND (length(what_changed) <=
CASE
    WHEN (what_changed ~~ 'enc1:%'::text) THEN 4100
    ELSE 1000
END)))
);


ALTER TABLE sds.progress_notes OWNER TO sdsledger;

--
-- Name: record_openings; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.record_openings (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    worker_id uuid NOT NULL,
    worker text NOT NULL,
    reason text NOT NULL,
    opened_at timestamp with time zone NOT NULL,
    open_until timestamp with time zone NOT NULL,
    CONSTRAINT record_openings_check CHECK ((open_until > opened_at)),
    CONSTRAINT record_openings_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <=
CASE
    WHEN (reason ~~ 'enc1:%'::text) THEN 2100
    ELSE 500
END)))
);


ALTER TABLE sds.record_openings OWNER TO sdsledger;

--
-- Name: recovery_phases; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.recovery_phases (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    phase text NOT NULL,
    from_date date NOT NULL,
    relapse boolean DEFAULT false NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    recorded_by_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT recovery_phases_note_check CHECK ((length(note) <=
CASE
    WHEN (note ~~ 'enc1:%'::text) THEN 2100
    ELSE 500
END)),
    CONSTRAINT recovery_phases_phase_check CHECK ((phase = ANY (ARRAY['stabilisation'::text, 'maintenance'::text, 'recovery'::text])))
);


ALTER TABLE sds.recovery_phases OWNER TO sdsledger;

--
-- Name: referral_keys; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.referral_keys (
    referral_id uuid NOT NULL,
    wrapped_key bytea,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    destroyed_at timestamp with time zone,
    CONSTRAINT referral_keys_check CHECK (((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))),
    CONSTRAINT referral_keys_wrapped_key_check CHECK (((wrapped_key IS NULL) OR (octet_length(wrapped_key) = 60)))
);


ALTER TABLE sds.referral_keys OWNER TO sdsledger;

--
-- Name: referrals; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.referrals (
    id uuid NOT NULL,
    council_id uuid NOT NULL,
    name text NOT NULL,
    date_of_birth date NOT NULL,
    email text,
    mobile text,
    would_like text NOT NULL,
    agrees_to_contact boolean NOT NULL,
    referred_by_id uuid NOT NULL,
    referred_by text NOT NULL,
    organisation_id uuid,
    referred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    status text DEFAULT 'new'::text NOT NULL,
    person_id uuid,
    decided_by_id uuid,
    decided_by text,
    decided_at timestamp with time zone,
    answer text,
    CONSTRAINT referrals_answer_check CHECK (((answer IS NULL) OR ((length(answer) >= 1) AND (length(answer) <=
CASE
    WHEN (answer ~~ 'enc1:%'::text) THEN 12000
    ELSE 2000
END)))),
    CONSTRAINT referrals_check CHECK ((((status = 'new'::text) = (decided_at IS NULL)) AND ((decided_at IS NULL) = (decided_by_id IS NULL)) AND ((decided_at IS NULL) = (decided_by IS NULL)))),
    CONSTRAINT referrals_check1 CHECK (((status = 'accepted'::text) = (person_id IS NOT NULL))),
    CONSTRAINT referrals_check2 CHECK (((status = 'answered'::text) = (answer IS NOT NULL))),
    CONSTRAINT referrals_email_check CHECK (((email IS NULL) OR ((length(email) >= 3) AND (length(email) <=
CASE
    WHEN (email ~~ 'enc1:%'::text) THEN 600
    ELSE 254
END)))),
    CONSTRAINT referrals_mobile_check CHECK (((mobile IS NULL) OR (mobile ~ '^07[0-9]{9}$'::text) OR ((mobile ~~ 'enc1:%'::text) AND (length(mobile) <= 200)))),
    CONSTRAINT referrals_name_check CHECK (((length(name) >= 1) AND (length(name) <=
CASE
    WHEN (name ~~ 'enc1:%'::text) THEN 1200
    ELSE 200
END))),
    CONSTRAINT referrals_status_check CHECK ((status = ANY (ARRAY['new'::text, 'accepted'::text, 'answered'::text]))),
    CONSTRAINT referrals_would_like_check CHECK (((length(would_like) >= 1) AND (length(would_like) <=
CASE
    WHEN (would_like ~~ 'enc1:%'::text) THEN 12000
    ELSE 2000
END)))
);


ALTER TABLE sds.referrals OWNER TO sdsledger;

--
-- Name: reviews; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.reviews (
    budget_id uuid NOT NULL,
    due_on date NOT NULL,
    done_on date,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    reason text DEFAULT 'scheduled'::text NOT NULL,
    agreed text,
    done_by_id uuid,
    recorded_at timestamp with time zone,
    replaced_on date,
    CONSTRAINT reviews_agreed_check CHECK (((length(agreed) >= 1) AND (length(agreed) <=
CASE
    WHEN (agreed ~~ 'enc1:%'::text) THEN 8100
    ELSE 2000
END))),
    CONSTRAINT reviews_done_or_replaced CHECK (((done_on IS NULL) OR (replaced_on IS NULL))),
    CONSTRAINT reviews_reason_check CHECK ((reason = ANY (ARRAY['scheduled'::text, 'first'::text, 'yearly'::text, 'six-monthly'::text, 'reassessment'::text])))
);


ALTER TABLE sds.reviews OWNER TO sdsledger;

--
-- Name: session_tenants; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE UNLOGGED TABLE sds.session_tenants (
    pid integer NOT NULL,
    xact_start timestamp with time zone NOT NULL,
    council_id uuid NOT NULL,
    role text NOT NULL,
    person_id uuid,
    organisation_id uuid,
    worker_id uuid
);


ALTER TABLE sds.session_tenants OWNER TO sdsledger;

--
-- Name: sign_in_links_used; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.sign_in_links_used (
    link_id uuid NOT NULL,
    worker_id uuid NOT NULL,
    used_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


ALTER TABLE sds.sign_in_links_used OWNER TO sdsledger;

--
-- Name: spend_evidence; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.spend_evidence (
    id uuid NOT NULL,
    entry_id uuid NOT NULL,
    part_id uuid NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    file_name text NOT NULL,
    media_type text NOT NULL,
    content bytea NOT NULL,
    uploaded_by_id uuid NOT NULL,
    uploaded_by text NOT NULL,
    uploaded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT spend_evidence_content_check CHECK (((octet_length(content) >= 1) AND (octet_length(content) <= 10485760))),
    CONSTRAINT spend_evidence_file_name_check CHECK (((length(file_name) >= 1) AND (length(file_name) <= 200))),
    CONSTRAINT spend_evidence_media_type_check CHECK ((media_type = ANY (ARRAY['application/pdf'::text, 'image/jpeg'::text, 'image/png'::text])))
);


ALTER TABLE sds.spend_evidence OWNER TO sdsledger;

--
-- Name: spends; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.spends (
    entry_id uuid NOT NULL,
    part_id uuid NOT NULL,
    category text NOT NULL,
    payee text NOT NULL,
    spent_on date NOT NULL,
    amount bigint NOT NULL,
    description text NOT NULL,
    evidence text,
    hours numeric(8,2),
    approval_id uuid,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    recorded_by_id uuid,
    merchant_code text,
    payee_match bytea,
    CONSTRAINT spends_amount_check CHECK ((amount > 0)),
    CONSTRAINT spends_merchant_code_check CHECK ((merchant_code ~ '^[0-9]{4}$'::text)),
    CONSTRAINT spends_payee_match_check CHECK ((octet_length(payee_match) = 16))
);


ALTER TABLE sds.spends OWNER TO sdsledger;

--
-- Name: support_plans; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.support_plans (
    budget_id uuid NOT NULL,
    agreed_on date NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    agreed_by_id uuid
);


ALTER TABLE sds.support_plans OWNER TO sdsledger;

--
-- Name: surplus_discussions; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.surplus_discussions (
    id uuid NOT NULL,
    part_id uuid NOT NULL,
    held_on date NOT NULL,
    notes text NOT NULL,
    agreed_amount bigint,
    used_by_entry uuid,
    recorded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    council_id uuid NOT NULL,
    person_id uuid NOT NULL,
    held_by_id uuid,
    CONSTRAINT surplus_discussions_agreed_amount_check CHECK ((agreed_amount >= 0)),
    CONSTRAINT surplus_discussions_notes_length CHECK (((length(notes) >= 1) AND (length(notes) <=
CASE
    WHEN (notes ~~ 'enc1:%'::text) THEN 8100
    ELSE 2000
END)))
);


ALTER TABLE sds.surplus_discussions OWNER TO sdsledger;

--
-- Name: tenant_key; Type: TABLE; Schema: sds; Owner: sdsledger
--

CREATE TABLE sds.tenant_key (
    only_row boolean DEFAULT true NOT NULL,
    inner_pad bytea NOT NULL,
    outer_pad bytea NOT NULL,
    set_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_key_inner_pad_check CHECK ((octet_length(inner_pad) = 64)),
    CONSTRAINT tenant_key_only_row_check CHECK (only_row),
    CONSTRAINT tenant_key_outer_pad_check CHECK ((octet_length(outer_pad) = 64))
);


ALTER TABLE sds.tenant_key OWNER TO sdsledger;

--
-- Name: schema_migrations schemaversionsid; Type: DEFAULT; Schema: public; Owner: sdsledger
--

ALTER TABLE ONLY public.schema_migrations ALTER COLUMN schemaversionsid SET DEFAULT nextval('public.schema_migrations_schemaversionsid_seq'::regclass);


--
-- Name: accounts accounts_owner_kind_owner_id_kind_key; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.accounts
    ADD CONSTRAINT accounts_owner_kind_owner_id_kind_key UNIQUE (owner_kind, owner_id, kind);


--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);


--
-- Name: balances balances_pkey; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.balances
    ADD CONSTRAINT balances_pkey PRIMARY KEY (account_id);


--
-- Name: entries entries_idempotency_key_key; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.entries
    ADD CONSTRAINT entries_idempotency_key_key UNIQUE (idempotency_key);


--
-- Name: entries entries_pkey; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.entries
    ADD CONSTRAINT entries_pkey PRIMARY KEY (id);


--
-- Name: holds holds_idempotency_key_key; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.holds
    ADD CONSTRAINT holds_idempotency_key_key UNIQUE (idempotency_key);


--
-- Name: holds holds_pkey; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.holds
    ADD CONSTRAINT holds_pkey PRIMARY KEY (id);


--
-- Name: instalments_paid instalments_paid_pkey; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.instalments_paid
    ADD CONSTRAINT instalments_paid_pkey PRIMARY KEY (part_id);


--
-- Name: postings postings_pkey; Type: CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.postings
    ADD CONSTRAINT postings_pkey PRIMARY KEY (entry_id, account_id);


--
-- Name: schema_migrations PK_schema_migrations_Id; Type: CONSTRAINT; Schema: public; Owner: sdsledger
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT "PK_schema_migrations_Id" PRIMARY KEY (schemaversionsid);


--
-- Name: schema_state schema_state_pkey; Type: CONSTRAINT; Schema: public; Owner: sdsledger
--

ALTER TABLE ONLY public.schema_state
    ADD CONSTRAINT schema_state_pkey PRIMARY KEY (only_row);


--
-- Name: approvals approvals_description_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.approvals
    ADD CONSTRAINT approvals_description_length CHECK (((length(description) >= 1) AND (length(description) <=
CASE
    WHEN (description ~~ 'enc1:%'::text) THEN 1300
    ELSE 300
END))) NOT VALID;


--
-- Name: approvals approvals_payee_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.approvals
    ADD CONSTRAINT approvals_payee_length CHECK (((length(payee) >= 1) AND (length(payee) <=
CASE
    WHEN (payee ~~ 'enc1:%'::text) THEN 900
    ELSE 200
END))) NOT VALID;


--
-- Name: approvals approvals_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.approvals
    ADD CONSTRAINT approvals_pkey PRIMARY KEY (id);


--
-- Name: approvals approvals_reason_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.approvals
    ADD CONSTRAINT approvals_reason_length CHECK ((length(reason) <=
CASE
    WHEN (reason ~~ 'enc1:%'::text) THEN 1300
    ELSE 300
END)) NOT VALID;


--
-- Name: approvals approvals_requested_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.approvals
    ADD CONSTRAINT approvals_requested_by_named CHECK ((requested_by_id IS NOT NULL)) NOT VALID;


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: bank_details bank_details_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_details
    ADD CONSTRAINT bank_details_pkey PRIMARY KEY (id);


--
-- Name: bank_lines bank_lines_council_id_account_key_line_key_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_lines
    ADD CONSTRAINT bank_lines_council_id_account_key_line_key_key UNIQUE (council_id, account_key, line_key);


--
-- Name: bank_lines bank_lines_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_lines
    ADD CONSTRAINT bank_lines_pkey PRIMARY KEY (id);


--
-- Name: bank_statements bank_statements_council_id_account_key_file_hash_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_statements
    ADD CONSTRAINT bank_statements_council_id_account_key_file_hash_key UNIQUE (council_id, account_key, file_hash);


--
-- Name: bank_statements bank_statements_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_statements
    ADD CONSTRAINT bank_statements_pkey PRIMARY KEY (id);


--
-- Name: budget_parts budget_parts_budget_id_position_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budget_parts
    ADD CONSTRAINT budget_parts_budget_id_position_key UNIQUE (budget_id, "position");


--
-- Name: budget_parts budget_parts_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budget_parts
    ADD CONSTRAINT budget_parts_pkey PRIMARY KEY (id);


--
-- Name: budgets budgets_created_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.budgets
    ADD CONSTRAINT budgets_created_by_named CHECK ((created_by_id IS NOT NULL)) NOT VALID;


--
-- Name: budgets budgets_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budgets
    ADD CONSTRAINT budgets_pkey PRIMARY KEY (id);


--
-- Name: change_requests change_requests_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.change_requests
    ADD CONSTRAINT change_requests_pkey PRIMARY KEY (id);


--
-- Name: command_results command_results_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.command_results
    ADD CONSTRAINT command_results_pkey PRIMARY KEY (idempotency_key);


--
-- Name: commitments commitments_description_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.commitments
    ADD CONSTRAINT commitments_description_length CHECK (((length(description) >= 1) AND (length(description) <=
CASE
    WHEN (description ~~ 'enc1:%'::text) THEN 1300
    ELSE 300
END))) NOT VALID;


--
-- Name: commitments commitments_payee_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.commitments
    ADD CONSTRAINT commitments_payee_length CHECK (((length(payee) >= 1) AND (length(payee) <=
CASE
    WHEN (payee ~~ 'enc1:%'::text) THEN 900
    ELSE 200
END))) NOT VALID;


--
-- Name: commitments commitments_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.commitments
    ADD CONSTRAINT commitments_pkey PRIMARY KEY (hold_id);


--
-- Name: commitments commitments_recorded_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.commitments
    ADD CONSTRAINT commitments_recorded_by_named CHECK ((recorded_by_id IS NOT NULL)) NOT VALID;


--
-- Name: consents consents_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.consents
    ADD CONSTRAINT consents_pkey PRIMARY KEY (id);


--
-- Name: council_rules council_rules_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.council_rules
    ADD CONSTRAINT council_rules_pkey PRIMARY KEY (council_id);


--
-- Name: council_rules council_rules_updated_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.council_rules
    ADD CONSTRAINT council_rules_updated_by_named CHECK ((updated_by_id IS NOT NULL)) NOT VALID;


--
-- Name: councils councils_code_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.councils
    ADD CONSTRAINT councils_code_key UNIQUE (code);


--
-- Name: councils councils_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.councils
    ADD CONSTRAINT councils_pkey PRIMARY KEY (id);


--
-- Name: draft_spends draft_spends_bank_line_id_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.draft_spends
    ADD CONSTRAINT draft_spends_bank_line_id_key UNIQUE (bank_line_id);


--
-- Name: draft_spends draft_spends_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.draft_spends
    ADD CONSTRAINT draft_spends_pkey PRIMARY KEY (id);


--
-- Name: erasures erasures_person_id_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.erasures
    ADD CONSTRAINT erasures_person_id_key UNIQUE (person_id);


--
-- Name: erasures erasures_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.erasures
    ADD CONSTRAINT erasures_pkey PRIMARY KEY (id);


--
-- Name: excluded_purpose_terms excluded_purpose_terms_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.excluded_purpose_terms
    ADD CONSTRAINT excluded_purpose_terms_pkey PRIMARY KEY (council_id, purpose, kind, term);


--
-- Name: family_agreements family_agreements_agreed_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.family_agreements
    ADD CONSTRAINT family_agreements_agreed_by_named CHECK ((agreed_by_id IS NOT NULL)) NOT VALID;


--
-- Name: family_agreements family_agreements_payee_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.family_agreements
    ADD CONSTRAINT family_agreements_payee_length CHECK (((length(payee) >= 1) AND (length(payee) <=
CASE
    WHEN (payee ~~ 'enc1:%'::text) THEN 900
    ELSE 200
END))) NOT VALID;


--
-- Name: family_agreements family_agreements_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.family_agreements
    ADD CONSTRAINT family_agreements_pkey PRIMARY KEY (id);


--
-- Name: family_agreements family_agreements_reason_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.family_agreements
    ADD CONSTRAINT family_agreements_reason_length CHECK (((length(reason) >= 1) AND (length(reason) <=
CASE
    WHEN (reason ~~ 'enc1:%'::text) THEN 2100
    ELSE 500
END))) NOT VALID;


--
-- Name: family_members family_members_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.family_members
    ADD CONSTRAINT family_members_pkey PRIMARY KEY (id);


--
-- Name: organisations organisations_code_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.organisations
    ADD CONSTRAINT organisations_code_key UNIQUE (code);


--
-- Name: organisations organisations_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.organisations
    ADD CONSTRAINT organisations_pkey PRIMARY KEY (id);


--
-- Name: part_categories part_categories_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.part_categories
    ADD CONSTRAINT part_categories_pkey PRIMARY KEY (part_id, category);


--
-- Name: payment_batch_instalments payment_batch_instalments_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_instalments
    ADD CONSTRAINT payment_batch_instalments_pkey PRIMARY KEY (entry_id);


--
-- Name: payment_batch_payments payment_batch_payments_end_to_end_id_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_payments
    ADD CONSTRAINT payment_batch_payments_end_to_end_id_key UNIQUE (end_to_end_id);


--
-- Name: payment_batch_payments payment_batch_payments_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_payments
    ADD CONSTRAINT payment_batch_payments_pkey PRIMARY KEY (batch_id, "position");


--
-- Name: payment_batches payment_batches_council_id_run_date_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batches
    ADD CONSTRAINT payment_batches_council_id_run_date_key UNIQUE (council_id, run_date);


--
-- Name: payment_batches payment_batches_message_id_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batches
    ADD CONSTRAINT payment_batches_message_id_key UNIQUE (message_id);


--
-- Name: payment_batches payment_batches_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batches
    ADD CONSTRAINT payment_batches_pkey PRIMARY KEY (id);


--
-- Name: people people_council_id_reference_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.people
    ADD CONSTRAINT people_council_id_reference_key UNIQUE (council_id, reference);


--
-- Name: people people_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.people
    ADD CONSTRAINT people_pkey PRIMARY KEY (id);


--
-- Name: person_changes person_changes_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_changes
    ADD CONSTRAINT person_changes_pkey PRIMARY KEY (id);


--
-- Name: person_keys person_keys_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_keys
    ADD CONSTRAINT person_keys_pkey PRIMARY KEY (person_id);


--
-- Name: person_sign_in_codes person_sign_in_codes_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_sign_in_codes
    ADD CONSTRAINT person_sign_in_codes_pkey PRIMARY KEY (id);


--
-- Name: person_sign_in_links_used person_sign_in_links_used_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_sign_in_links_used
    ADD CONSTRAINT person_sign_in_links_used_pkey PRIMARY KEY (link_id);


--
-- Name: person_sign_in_locks person_sign_in_locks_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_sign_in_locks
    ADD CONSTRAINT person_sign_in_locks_pkey PRIMARY KEY (person_id);


--
-- Name: plan_categories plan_categories_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.plan_categories
    ADD CONSTRAINT plan_categories_pkey PRIMARY KEY (budget_id, category);


--
-- Name: plan_outcomes plan_outcomes_budget_id_position_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.plan_outcomes
    ADD CONSTRAINT plan_outcomes_budget_id_position_key UNIQUE (budget_id, "position");


--
-- Name: plan_outcomes plan_outcomes_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.plan_outcomes
    ADD CONSTRAINT plan_outcomes_pkey PRIMARY KEY (id);


--
-- Name: planned_purchases planned_purchases_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.planned_purchases
    ADD CONSTRAINT planned_purchases_pkey PRIMARY KEY (id);


--
-- Name: planned_purchases planned_purchases_planned_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.planned_purchases
    ADD CONSTRAINT planned_purchases_planned_by_named CHECK ((planned_by_id IS NOT NULL)) NOT VALID;


--
-- Name: progress_notes progress_notes_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.progress_notes
    ADD CONSTRAINT progress_notes_pkey PRIMARY KEY (id);


--
-- Name: progress_notes progress_notes_recorded_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.progress_notes
    ADD CONSTRAINT progress_notes_recorded_by_named CHECK ((recorded_by_id IS NOT NULL)) NOT VALID;


--
-- Name: record_openings record_openings_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.record_openings
    ADD CONSTRAINT record_openings_pkey PRIMARY KEY (id);


--
-- Name: recovery_phases recovery_phases_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.recovery_phases
    ADD CONSTRAINT recovery_phases_pkey PRIMARY KEY (id);


--
-- Name: referral_keys referral_keys_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.referral_keys
    ADD CONSTRAINT referral_keys_pkey PRIMARY KEY (referral_id);


--
-- Name: referrals referrals_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.referrals
    ADD CONSTRAINT referrals_pkey PRIMARY KEY (id);


--
-- Name: reviews reviews_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.reviews
    ADD CONSTRAINT reviews_pkey PRIMARY KEY (budget_id, due_on);


--
-- Name: session_tenants session_tenants_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.session_tenants
    ADD CONSTRAINT session_tenants_pkey PRIMARY KEY (pid);


--
-- Name: sign_in_links_used sign_in_links_used_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.sign_in_links_used
    ADD CONSTRAINT sign_in_links_used_pkey PRIMARY KEY (link_id);


--
-- Name: spend_evidence spend_evidence_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.spend_evidence
    ADD CONSTRAINT spend_evidence_pkey PRIMARY KEY (id);


--
-- Name: spends spends_description_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.spends
    ADD CONSTRAINT spends_description_length CHECK (((length(description) >= 1) AND (length(description) <=
CASE
    WHEN (description ~~ 'enc1:%'::text) THEN 1300
    ELSE 300
END))) NOT VALID;


--
-- Name: spends spends_payee_length; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.spends
    ADD CONSTRAINT spends_payee_length CHECK (((length(payee) >= 1) AND (length(payee) <=
CASE
    WHEN (payee ~~ 'enc1:%'::text) THEN 900
    ELSE 200
END))) NOT VALID;


--
-- Name: spends spends_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.spends
    ADD CONSTRAINT spends_pkey PRIMARY KEY (entry_id);


--
-- Name: spends spends_recorded_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.spends
    ADD CONSTRAINT spends_recorded_by_named CHECK ((recorded_by_id IS NOT NULL)) NOT VALID;


--
-- Name: support_plans support_plans_agreed_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.support_plans
    ADD CONSTRAINT support_plans_agreed_by_named CHECK ((agreed_by_id IS NOT NULL)) NOT VALID;


--
-- Name: support_plans support_plans_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.support_plans
    ADD CONSTRAINT support_plans_pkey PRIMARY KEY (budget_id);


--
-- Name: surplus_discussions surplus_discussions_held_by_named; Type: CHECK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.surplus_discussions
    ADD CONSTRAINT surplus_discussions_held_by_named CHECK ((held_by_id IS NOT NULL)) NOT VALID;


--
-- Name: surplus_discussions surplus_discussions_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.surplus_discussions
    ADD CONSTRAINT surplus_discussions_pkey PRIMARY KEY (id);


--
-- Name: tenant_key tenant_key_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.tenant_key
    ADD CONSTRAINT tenant_key_pkey PRIMARY KEY (only_row);


--
-- Name: workers workers_code_key; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.workers
    ADD CONSTRAINT workers_code_key UNIQUE (code);


--
-- Name: workers workers_pkey; Type: CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.workers
    ADD CONSTRAINT workers_pkey PRIMARY KEY (id);


--
-- Name: accounts_council; Type: INDEX; Schema: ledger; Owner: sdsledger
--

CREATE INDEX accounts_council ON ledger.accounts USING btree (council_id);


--
-- Name: accounts_person; Type: INDEX; Schema: ledger; Owner: sdsledger
--

CREATE INDEX accounts_person ON ledger.accounts USING btree (person_id);


--
-- Name: balances_person; Type: INDEX; Schema: ledger; Owner: sdsledger
--

CREATE INDEX balances_person ON ledger.balances USING btree (person_id);


--
-- Name: entries_reverses; Type: INDEX; Schema: ledger; Owner: sdsledger
--

CREATE UNIQUE INDEX entries_reverses ON ledger.entries USING btree (reverses) WHERE (reverses IS NOT NULL);


--
-- Name: holds_open_by_account; Type: INDEX; Schema: ledger; Owner: sdsledger
--

CREATE INDEX holds_open_by_account ON ledger.holds USING btree (account_id) WHERE (status = 'open'::text);


--
-- Name: holds_person; Type: INDEX; Schema: ledger; Owner: sdsledger
--

CREATE INDEX holds_person ON ledger.holds USING btree (person_id);


--
-- Name: postings_account_date; Type: INDEX; Schema: ledger; Owner: sdsledger
--

CREATE INDEX postings_account_date ON ledger.postings USING btree (account_id, effective_date, account_version);


--
-- Name: approvals_part; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX approvals_part ON sds.approvals USING btree (part_id, status);


--
-- Name: approvals_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX approvals_person ON sds.approvals USING btree (person_id);


--
-- Name: audit_log_actor; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX audit_log_actor ON sds.audit_log USING btree (actor, at);


--
-- Name: audit_log_actor_id; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX audit_log_actor_id ON sds.audit_log USING btree (actor_id, at);


--
-- Name: audit_log_council; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX audit_log_council ON sds.audit_log USING btree (council_id, at);


--
-- Name: audit_log_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX audit_log_person ON sds.audit_log USING btree (person_id, at);


--
-- Name: bank_details_holder; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX bank_details_holder ON sds.bank_details USING btree (council_id, holder_kind, COALESCE(person_id, organisation_id), part_id, recorded_at DESC);


--
-- Name: bank_lines_account; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX bank_lines_account ON sds.bank_lines USING btree (council_id, account_key, booked_on);


--
-- Name: bank_lines_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX bank_lines_person ON sds.bank_lines USING btree (person_id);


--
-- Name: bank_statements_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX bank_statements_person ON sds.bank_statements USING btree (person_id);


--
-- Name: budget_parts_holder; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX budget_parts_holder ON sds.budget_parts USING btree (holder_organisation_id) WHERE (holder_organisation_id IS NOT NULL);


--
-- Name: budget_parts_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX budget_parts_person ON sds.budget_parts USING btree (person_id);


--
-- Name: budgets_council_status; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX budgets_council_status ON sds.budgets USING btree (council_id, status);


--
-- Name: budgets_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX budgets_person ON sds.budgets USING btree (person_id);


--
-- Name: change_requests_open; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX change_requests_open ON sds.change_requests USING btree (council_id, social_worker_id) WHERE (answered_at IS NULL);


--
-- Name: change_requests_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX change_requests_person ON sds.change_requests USING btree (person_id, asked_at);


--
-- Name: commitments_part; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX commitments_part ON sds.commitments USING btree (part_id);


--
-- Name: commitments_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX commitments_person ON sds.commitments USING btree (person_id);


--
-- Name: consents_organisation; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX consents_organisation ON sds.consents USING btree (grantee_organisation_id) WHERE (withdrawn_at IS NULL);


--
-- Name: consents_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX consents_person ON sds.consents USING btree (person_id) WHERE (withdrawn_at IS NULL);


--
-- Name: consents_worker; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX consents_worker ON sds.consents USING btree (grantee_worker_id) WHERE (withdrawn_at IS NULL);


--
-- Name: draft_spends_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX draft_spends_person ON sds.draft_spends USING btree (person_id);


--
-- Name: draft_spends_waiting; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX draft_spends_waiting ON sds.draft_spends USING btree (council_id, person_id) WHERE (status = 'draft'::text);


--
-- Name: erasures_council; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX erasures_council ON sds.erasures USING btree (council_id, erased_at);


--
-- Name: family_agreements_budget; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX family_agreements_budget ON sds.family_agreements USING btree (budget_id);


--
-- Name: family_agreements_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX family_agreements_person ON sds.family_agreements USING btree (person_id);


--
-- Name: family_members_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX family_members_person ON sds.family_members USING btree (person_id);


--
-- Name: organisations_council; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX organisations_council ON sds.organisations USING btree (council_id);


--
-- Name: part_categories_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX part_categories_person ON sds.part_categories USING btree (person_id);


--
-- Name: payment_batch_instalments_batch; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX payment_batch_instalments_batch ON sds.payment_batch_instalments USING btree (batch_id, "position");


--
-- Name: payment_batch_payments_organisation; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX payment_batch_payments_organisation ON sds.payment_batch_payments USING btree (organisation_id) WHERE (organisation_id IS NOT NULL);


--
-- Name: payment_batch_payments_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX payment_batch_payments_person ON sds.payment_batch_payments USING btree (person_id) WHERE (person_id IS NOT NULL);


--
-- Name: people_email; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE UNIQUE INDEX people_email ON sds.people USING btree (lower(email)) WHERE (email IS NOT NULL);


--
-- Name: people_email_match; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE UNIQUE INDEX people_email_match ON sds.people USING btree (email_match) WHERE (email_match IS NOT NULL);


--
-- Name: people_mobile; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE UNIQUE INDEX people_mobile ON sds.people USING btree (mobile) WHERE (mobile IS NOT NULL);


--
-- Name: people_mobile_match; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE UNIQUE INDEX people_mobile_match ON sds.people USING btree (mobile_match) WHERE (mobile_match IS NOT NULL);


--
-- Name: people_social_worker; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX people_social_worker ON sds.people USING btree (social_worker_id) WHERE (social_worker_id IS NOT NULL);


--
-- Name: person_changes_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX person_changes_person ON sds.person_changes USING btree (person_id, changed_at);


--
-- Name: person_sign_in_codes_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX person_sign_in_codes_person ON sds.person_sign_in_codes USING btree (person_id, created_at);


--
-- Name: plan_categories_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX plan_categories_person ON sds.plan_categories USING btree (person_id);


--
-- Name: plan_outcomes_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX plan_outcomes_person ON sds.plan_outcomes USING btree (person_id);


--
-- Name: planned_purchases_budget; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX planned_purchases_budget ON sds.planned_purchases USING btree (budget_id);


--
-- Name: planned_purchases_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX planned_purchases_person ON sds.planned_purchases USING btree (person_id);


--
-- Name: progress_notes_budget; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX progress_notes_budget ON sds.progress_notes USING btree (budget_id, noted_on);


--
-- Name: progress_notes_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX progress_notes_person ON sds.progress_notes USING btree (person_id);


--
-- Name: record_openings_council; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX record_openings_council ON sds.record_openings USING btree (council_id, opened_at);


--
-- Name: record_openings_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX record_openings_person ON sds.record_openings USING btree (person_id);


--
-- Name: record_openings_worker; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX record_openings_worker ON sds.record_openings USING btree (worker_id, person_id, open_until);


--
-- Name: recovery_phases_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX recovery_phases_person ON sds.recovery_phases USING btree (person_id, from_date);


--
-- Name: referrals_new; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX referrals_new ON sds.referrals USING btree (council_id, referred_at) WHERE (status = 'new'::text);


--
-- Name: referrals_organisation; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX referrals_organisation ON sds.referrals USING btree (organisation_id, referred_at);


--
-- Name: referrals_worker; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX referrals_worker ON sds.referrals USING btree (referred_by_id, referred_at);


--
-- Name: reviews_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX reviews_person ON sds.reviews USING btree (person_id);


--
-- Name: spend_evidence_entry; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX spend_evidence_entry ON sds.spend_evidence USING btree (entry_id);


--
-- Name: spend_evidence_part; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX spend_evidence_part ON sds.spend_evidence USING btree (part_id);


--
-- Name: spend_evidence_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX spend_evidence_person ON sds.spend_evidence USING btree (person_id);


--
-- Name: spends_duplicates; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX spends_duplicates ON sds.spends USING btree (part_id, payee_match, spent_on);


--
-- Name: support_plans_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX support_plans_person ON sds.support_plans USING btree (person_id);


--
-- Name: surplus_discussions_person; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX surplus_discussions_person ON sds.surplus_discussions USING btree (person_id);


--
-- Name: surplus_discussions_unused; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE INDEX surplus_discussions_unused ON sds.surplus_discussions USING btree (part_id, held_on, recorded_at) WHERE (used_by_entry IS NULL);


--
-- Name: surplus_discussions_used_by_entry; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE UNIQUE INDEX surplus_discussions_used_by_entry ON sds.surplus_discussions USING btree (used_by_entry) WHERE (used_by_entry IS NOT NULL);


--
-- Name: workers_email; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE UNIQUE INDEX workers_email ON sds.workers USING btree (lower(email)) WHERE (email IS NOT NULL);


--
-- Name: workers_identity_subject; Type: INDEX; Schema: sds; Owner: sdsledger
--

CREATE UNIQUE INDEX workers_identity_subject ON sds.workers USING btree (identity_subject) WHERE (identity_subject IS NOT NULL);


--
-- Name: accounts accounts_council; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER accounts_council BEFORE INSERT ON ledger.accounts FOR EACH ROW EXECUTE FUNCTION ledger.account_council();


--
-- Name: accounts accounts_kept; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER accounts_kept BEFORE DELETE OR UPDATE ON ledger.accounts FOR EACH ROW EXECUTE FUNCTION ledger.refuse_account_change();


--
-- Name: accounts accounts_no_truncate; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER accounts_no_truncate BEFORE TRUNCATE ON ledger.accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: balances balances_follow_postings; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER balances_follow_postings AFTER UPDATE ON ledger.balances REFERENCING OLD TABLE AS old_balances NEW TABLE AS new_balances FOR EACH STATEMENT WHEN ((CURRENT_USER <> 'sdsledger_writer'::name)) EXECUTE FUNCTION ledger.check_balance_change();


--
-- Name: balances balances_kept; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER balances_kept BEFORE DELETE ON ledger.balances FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: balances balances_no_truncate; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER balances_no_truncate BEFORE TRUNCATE ON ledger.balances FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: balances balances_start_at_zero; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER balances_start_at_zero AFTER INSERT ON ledger.balances REFERENCING NEW TABLE AS new_balances FOR EACH STATEMENT WHEN ((CURRENT_USER <> 'sdsledger_writer'::name)) EXECUTE FUNCTION ledger.check_balance_change();


--
-- Name: entries entries_append_only; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER entries_append_only BEFORE DELETE OR UPDATE ON ledger.entries FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: entries entries_instalment_paid; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER entries_instalment_paid AFTER INSERT ON ledger.entries FOR EACH ROW WHEN ((new.kind = 'instalment'::text)) EXECUTE FUNCTION ledger.note_instalment_paid();


--
-- Name: entries entries_no_truncate; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON ledger.entries FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: holds holds_changed_by_the_ledger; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER holds_changed_by_the_ledger BEFORE DELETE OR UPDATE ON ledger.holds FOR EACH ROW WHEN ((CURRENT_USER <> 'sdsledger_writer'::name)) EXECUTE FUNCTION ledger.refuse_hold_change();


--
-- Name: holds holds_no_truncate; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER holds_no_truncate BEFORE TRUNCATE ON ledger.holds FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: postings postings_append_only; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER postings_append_only BEFORE DELETE OR UPDATE ON ledger.postings FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: postings postings_balance; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER postings_balance AFTER INSERT ON ledger.postings REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT WHEN ((CURRENT_USER <> 'sdsledger_writer'::name)) EXECUTE FUNCTION ledger.check_postings_balance();


--
-- Name: postings postings_no_truncate; Type: TRIGGER; Schema: ledger; Owner: sdsledger
--

CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON ledger.postings FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: approvals approvals_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER approvals_tenancy BEFORE INSERT OR UPDATE OF part_id, council_id, person_id ON sds.approvals FOR EACH ROW EXECUTE FUNCTION sds.row_takes_part_tenancy();


--
-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER audit_log_append_only BEFORE DELETE ON sds.audit_log FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: audit_log audit_log_changed_only_by_erasure; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER audit_log_changed_only_by_erasure BEFORE UPDATE ON sds.audit_log FOR EACH ROW WHEN ((CURRENT_USER <> 'sdsledger_eraser'::name)) EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON sds.audit_log FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();


--
-- Name: budget_parts budget_parts_one_council; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER budget_parts_one_council AFTER INSERT OR UPDATE OF holder_organisation_id, council_id ON sds.budget_parts FOR EACH ROW EXECUTE FUNCTION sds.refuse_other_council();


--
-- Name: budget_parts budget_parts_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER budget_parts_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.budget_parts FOR EACH ROW EXECUTE FUNCTION sds.part_takes_budget();


--
-- Name: budgets budgets_one_council; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER budgets_one_council AFTER INSERT OR UPDATE OF person_id, council_id ON sds.budgets FOR EACH ROW EXECUTE FUNCTION sds.refuse_other_council();


--
-- Name: change_requests change_requests_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER change_requests_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.change_requests FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();


--
-- Name: commitments commitments_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER commitments_tenancy BEFORE INSERT OR UPDATE OF part_id, council_id, person_id ON sds.commitments FOR EACH ROW EXECUTE FUNCTION sds.row_takes_part_tenancy();


--
-- Name: consents consents_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER consents_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.consents FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();


--
-- Name: erasures erasures_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER erasures_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.erasures FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();


--
-- Name: family_agreements family_agreements_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER family_agreements_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.family_agreements FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy();


--
-- Name: family_members family_members_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER family_members_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.family_members FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();


--
-- Name: part_categories part_categories_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER part_categories_tenancy BEFORE INSERT OR UPDATE OF part_id, council_id, person_id ON sds.part_categories FOR EACH ROW EXECUTE FUNCTION sds.row_takes_part_tenancy();


--
-- Name: people people_one_council; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER people_one_council AFTER INSERT OR UPDATE OF social_worker_id, council_id ON sds.people FOR EACH ROW EXECUTE FUNCTION sds.refuse_other_council();


--
-- Name: person_changes person_changes_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER person_changes_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.person_changes FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();


--
-- Name: person_keys person_keys_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER person_keys_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.person_keys FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();


--
-- Name: plan_categories plan_categories_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER plan_categories_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.plan_categories FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy();


--
-- Name: plan_outcomes plan_outcomes_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER plan_outcomes_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.plan_outcomes FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy();


--
-- Name: planned_purchases planned_purchases_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER planned_purchases_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.planned_purchases FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy();


--
-- Name: progress_notes progress_notes_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER progress_notes_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.progress_notes FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy();


--
-- Name: record_openings record_openings_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER record_openings_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.record_openings FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();


--
-- Name: recovery_phases recovery_phases_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER recovery_phases_tenancy BEFORE INSERT OR UPDATE OF person_id, council_id ON sds.recovery_phases FOR EACH ROW EXECUTE FUNCTION sds.row_takes_person_tenancy();


--
-- Name: referrals referrals_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER referrals_tenancy BEFORE INSERT OR UPDATE OF referred_by_id, council_id, organisation_id ON sds.referrals FOR EACH ROW EXECUTE FUNCTION sds.referral_takes_worker_tenancy();


--
-- Name: reviews reviews_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER reviews_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.reviews FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy();


--
-- Name: spend_evidence spend_evidence_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER spend_evidence_tenancy BEFORE INSERT OR UPDATE OF part_id, council_id, person_id ON sds.spend_evidence FOR EACH ROW EXECUTE FUNCTION sds.row_takes_part_tenancy();


--
-- Name: spends spends_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER spends_tenancy BEFORE INSERT OR UPDATE OF part_id, council_id, person_id ON sds.spends FOR EACH ROW EXECUTE FUNCTION sds.row_takes_part_tenancy();


--
-- Name: support_plans support_plans_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER support_plans_tenancy BEFORE INSERT OR UPDATE OF budget_id, council_id, person_id ON sds.support_plans FOR EACH ROW EXECUTE FUNCTION sds.row_takes_budget_tenancy();


--
-- Name: surplus_discussions surplus_discussions_kept; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER surplus_discussions_kept BEFORE DELETE OR UPDATE ON sds.surplus_discussions FOR EACH ROW EXECUTE FUNCTION sds.keep_surplus_discussion();


--
-- Name: surplus_discussions surplus_discussions_tenancy; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER surplus_discussions_tenancy BEFORE INSERT OR UPDATE OF part_id, council_id, person_id ON sds.surplus_discussions FOR EACH ROW EXECUTE FUNCTION sds.row_takes_part_tenancy();


--
-- Name: workers workers_one_council; Type: TRIGGER; Schema: sds; Owner: sdsledger
--

CREATE TRIGGER workers_one_council AFTER INSERT OR UPDATE OF organisation_id, council_id ON sds.workers FOR EACH ROW EXECUTE FUNCTION sds.refuse_other_council();


--
-- Name: balances balances_account_id_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.balances
    ADD CONSTRAINT balances_account_id_fkey FOREIGN KEY (account_id) REFERENCES ledger.accounts(id);


--
-- Name: entries entries_reverses_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.entries
    ADD CONSTRAINT entries_reverses_fkey FOREIGN KEY (reverses) REFERENCES ledger.entries(id);


--
-- Name: holds holds_account_id_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.holds
    ADD CONSTRAINT holds_account_id_fkey FOREIGN KEY (account_id) REFERENCES ledger.accounts(id);


--
-- Name: holds holds_capture_entry_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.holds
    ADD CONSTRAINT holds_capture_entry_fkey FOREIGN KEY (capture_entry) REFERENCES ledger.entries(id);


--
-- Name: instalments_paid instalments_paid_council_id_fkey; Type: FK CONSTRAINT; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ONLY ledger.instalments_paid
    ADD CONSTRAINT instalments_paid_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: approvals approvals_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.approvals
    ADD CONSTRAINT approvals_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: bank_details bank_details_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_details
    ADD CONSTRAINT bank_details_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: bank_details bank_details_organisation_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_details
    ADD CONSTRAINT bank_details_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES sds.organisations(id);


--
-- Name: bank_details bank_details_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_details
    ADD CONSTRAINT bank_details_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: bank_details bank_details_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_details
    ADD CONSTRAINT bank_details_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: bank_lines bank_lines_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_lines
    ADD CONSTRAINT bank_lines_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: bank_lines bank_lines_organisation_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_lines
    ADD CONSTRAINT bank_lines_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES sds.organisations(id);


--
-- Name: bank_lines bank_lines_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_lines
    ADD CONSTRAINT bank_lines_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: bank_lines bank_lines_statement_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_lines
    ADD CONSTRAINT bank_lines_statement_id_fkey FOREIGN KEY (statement_id) REFERENCES sds.bank_statements(id);


--
-- Name: bank_statements bank_statements_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_statements
    ADD CONSTRAINT bank_statements_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: bank_statements bank_statements_organisation_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_statements
    ADD CONSTRAINT bank_statements_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES sds.organisations(id);


--
-- Name: bank_statements bank_statements_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.bank_statements
    ADD CONSTRAINT bank_statements_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: budget_parts budget_parts_allocation_account_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budget_parts
    ADD CONSTRAINT budget_parts_allocation_account_fkey FOREIGN KEY (allocation_account) REFERENCES ledger.accounts(id);


--
-- Name: budget_parts budget_parts_budget_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budget_parts
    ADD CONSTRAINT budget_parts_budget_id_fkey FOREIGN KEY (budget_id) REFERENCES sds.budgets(id);


--
-- Name: budget_parts budget_parts_held_account_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budget_parts
    ADD CONSTRAINT budget_parts_held_account_fkey FOREIGN KEY (held_account) REFERENCES ledger.accounts(id);


--
-- Name: budget_parts budget_parts_holder_organisation_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budget_parts
    ADD CONSTRAINT budget_parts_holder_organisation_id_fkey FOREIGN KEY (holder_organisation_id) REFERENCES sds.organisations(id);


--
-- Name: budget_parts budget_parts_returned_account_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budget_parts
    ADD CONSTRAINT budget_parts_returned_account_fkey FOREIGN KEY (returned_account) REFERENCES ledger.accounts(id);


--
-- Name: budgets budgets_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budgets
    ADD CONSTRAINT budgets_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: budgets budgets_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.budgets
    ADD CONSTRAINT budgets_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: change_requests change_requests_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.change_requests
    ADD CONSTRAINT change_requests_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: change_requests change_requests_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.change_requests
    ADD CONSTRAINT change_requests_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: change_requests change_requests_social_worker_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.change_requests
    ADD CONSTRAINT change_requests_social_worker_id_fkey FOREIGN KEY (social_worker_id) REFERENCES sds.workers(id);


--
-- Name: commitments commitments_approval_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.commitments
    ADD CONSTRAINT commitments_approval_id_fkey FOREIGN KEY (approval_id) REFERENCES sds.approvals(id);


--
-- Name: commitments commitments_hold_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.commitments
    ADD CONSTRAINT commitments_hold_id_fkey FOREIGN KEY (hold_id) REFERENCES ledger.holds(id);


--
-- Name: commitments commitments_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.commitments
    ADD CONSTRAINT commitments_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: consents consents_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.consents
    ADD CONSTRAINT consents_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: consents consents_grantee_organisation_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.consents
    ADD CONSTRAINT consents_grantee_organisation_id_fkey FOREIGN KEY (grantee_organisation_id) REFERENCES sds.organisations(id);


--
-- Name: consents consents_grantee_worker_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.consents
    ADD CONSTRAINT consents_grantee_worker_id_fkey FOREIGN KEY (grantee_worker_id) REFERENCES sds.workers(id);


--
-- Name: consents consents_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.consents
    ADD CONSTRAINT consents_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: council_rules council_rules_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.council_rules
    ADD CONSTRAINT council_rules_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: councils councils_funding_account_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.councils
    ADD CONSTRAINT councils_funding_account_fkey FOREIGN KEY (funding_account) REFERENCES ledger.accounts(id);


--
-- Name: draft_spends draft_spends_bank_line_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.draft_spends
    ADD CONSTRAINT draft_spends_bank_line_id_fkey FOREIGN KEY (bank_line_id) REFERENCES sds.bank_lines(id);


--
-- Name: draft_spends draft_spends_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.draft_spends
    ADD CONSTRAINT draft_spends_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: draft_spends draft_spends_entry_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.draft_spends
    ADD CONSTRAINT draft_spends_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES ledger.entries(id);


--
-- Name: draft_spends draft_spends_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.draft_spends
    ADD CONSTRAINT draft_spends_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: draft_spends draft_spends_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.draft_spends
    ADD CONSTRAINT draft_spends_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: erasures erasures_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.erasures
    ADD CONSTRAINT erasures_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: erasures erasures_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.erasures
    ADD CONSTRAINT erasures_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: excluded_purpose_terms excluded_purpose_terms_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.excluded_purpose_terms
    ADD CONSTRAINT excluded_purpose_terms_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: family_agreements family_agreements_budget_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.family_agreements
    ADD CONSTRAINT family_agreements_budget_id_fkey FOREIGN KEY (budget_id) REFERENCES sds.budgets(id);


--
-- Name: family_members family_members_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.family_members
    ADD CONSTRAINT family_members_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: family_members family_members_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.family_members
    ADD CONSTRAINT family_members_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: organisations organisations_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.organisations
    ADD CONSTRAINT organisations_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: part_categories part_categories_account_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.part_categories
    ADD CONSTRAINT part_categories_account_id_fkey FOREIGN KEY (account_id) REFERENCES ledger.accounts(id);


--
-- Name: part_categories part_categories_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.part_categories
    ADD CONSTRAINT part_categories_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: payment_batch_instalments payment_batch_instalments_batch_id_position_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_instalments
    ADD CONSTRAINT payment_batch_instalments_batch_id_position_fkey FOREIGN KEY (batch_id, "position") REFERENCES sds.payment_batch_payments(batch_id, "position");


--
-- Name: payment_batch_instalments payment_batch_instalments_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_instalments
    ADD CONSTRAINT payment_batch_instalments_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: payment_batch_instalments payment_batch_instalments_entry_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_instalments
    ADD CONSTRAINT payment_batch_instalments_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES ledger.entries(id);


--
-- Name: payment_batch_instalments payment_batch_instalments_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_instalments
    ADD CONSTRAINT payment_batch_instalments_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: payment_batch_payments payment_batch_payments_bank_details_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_payments
    ADD CONSTRAINT payment_batch_payments_bank_details_id_fkey FOREIGN KEY (bank_details_id) REFERENCES sds.bank_details(id);


--
-- Name: payment_batch_payments payment_batch_payments_batch_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_payments
    ADD CONSTRAINT payment_batch_payments_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES sds.payment_batches(id);


--
-- Name: payment_batch_payments payment_batch_payments_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_payments
    ADD CONSTRAINT payment_batch_payments_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: payment_batch_payments payment_batch_payments_organisation_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_payments
    ADD CONSTRAINT payment_batch_payments_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES sds.organisations(id);


--
-- Name: payment_batch_payments payment_batch_payments_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_payments
    ADD CONSTRAINT payment_batch_payments_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: payment_batch_payments payment_batch_payments_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batch_payments
    ADD CONSTRAINT payment_batch_payments_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: payment_batches payment_batches_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.payment_batches
    ADD CONSTRAINT payment_batches_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: people people_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.people
    ADD CONSTRAINT people_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: people people_social_worker_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.people
    ADD CONSTRAINT people_social_worker_id_fkey FOREIGN KEY (social_worker_id) REFERENCES sds.workers(id);


--
-- Name: person_changes person_changes_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_changes
    ADD CONSTRAINT person_changes_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: person_changes person_changes_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_changes
    ADD CONSTRAINT person_changes_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: person_keys person_keys_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_keys
    ADD CONSTRAINT person_keys_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: person_keys person_keys_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_keys
    ADD CONSTRAINT person_keys_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: person_sign_in_codes person_sign_in_codes_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_sign_in_codes
    ADD CONSTRAINT person_sign_in_codes_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: person_sign_in_links_used person_sign_in_links_used_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_sign_in_links_used
    ADD CONSTRAINT person_sign_in_links_used_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: person_sign_in_locks person_sign_in_locks_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.person_sign_in_locks
    ADD CONSTRAINT person_sign_in_locks_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: plan_categories plan_categories_budget_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.plan_categories
    ADD CONSTRAINT plan_categories_budget_id_fkey FOREIGN KEY (budget_id) REFERENCES sds.budgets(id);


--
-- Name: plan_outcomes plan_outcomes_budget_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.plan_outcomes
    ADD CONSTRAINT plan_outcomes_budget_id_fkey FOREIGN KEY (budget_id) REFERENCES sds.budgets(id);


--
-- Name: planned_purchases planned_purchases_budget_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.planned_purchases
    ADD CONSTRAINT planned_purchases_budget_id_fkey FOREIGN KEY (budget_id) REFERENCES sds.budgets(id);


--
-- Name: planned_purchases planned_purchases_outcome_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.planned_purchases
    ADD CONSTRAINT planned_purchases_outcome_id_fkey FOREIGN KEY (outcome_id) REFERENCES sds.plan_outcomes(id);


--
-- Name: progress_notes progress_notes_budget_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.progress_notes
    ADD CONSTRAINT progress_notes_budget_id_fkey FOREIGN KEY (budget_id) REFERENCES sds.budgets(id);


--
-- Name: progress_notes progress_notes_outcome_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.progress_notes
    ADD CONSTRAINT progress_notes_outcome_id_fkey FOREIGN KEY (outcome_id) REFERENCES sds.plan_outcomes(id);


--
-- Name: record_openings record_openings_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.record_openings
    ADD CONSTRAINT record_openings_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: record_openings record_openings_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.record_openings
    ADD CONSTRAINT record_openings_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: recovery_phases recovery_phases_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.recovery_phases
    ADD CONSTRAINT recovery_phases_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: recovery_phases recovery_phases_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.recovery_phases
    ADD CONSTRAINT recovery_phases_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: referral_keys referral_keys_referral_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.referral_keys
    ADD CONSTRAINT referral_keys_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES sds.referrals(id);


--
-- Name: referrals referrals_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.referrals
    ADD CONSTRAINT referrals_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: referrals referrals_organisation_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.referrals
    ADD CONSTRAINT referrals_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES sds.organisations(id);


--
-- Name: referrals referrals_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.referrals
    ADD CONSTRAINT referrals_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: referrals referrals_referred_by_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.referrals
    ADD CONSTRAINT referrals_referred_by_id_fkey FOREIGN KEY (referred_by_id) REFERENCES sds.workers(id);


--
-- Name: reviews reviews_budget_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.reviews
    ADD CONSTRAINT reviews_budget_id_fkey FOREIGN KEY (budget_id) REFERENCES sds.budgets(id);


--
-- Name: sign_in_links_used sign_in_links_used_worker_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.sign_in_links_used
    ADD CONSTRAINT sign_in_links_used_worker_id_fkey FOREIGN KEY (worker_id) REFERENCES sds.workers(id);


--
-- Name: spend_evidence spend_evidence_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.spend_evidence
    ADD CONSTRAINT spend_evidence_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: spend_evidence spend_evidence_entry_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.spend_evidence
    ADD CONSTRAINT spend_evidence_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES sds.spends(entry_id);


--
-- Name: spend_evidence spend_evidence_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.spend_evidence
    ADD CONSTRAINT spend_evidence_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: spend_evidence spend_evidence_person_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.spend_evidence
    ADD CONSTRAINT spend_evidence_person_id_fkey FOREIGN KEY (person_id) REFERENCES sds.people(id);


--
-- Name: spends spends_entry_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.spends
    ADD CONSTRAINT spends_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES ledger.entries(id);


--
-- Name: spends spends_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.spends
    ADD CONSTRAINT spends_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: support_plans support_plans_budget_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.support_plans
    ADD CONSTRAINT support_plans_budget_id_fkey FOREIGN KEY (budget_id) REFERENCES sds.budgets(id);


--
-- Name: surplus_discussions surplus_discussions_part_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.surplus_discussions
    ADD CONSTRAINT surplus_discussions_part_id_fkey FOREIGN KEY (part_id) REFERENCES sds.budget_parts(id);


--
-- Name: surplus_discussions surplus_discussions_used_by_entry_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.surplus_discussions
    ADD CONSTRAINT surplus_discussions_used_by_entry_fkey FOREIGN KEY (used_by_entry) REFERENCES ledger.entries(id);


--
-- Name: workers workers_council_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.workers
    ADD CONSTRAINT workers_council_id_fkey FOREIGN KEY (council_id) REFERENCES sds.councils(id);


--
-- Name: workers workers_organisation_id_fkey; Type: FK CONSTRAINT; Schema: sds; Owner: sdsledger
--

ALTER TABLE ONLY sds.workers
    ADD CONSTRAINT workers_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES sds.organisations(id);


--
-- Name: accounts; Type: ROW SECURITY; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ledger.accounts ENABLE ROW LEVEL SECURITY;

--
-- Name: entries append; Type: POLICY; Schema: ledger; Owner: sdsledger
--

CREATE POLICY append ON ledger.entries FOR INSERT WITH CHECK ((council_id = ( SELECT sds.tenant_council() AS tenant_council)));


--
-- Name: balances; Type: ROW SECURITY; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ledger.balances ENABLE ROW LEVEL SECURITY;

--
-- Name: entries; Type: ROW SECURITY; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ledger.entries ENABLE ROW LEVEL SECURITY;

--
-- Name: holds; Type: ROW SECURITY; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ledger.holds ENABLE ROW LEVEL SECURITY;

--
-- Name: instalments_paid; Type: ROW SECURITY; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ledger.instalments_paid ENABLE ROW LEVEL SECURITY;

--
-- Name: balances open_account; Type: POLICY; Schema: ledger; Owner: sdsledger
--

CREATE POLICY open_account ON ledger.balances FOR INSERT WITH CHECK ((council_id = ( SELECT sds.tenant_council() AS tenant_council)));


--
-- Name: postings; Type: ROW SECURITY; Schema: ledger; Owner: sdsledger
--

ALTER TABLE ledger.postings ENABLE ROW LEVEL SECURITY;

--
-- Name: entries read; Type: POLICY; Schema: ledger; Owner: sdsledger
--

CREATE POLICY read ON ledger.entries FOR SELECT USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((NOT ( SELECT sds.tenant_narrowed() AS tenant_narrowed)) OR ledger.entry_visible(id))));


--
-- Name: accounts tenant; Type: POLICY; Schema: ledger; Owner: sdsledger
--

CREATE POLICY tenant ON ledger.accounts USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR ((owner_kind = 'budget_part'::text) AND sds.part_visible(owner_id)))
END));


--
-- Name: balances tenant; Type: POLICY; Schema: ledger; Owner: sdsledger
--

CREATE POLICY tenant ON ledger.balances USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR ledger.account_visible(account_id))
END));


--
-- Name: holds tenant; Type: POLICY; Schema: ledger; Owner: sdsledger
--

CREATE POLICY tenant ON ledger.holds USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR ledger.account_visible(account_id))
END));


--
-- Name: instalments_paid tenant; Type: POLICY; Schema: ledger; Owner: sdsledger
--

CREATE POLICY tenant ON ledger.instalments_paid USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND (NOT ( SELECT sds.tenant_narrowed() AS tenant_narrowed))));


--
-- Name: postings tenant; Type: POLICY; Schema: ledger; Owner: sdsledger
--

CREATE POLICY tenant ON ledger.postings USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR ledger.account_visible(account_id))
END));


--
-- Name: audit_log append; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY append ON sds.audit_log FOR INSERT WITH CHECK ((council_id = ( SELECT sds.tenant_council() AS tenant_council)));


--
-- Name: approvals; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.approvals ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.audit_log ENABLE ROW LEVEL SECURITY;

--
-- Name: bank_details; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.bank_details ENABLE ROW LEVEL SECURITY;

--
-- Name: bank_lines; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.bank_lines ENABLE ROW LEVEL SECURITY;

--
-- Name: bank_statements; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.bank_statements ENABLE ROW LEVEL SECURITY;

--
-- Name: budget_parts; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.budget_parts ENABLE ROW LEVEL SECURITY;

--
-- Name: budgets; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.budgets ENABLE ROW LEVEL SECURITY;

--
-- Name: change_requests; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.change_requests ENABLE ROW LEVEL SECURITY;

--
-- Name: command_results; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.command_results ENABLE ROW LEVEL SECURITY;

--
-- Name: commitments; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.commitments ENABLE ROW LEVEL SECURITY;

--
-- Name: consents; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.consents ENABLE ROW LEVEL SECURITY;

--
-- Name: council_rules; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.council_rules ENABLE ROW LEVEL SECURITY;

--
-- Name: councils; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.councils ENABLE ROW LEVEL SECURITY;

--
-- Name: draft_spends; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.draft_spends ENABLE ROW LEVEL SECURITY;

--
-- Name: erasures; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.erasures ENABLE ROW LEVEL SECURITY;

--
-- Name: excluded_purpose_terms; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.excluded_purpose_terms ENABLE ROW LEVEL SECURITY;

--
-- Name: family_agreements; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.family_agreements ENABLE ROW LEVEL SECURITY;

--
-- Name: family_members; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.family_members ENABLE ROW LEVEL SECURITY;

--
-- Name: organisations; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.organisations ENABLE ROW LEVEL SECURITY;

--
-- Name: session_tenants own; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY own ON sds.session_tenants FOR SELECT USING ((pid = pg_backend_pid()));


--
-- Name: part_categories; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.part_categories ENABLE ROW LEVEL SECURITY;

--
-- Name: payment_batch_instalments; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.payment_batch_instalments ENABLE ROW LEVEL SECURITY;

--
-- Name: payment_batch_payments; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.payment_batch_payments ENABLE ROW LEVEL SECURITY;

--
-- Name: payment_batches; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.payment_batches ENABLE ROW LEVEL SECURITY;

--
-- Name: people; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.people ENABLE ROW LEVEL SECURITY;

--
-- Name: person_changes; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.person_changes ENABLE ROW LEVEL SECURITY;

--
-- Name: person_keys; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.person_keys ENABLE ROW LEVEL SECURITY;

--
-- Name: person_sign_in_codes; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.person_sign_in_codes ENABLE ROW LEVEL SECURITY;

--
-- Name: person_sign_in_links_used; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.person_sign_in_links_used ENABLE ROW LEVEL SECURITY;

--
-- Name: person_sign_in_locks; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.person_sign_in_locks ENABLE ROW LEVEL SECURITY;

--
-- Name: plan_categories; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.plan_categories ENABLE ROW LEVEL SECURITY;

--
-- Name: plan_outcomes; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.plan_outcomes ENABLE ROW LEVEL SECURITY;

--
-- Name: planned_purchases; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.planned_purchases ENABLE ROW LEVEL SECURITY;

--
-- Name: progress_notes; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.progress_notes ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log read; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY read ON sds.audit_log FOR SELECT USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person)))));


--
-- Name: record_openings; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.record_openings ENABLE ROW LEVEL SECURITY;

--
-- Name: recovery_phases; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.recovery_phases ENABLE ROW LEVEL SECURITY;

--
-- Name: referral_keys; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.referral_keys ENABLE ROW LEVEL SECURITY;

--
-- Name: referrals; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.referrals ENABLE ROW LEVEL SECURITY;

--
-- Name: reviews; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.reviews ENABLE ROW LEVEL SECURITY;

--
-- Name: session_tenants; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.session_tenants ENABLE ROW LEVEL SECURITY;

--
-- Name: sign_in_links_used; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.sign_in_links_used ENABLE ROW LEVEL SECURITY;

--
-- Name: spend_evidence; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.spend_evidence ENABLE ROW LEVEL SECURITY;

--
-- Name: spends; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.spends ENABLE ROW LEVEL SECURITY;

--
-- Name: support_plans; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.support_plans ENABLE ROW LEVEL SECURITY;

--
-- Name: surplus_discussions; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.surplus_discussions ENABLE ROW LEVEL SECURITY;

--
-- Name: approvals tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.approvals USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.part_visible(part_id))
END));


--
-- Name: bank_details tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.bank_details USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR (organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)))));


--
-- Name: bank_lines tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.bank_lines USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR (organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)))));


--
-- Name: bank_statements tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.bank_statements USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR (organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)))));


--
-- Name: budget_parts tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.budget_parts USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR (holder_organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)))
END AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person)))));


--
-- Name: budgets tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.budgets USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.organisation_holds(id, ( SELECT sds.tenant_organisation() AS tenant_organisation)))
END));


--
-- Name: change_requests tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.change_requests USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND (( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) AND (NOT ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker))));


--
-- Name: command_results tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.command_results USING ((council_id = ( SELECT sds.tenant_council() AS tenant_council)));


--
-- Name: commitments tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.commitments USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.part_visible(part_id))
END));


--
-- Name: consents tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.consents USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN ((grantee_worker_id = ( SELECT sds.tenant_worker() AS tenant_worker)) OR (grantee_organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)))
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR (grantee_organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)))
END));


--
-- Name: council_rules tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.council_rules USING ((council_id = ( SELECT sds.tenant_council() AS tenant_council)));


--
-- Name: councils tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.councils USING ((id = ( SELECT sds.tenant_council() AS tenant_council)));


--
-- Name: draft_spends tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.draft_spends USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND (( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL)));


--
-- Name: erasures tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.erasures USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND (( SELECT sds.tenant_person() AS tenant_person) IS NULL) AND (( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL)));


--
-- Name: excluded_purpose_terms tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.excluded_purpose_terms USING ((council_id = ( SELECT sds.tenant_council() AS tenant_council)));


--
-- Name: family_agreements tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.family_agreements USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.budget_visible(budget_id))
END));


--
-- Name: family_members tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.family_members USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.organisation_serves(person_id, ( SELECT sds.tenant_organisation() AS tenant_organisation)))
END));


--
-- Name: organisations tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.organisations USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR (id = ( SELECT sds.tenant_organisation() AS tenant_organisation)))));


--
-- Name: part_categories tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.part_categories USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.part_visible(part_id))
END));


--
-- Name: payment_batch_instalments tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.payment_batch_instalments USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND (( SELECT sds.tenant_person() AS tenant_person) IS NULL) AND (( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL)));


--
-- Name: payment_batch_payments tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.payment_batch_payments USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR (organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)))));


--
-- Name: payment_batches tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.payment_batches USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND (( SELECT sds.tenant_person() AS tenant_person) IS NULL) AND (( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL)));


--
-- Name: people tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.people USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.organisation_serves(id, ( SELECT sds.tenant_organisation() AS tenant_organisation)))
END));


--
-- Name: person_changes tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.person_changes USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.organisation_serves(person_id, ( SELECT sds.tenant_organisation() AS tenant_organisation)))
END));


--
-- Name: person_keys tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.person_keys USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person)))));


--
-- Name: plan_categories tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.plan_categories USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.budget_visible(budget_id))
END));


--
-- Name: plan_outcomes tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.plan_outcomes USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.budget_visible(budget_id))
END));


--
-- Name: planned_purchases tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.planned_purchases USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id, 'test-budget'::text)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.budget_visible(budget_id))
END));


--
-- Name: progress_notes tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.progress_notes USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN (sds.consented(person_id, 'test-budget'::text) OR sds.consented(person_id, 'statements'::text))
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.budget_visible(budget_id))
END));


--
-- Name: record_openings tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.record_openings USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND (( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL)));


--
-- Name: recovery_phases tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.recovery_phases USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.organisation_serves(person_id, ( SELECT sds.tenant_organisation() AS tenant_organisation)))
END));


--
-- Name: referral_keys tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.referral_keys USING ((EXISTS ( SELECT
   FROM sds.referrals r
  WHERE (r.id = referral_keys.referral_id))));


--
-- Name: referrals tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.referrals USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND (( SELECT sds.tenant_person() AS tenant_person) IS NULL) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN COALESCE((organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)), ((organisation_id IS NULL) AND (referred_by_id = ( SELECT sds.tenant_worker() AS tenant_worker))))
    ELSE (( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL)
END));


--
-- Name: reviews tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.reviews USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.budget_visible(budget_id))
END));


--
-- Name: spend_evidence tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.spend_evidence USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.part_visible(part_id))
END));


--
-- Name: spends tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.spends USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.part_visible(part_id))
END));


--
-- Name: support_plans tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.support_plans USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.budget_visible(budget_id))
END));


--
-- Name: surplus_discussions tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.surplus_discussions USING (((council_id = ( SELECT sds.tenant_council() AS tenant_council)) AND ((( SELECT sds.tenant_person() AS tenant_person) IS NULL) OR (person_id = ( SELECT sds.tenant_person() AS tenant_person))) AND
CASE
    WHEN ( SELECT sds.tenant_is_recovery_worker() AS tenant_is_recovery_worker) THEN sds.consented(person_id)
    ELSE ((( SELECT sds.tenant_organisation() AS tenant_organisation) IS NULL) OR sds.part_visible(part_id))
END));


--
-- Name: workers tenant; Type: POLICY; Schema: sds; Owner: sdsledger
--

CREATE POLICY tenant ON sds.workers USING (((( SELECT sds.tenant_council() AS tenant_council) IS NOT NULL) AND ((council_id = ( SELECT sds.tenant_council() AS tenant_council)) OR (organisation_id = ( SELECT sds.tenant_organisation() AS tenant_organisation)) OR (organisation_id IN ( SELECT o.id
   FROM sds.organisations o)))));


--
-- Name: workers; Type: ROW SECURITY; Schema: sds; Owner: sdsledger
--

ALTER TABLE sds.workers ENABLE ROW LEVEL SECURITY;

--
-- Name: SCHEMA ledger; Type: ACL; Schema: -; Owner: sdsledger
--

GRANT USAGE ON SCHEMA ledger TO sdsledger_app;
GRANT USAGE ON SCHEMA ledger TO sdsledger_writer;


--
-- Name: SCHEMA sds; Type: ACL; Schema: -; Owner: sdsledger
--

GRANT USAGE ON SCHEMA sds TO sdsledger_app;
GRANT USAGE ON SCHEMA sds TO sdsledger_writer;
GRANT USAGE ON SCHEMA sds TO sdsledger_eraser;


--
-- Name: FUNCTION account_council(); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.account_council() FROM PUBLIC;


--
-- Name: FUNCTION account_visible(p_account uuid); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.account_visible(p_account uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.account_visible(p_account uuid) TO sdsledger_app;
GRANT ALL ON FUNCTION ledger.account_visible(p_account uuid) TO sdsledger_writer;


--
-- Name: FUNCTION canonical(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[]); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.canonical(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.canonical(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[]) TO sdsledger_app;
GRANT ALL ON FUNCTION ledger.canonical(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[]) TO sdsledger_writer;


--
-- Name: FUNCTION check_balance_change(); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.check_balance_change() FROM PUBLIC;


--
-- Name: FUNCTION check_postings_balance(); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.check_postings_balance() FROM PUBLIC;


--
-- Name: FUNCTION entry_visible(p_entry uuid); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.entry_visible(p_entry uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.entry_visible(p_entry uuid) TO sdsledger_app;
GRANT ALL ON FUNCTION ledger.entry_visible(p_entry uuid) TO sdsledger_writer;


--
-- Name: FUNCTION expire_holds(p_now timestamp with time zone); Type: ACL; Schema: ledger; Owner: sdsledger_writer
--

REVOKE ALL ON FUNCTION ledger.expire_holds(p_now timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.expire_holds(p_now timestamp with time zone) TO sdsledger_app;


--
-- Name: FUNCTION in_reach(p_council uuid, p_person uuid, p_account uuid, p_all boolean, p_tenant uuid, p_tenant_person uuid, p_tenant_organisation uuid); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.in_reach(p_council uuid, p_person uuid, p_account uuid, p_all boolean, p_tenant uuid, p_tenant_person uuid, p_tenant_organisation uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.in_reach(p_council uuid, p_person uuid, p_account uuid, p_all boolean, p_tenant uuid, p_tenant_person uuid, p_tenant_organisation uuid) TO sdsledger_writer;


--
-- Name: FUNCTION is_reversed(p_entry uuid); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.is_reversed(p_entry uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.is_reversed(p_entry uuid) TO sdsledger_writer;


--
-- Name: FUNCTION note_instalment_paid(); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.note_instalment_paid() FROM PUBLIC;


--
-- Name: FUNCTION open_account(p_id uuid, p_owner_kind text, p_owner_id uuid, p_kind text, p_name text, p_allow_negative boolean, p_council uuid, p_person uuid); Type: ACL; Schema: ledger; Owner: sdsledger_writer
--

REVOKE ALL ON FUNCTION ledger.open_account(p_id uuid, p_owner_kind text, p_owner_id uuid, p_kind text, p_name text, p_allow_negative boolean, p_council uuid, p_person uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.open_account(p_id uuid, p_owner_kind text, p_owner_id uuid, p_kind text, p_name text, p_allow_negative boolean, p_council uuid, p_person uuid) TO sdsledger_app;


--
-- Name: FUNCTION place_hold(p_id uuid, p_account uuid, p_amount bigint, p_actor text, p_description text, p_key text, p_expires timestamp with time zone, OUT status text, OUT hold_id uuid, OUT available bigint); Type: ACL; Schema: ledger; Owner: sdsledger_writer
--

REVOKE ALL ON FUNCTION ledger.place_hold(p_id uuid, p_account uuid, p_amount bigint, p_actor text, p_description text, p_key text, p_expires timestamp with time zone, OUT status text, OUT hold_id uuid, OUT available bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.place_hold(p_id uuid, p_account uuid, p_amount bigint, p_actor text, p_description text, p_key text, p_expires timestamp with time zone, OUT status text, OUT hold_id uuid, OUT available bigint) TO sdsledger_app;


--
-- Name: FUNCTION post_batch(p_ids uuid[], p_kinds text[], p_dates date[], p_actors text[], p_descriptions text[], p_keys text[], p_entry integer[], p_accounts uuid[], p_amounts bigint[], OUT status text, OUT posted integer, OUT already integer, OUT problem text, OUT entry_index integer); Type: ACL; Schema: ledger; Owner: sdsledger_writer
--

REVOKE ALL ON FUNCTION ledger.post_batch(p_ids uuid[], p_kinds text[], p_dates date[], p_actors text[], p_descriptions text[], p_keys text[], p_entry integer[], p_accounts uuid[], p_amounts bigint[], OUT status text, OUT posted integer, OUT already integer, OUT problem text, OUT entry_index integer) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.post_batch(p_ids uuid[], p_kinds text[], p_dates date[], p_actors text[], p_descriptions text[], p_keys text[], p_entry integer[], p_accounts uuid[], p_amounts bigint[], OUT status text, OUT posted integer, OUT already integer, OUT problem text, OUT entry_index integer) TO sdsledger_app;


--
-- Name: FUNCTION post_entry(p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text, p_accounts uuid[], p_amounts bigint[], p_reverses uuid, p_hold uuid, OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint); Type: ACL; Schema: ledger; Owner: sdsledger_writer
--

REVOKE ALL ON FUNCTION ledger.post_entry(p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text, p_accounts uuid[], p_amounts bigint[], p_reverses uuid, p_hold uuid, OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger.post_entry(p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text, p_accounts uuid[], p_amounts bigint[], p_reverses uuid, p_hold uuid, OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint) FROM sdsledger_writer;
GRANT ALL ON FUNCTION ledger.post_entry(p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text, p_accounts uuid[], p_amounts bigint[], p_reverses uuid, p_hold uuid, OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint) TO sdsledger_app;


--
-- Name: FUNCTION prepare_entry(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[], OUT accounts uuid[], OUT amounts bigint[], OUT request bytea); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.prepare_entry(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[], OUT accounts uuid[], OUT amounts bigint[], OUT request bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.prepare_entry(p_kind text, p_effective date, p_actor text, p_description text, p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[], OUT accounts uuid[], OUT amounts bigint[], OUT request bytea) TO sdsledger_writer;


--
-- Name: FUNCTION refuse_account_change(); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.refuse_account_change() FROM PUBLIC;


--
-- Name: FUNCTION refuse_change(); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.refuse_change() FROM PUBLIC;


--
-- Name: FUNCTION refuse_hold_change(); Type: ACL; Schema: ledger; Owner: sdsledger
--

REVOKE ALL ON FUNCTION ledger.refuse_hold_change() FROM PUBLIC;


--
-- Name: FUNCTION release_hold(p_id uuid, p_expire boolean, OUT status text); Type: ACL; Schema: ledger; Owner: sdsledger_writer
--

REVOKE ALL ON FUNCTION ledger.release_hold(p_id uuid, p_expire boolean, OUT status text) FROM PUBLIC;
GRANT ALL ON FUNCTION ledger.release_hold(p_id uuid, p_expire boolean, OUT status text) TO sdsledger_app;


--
-- Name: FUNCTION act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_expires bigint, p_signature bytea); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_expires bigint, p_signature bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_expires bigint, p_signature bytea) TO sdsledger_app;


--
-- Name: FUNCTION act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_worker uuid, p_expires bigint, p_signature bytea); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_worker uuid, p_expires bigint, p_signature bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_worker uuid, p_expires bigint, p_signature bytea) TO sdsledger_app;


--
-- Name: FUNCTION budget_visible(p_budget uuid); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.budget_visible(p_budget uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.budget_visible(p_budget uuid) TO sdsledger_app;


--
-- Name: FUNCTION consented(p_person uuid, p_what text); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.consented(p_person uuid, p_what text) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.consented(p_person uuid, p_what text) TO sdsledger_app;
GRANT ALL ON FUNCTION sds.consented(p_person uuid, p_what text) TO sdsledger_writer;


--
-- Name: FUNCTION end_staff_sessions(p_worker uuid, p_stamp uuid); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.end_staff_sessions(p_worker uuid, p_stamp uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.end_staff_sessions(p_worker uuid, p_stamp uuid) TO sdsledger_app;


--
-- Name: FUNCTION erase_people(p_people uuid[], p_by_id uuid, p_by text, p_reason text, p_kind text, p_sealed_words text[]); Type: ACL; Schema: sds; Owner: sdsledger_eraser
--

REVOKE ALL ON FUNCTION sds.erase_people(p_people uuid[], p_by_id uuid, p_by text, p_reason text, p_kind text, p_sealed_words text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.erase_people(p_people uuid[], p_by_id uuid, p_by text, p_reason text, p_kind text, p_sealed_words text[]) TO sdsledger_app;


--
-- Name: FUNCTION keep_surplus_discussion(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.keep_surplus_discussion() FROM PUBLIC;


--
-- Name: FUNCTION organisation_holds(p_budget uuid, p_organisation uuid); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.organisation_holds(p_budget uuid, p_organisation uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.organisation_holds(p_budget uuid, p_organisation uuid) TO sdsledger_app;


--
-- Name: FUNCTION organisation_serves(p_person uuid, p_organisation uuid); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.organisation_serves(p_person uuid, p_organisation uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.organisation_serves(p_person uuid, p_organisation uuid) TO sdsledger_app;


--
-- Name: FUNCTION part_takes_budget(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.part_takes_budget() FROM PUBLIC;


--
-- Name: FUNCTION part_visible(p_part uuid); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.part_visible(p_part uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.part_visible(p_part uuid) TO sdsledger_app;
GRANT ALL ON FUNCTION sds.part_visible(p_part uuid) TO sdsledger_writer;


--
-- Name: FUNCTION person_by_link(p_link uuid, p_person uuid, p_expires timestamp with time zone); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.person_by_link(p_link uuid, p_person uuid, p_expires timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.person_by_link(p_link uuid, p_person uuid, p_expires timestamp with time zone) TO sdsledger_app;


--
-- Name: FUNCTION person_security_stamp(p_person uuid); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.person_security_stamp(p_person uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.person_security_stamp(p_person uuid) TO sdsledger_app;


--
-- Name: FUNCTION person_sign_in_finish(p_code uuid, p_hash bytea); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.person_sign_in_finish(p_code uuid, p_hash bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.person_sign_in_finish(p_code uuid, p_hash bytea) TO sdsledger_app;


--
-- Name: FUNCTION person_sign_in_start(p_code uuid, p_channel text, p_match bytea, p_address text, p_hash bytea); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.person_sign_in_start(p_code uuid, p_channel text, p_match bytea, p_address text, p_hash bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.person_sign_in_start(p_code uuid, p_channel text, p_match bytea, p_address text, p_hash bytea) TO sdsledger_app;


--
-- Name: FUNCTION referral_takes_worker_tenancy(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.referral_takes_worker_tenancy() FROM PUBLIC;


--
-- Name: FUNCTION refuse_other_council(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.refuse_other_council() FROM PUBLIC;


--
-- Name: FUNCTION row_takes_budget_tenancy(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.row_takes_budget_tenancy() FROM PUBLIC;


--
-- Name: FUNCTION row_takes_part_tenancy(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.row_takes_part_tenancy() FROM PUBLIC;


--
-- Name: FUNCTION row_takes_person_tenancy(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.row_takes_person_tenancy() FROM PUBLIC;
GRANT ALL ON FUNCTION sds.row_takes_person_tenancy() TO sdsledger_eraser;


--
-- Name: FUNCTION sees_everything(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.sees_everything() FROM PUBLIC;
GRANT ALL ON FUNCTION sds.sees_everything() TO sdsledger_app;
GRANT ALL ON FUNCTION sds.sees_everything() TO sdsledger_writer;
GRANT ALL ON FUNCTION sds.sees_everything() TO sdsledger_eraser;


--
-- Name: FUNCTION staff_by_identity(p_subject text, p_email text); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.staff_by_identity(p_subject text, p_email text) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.staff_by_identity(p_subject text, p_email text) TO sdsledger_app;


--
-- Name: FUNCTION staff_by_link(p_link uuid, p_worker uuid, p_expires timestamp with time zone); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.staff_by_link(p_link uuid, p_worker uuid, p_expires timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.staff_by_link(p_link uuid, p_worker uuid, p_expires timestamp with time zone) TO sdsledger_app;


--
-- Name: FUNCTION staff_security_stamp(p_worker uuid); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.staff_security_stamp(p_worker uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION sds.staff_security_stamp(p_worker uuid) TO sdsledger_app;


--
-- Name: FUNCTION tenant_council(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.tenant_council() FROM PUBLIC;
GRANT ALL ON FUNCTION sds.tenant_council() TO sdsledger_app;
GRANT ALL ON FUNCTION sds.tenant_council() TO sdsledger_writer;
GRANT ALL ON FUNCTION sds.tenant_council() TO sdsledger_eraser;


--
-- Name: FUNCTION tenant_is_recovery_worker(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.tenant_is_recovery_worker() FROM PUBLIC;
GRANT ALL ON FUNCTION sds.tenant_is_recovery_worker() TO sdsledger_app;
GRANT ALL ON FUNCTION sds.tenant_is_recovery_worker() TO sdsledger_writer;


--
-- Name: FUNCTION tenant_narrowed(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.tenant_narrowed() FROM PUBLIC;
GRANT ALL ON FUNCTION sds.tenant_narrowed() TO sdsledger_app;
GRANT ALL ON FUNCTION sds.tenant_narrowed() TO sdsledger_writer;


--
-- Name: FUNCTION tenant_organisation(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.tenant_organisation() FROM PUBLIC;
GRANT ALL ON FUNCTION sds.tenant_organisation() TO sdsledger_app;
GRANT ALL ON FUNCTION sds.tenant_organisation() TO sdsledger_writer;
GRANT ALL ON FUNCTION sds.tenant_organisation() TO sdsledger_eraser;


--
-- Name: FUNCTION tenant_person(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.tenant_person() FROM PUBLIC;
GRANT ALL ON FUNCTION sds.tenant_person() TO sdsledger_app;
GRANT ALL ON FUNCTION sds.tenant_person() TO sdsledger_writer;
GRANT ALL ON FUNCTION sds.tenant_person() TO sdsledger_eraser;


--
-- Name: FUNCTION tenant_worker(); Type: ACL; Schema: sds; Owner: sdsledger
--

REVOKE ALL ON FUNCTION sds.tenant_worker() FROM PUBLIC;
GRANT ALL ON FUNCTION sds.tenant_worker() TO sdsledger_app;
GRANT ALL ON FUNCTION sds.tenant_worker() TO sdsledger_writer;


--
-- Name: TABLE accounts; Type: ACL; Schema: ledger; Owner: sdsledger
--

GRANT SELECT ON TABLE ledger.accounts TO sdsledger_app;
GRANT SELECT,INSERT ON TABLE ledger.accounts TO sdsledger_writer;


--
-- Name: TABLE balances; Type: ACL; Schema: ledger; Owner: sdsledger
--

GRANT SELECT ON TABLE ledger.balances TO sdsledger_app;
GRANT SELECT,INSERT,UPDATE ON TABLE ledger.balances TO sdsledger_writer;


--
-- Name: TABLE entries; Type: ACL; Schema: ledger; Owner: sdsledger
--

GRANT SELECT ON TABLE ledger.entries TO sdsledger_app;
GRANT SELECT,INSERT ON TABLE ledger.entries TO sdsledger_writer;


--
-- Name: TABLE holds; Type: ACL; Schema: ledger; Owner: sdsledger
--

GRANT SELECT ON TABLE ledger.holds TO sdsledger_app;
GRANT SELECT,INSERT,UPDATE ON TABLE ledger.holds TO sdsledger_writer;


--
-- Name: TABLE instalments_paid; Type: ACL; Schema: ledger; Owner: sdsledger
--

GRANT SELECT ON TABLE ledger.instalments_paid TO sdsledger_app;
GRANT SELECT,INSERT,UPDATE ON TABLE ledger.instalments_paid TO sdsledger_writer;


--
-- Name: TABLE postings; Type: ACL; Schema: ledger; Owner: sdsledger
--

GRANT SELECT ON TABLE ledger.postings TO sdsledger_app;
GRANT SELECT,INSERT ON TABLE ledger.postings TO sdsledger_writer;


--
-- Name: TABLE organisations; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.organisations TO sdsledger_app;


--
-- Name: TABLE workers; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.workers TO sdsledger_app;


--
-- Name: TABLE active_staff; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.active_staff TO sdsledger_app;


--
-- Name: TABLE people; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.people TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.people TO sdsledger_eraser;


--
-- Name: TABLE actors; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.actors TO sdsledger_app;


--
-- Name: TABLE approvals; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.approvals TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.approvals TO sdsledger_eraser;


--
-- Name: TABLE audit_log; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.audit_log TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.audit_log TO sdsledger_eraser;


--
-- Name: TABLE bank_details; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.bank_details TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.bank_details TO sdsledger_eraser;


--
-- Name: TABLE bank_lines; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.bank_lines TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.bank_lines TO sdsledger_eraser;


--
-- Name: TABLE bank_statements; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.bank_statements TO sdsledger_app;


--
-- Name: TABLE budget_parts; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.budget_parts TO sdsledger_app;
GRANT SELECT ON TABLE sds.budget_parts TO sdsledger_eraser;


--
-- Name: TABLE budgets; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.budgets TO sdsledger_app;
GRANT SELECT ON TABLE sds.budgets TO sdsledger_eraser;


--
-- Name: TABLE change_requests; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.change_requests TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.change_requests TO sdsledger_eraser;


--
-- Name: TABLE command_results; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.command_results TO sdsledger_app;
GRANT SELECT,DELETE ON TABLE sds.command_results TO sdsledger_eraser;


--
-- Name: TABLE commitments; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.commitments TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.commitments TO sdsledger_eraser;


--
-- Name: TABLE consents; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.consents TO sdsledger_app;


--
-- Name: COLUMN consents.withdrawn_at; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(withdrawn_at) ON TABLE sds.consents TO sdsledger_app;


--
-- Name: COLUMN consents.withdrawn_by_id; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(withdrawn_by_id) ON TABLE sds.consents TO sdsledger_app;


--
-- Name: COLUMN consents.withdrawn_by; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(withdrawn_by) ON TABLE sds.consents TO sdsledger_app;


--
-- Name: TABLE council_rules; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.council_rules TO sdsledger_app;


--
-- Name: TABLE councils; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.councils TO sdsledger_app;


--
-- Name: TABLE draft_spends; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.draft_spends TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.draft_spends TO sdsledger_eraser;


--
-- Name: TABLE erasures; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT ON TABLE sds.erasures TO sdsledger_app;
GRANT SELECT,INSERT ON TABLE sds.erasures TO sdsledger_eraser;


--
-- Name: TABLE excluded_purpose_terms; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,DELETE ON TABLE sds.excluded_purpose_terms TO sdsledger_app;


--
-- Name: TABLE family_agreements; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.family_agreements TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.family_agreements TO sdsledger_eraser;


--
-- Name: TABLE family_members; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.family_members TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.family_members TO sdsledger_eraser;


--
-- Name: TABLE part_categories; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.part_categories TO sdsledger_app;


--
-- Name: TABLE payment_batch_instalments; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.payment_batch_instalments TO sdsledger_app;


--
-- Name: TABLE payment_batch_payments; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.payment_batch_payments TO sdsledger_app;


--
-- Name: TABLE payment_batches; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.payment_batches TO sdsledger_app;


--
-- Name: TABLE person_changes; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.person_changes TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.person_changes TO sdsledger_eraser;


--
-- Name: TABLE person_keys; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.person_keys TO sdsledger_app;
GRANT SELECT,INSERT,UPDATE ON TABLE sds.person_keys TO sdsledger_eraser;


--
-- Name: TABLE person_sign_in_codes; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,DELETE ON TABLE sds.person_sign_in_codes TO sdsledger_eraser;


--
-- Name: TABLE plan_categories; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE sds.plan_categories TO sdsledger_app;


--
-- Name: TABLE plan_outcomes; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.plan_outcomes TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.plan_outcomes TO sdsledger_eraser;


--
-- Name: TABLE planned_purchases; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.planned_purchases TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.planned_purchases TO sdsledger_eraser;


--
-- Name: TABLE progress_notes; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.progress_notes TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.progress_notes TO sdsledger_eraser;


--
-- Name: TABLE record_openings; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.record_openings TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.record_openings TO sdsledger_eraser;


--
-- Name: TABLE recovery_phases; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.recovery_phases TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.recovery_phases TO sdsledger_eraser;


--
-- Name: TABLE referral_keys; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.referral_keys TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.referral_keys TO sdsledger_eraser;


--
-- Name: TABLE referrals; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.referrals TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.referrals TO sdsledger_eraser;


--
-- Name: COLUMN referrals.status; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(status) ON TABLE sds.referrals TO sdsledger_app;


--
-- Name: COLUMN referrals.person_id; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(person_id) ON TABLE sds.referrals TO sdsledger_app;


--
-- Name: COLUMN referrals.decided_by_id; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(decided_by_id) ON TABLE sds.referrals TO sdsledger_app;


--
-- Name: COLUMN referrals.decided_by; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(decided_by) ON TABLE sds.referrals TO sdsledger_app;


--
-- Name: COLUMN referrals.decided_at; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(decided_at) ON TABLE sds.referrals TO sdsledger_app;


--
-- Name: COLUMN referrals.answer; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT UPDATE(answer) ON TABLE sds.referrals TO sdsledger_app;


--
-- Name: TABLE reviews; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.reviews TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.reviews TO sdsledger_eraser;


--
-- Name: TABLE session_tenants; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT ON TABLE sds.session_tenants TO sdsledger_app;
GRANT SELECT ON TABLE sds.session_tenants TO sdsledger_writer;
GRANT SELECT ON TABLE sds.session_tenants TO sdsledger_eraser;


--
-- Name: TABLE spend_evidence; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.spend_evidence TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.spend_evidence TO sdsledger_eraser;


--
-- Name: TABLE spends; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT ON TABLE sds.spends TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.spends TO sdsledger_eraser;


--
-- Name: TABLE support_plans; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.support_plans TO sdsledger_app;


--
-- Name: TABLE surplus_discussions; Type: ACL; Schema: sds; Owner: sdsledger
--

GRANT SELECT,INSERT,UPDATE ON TABLE sds.surplus_discussions TO sdsledger_app;
GRANT SELECT,UPDATE ON TABLE sds.surplus_discussions TO sdsledger_eraser;


--
-- PostgreSQL database dump complete
--



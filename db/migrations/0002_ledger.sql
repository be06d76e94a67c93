-- The double-entry ledger: accounts, balances, journal entries, postings, holds.
-- Amounts are integer pence. Entries and postings are append-only: a correction is a reversal entry.
CREATE SCHEMA ledger;

CREATE TABLE ledger.accounts (
    id             uuid PRIMARY KEY,
    owner_kind     text NOT NULL CHECK (owner_kind IN ('budget_part', 'council', 'organisation', 'person', 'system')),
    owner_id       uuid NOT NULL,
    kind           text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_:-]*$'),
    name           text NOT NULL,
    currency       char(3) NOT NULL DEFAULT 'GBP' CHECK (currency = 'GBP'),
    -- Only a council's funding account may go below zero.
    allow_negative boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (owner_kind, owner_id, kind)
);

-- One row per account; the posting path locks these rows, in account order, and nothing else.
CREATE TABLE ledger.balances (
    account_id uuid PRIMARY KEY REFERENCES ledger.accounts (id),
    posted     bigint NOT NULL DEFAULT 0,
    -- Sum of open holds: reserved, not yet posted.
    pending    bigint NOT NULL DEFAULT 0 CHECK (pending >= 0),
    version    bigint NOT NULL DEFAULT 0,
    -- Hash of the last entry that touched this account: the head of the account's chain.
    last_hash  bytea
);

CREATE TABLE ledger.entries (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('allocation', 'instalment', 'spend', 'capture', 'transfer',
                                                  'return', 'reclaim', 'reversal', 'adjustment', 'opening')),
    effective_date  date NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor           text NOT NULL,
    description     text NOT NULL,
    -- UNIQUE: an entry is reversed at most once.
    reverses        uuid UNIQUE REFERENCES ledger.entries (id),
    idempotency_key text NOT NULL UNIQUE,
    request_hash    bytea NOT NULL,
    -- sha256 over this entry's content and the previous hash of each account it touches.
    hash            bytea NOT NULL
);
CREATE INDEX entries_effective_date ON ledger.entries (effective_date);

-- The primary key makes each account appear once per entry.
CREATE TABLE ledger.postings (
    entry_id        uuid NOT NULL REFERENCES ledger.entries (id),
    account_id      uuid NOT NULL REFERENCES ledger.accounts (id),
    amount          bigint NOT NULL CHECK (amount <> 0),
    balance_after   bigint NOT NULL,
    -- The account's balance version after this posting: orders an account's history.
    account_version bigint NOT NULL,
    effective_date  date NOT NULL,
    PRIMARY KEY (entry_id, account_id),
    UNIQUE (account_id, account_version)
);
CREATE INDEX postings_account_date ON ledger.postings (account_id, effective_date, account_version);

CREATE TABLE ledger.holds (
    id              uuid PRIMARY KEY,
    account_id      uuid NOT NULL REFERENCES ledger.accounts (id),
    amount          bigint NOT NULL CHECK (amount > 0),
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'captured', 'released', 'expired')),
    description     text NOT NULL,
    actor           text NOT NULL,
    idempotency_key text NOT NULL UNIQUE,
    request_hash    bytea NOT NULL,
    expires_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    closed_at       timestamptz,
    captured_amount bigint CHECK (captured_amount > 0),
    capture_entry   uuid REFERENCES ledger.entries (id),
    CHECK ((status = 'open') = (closed_at IS NULL)),
    CHECK (captured_amount IS NULL OR captured_amount <= amount)
);
CREATE INDEX holds_open_by_account ON ledger.holds (account_id) WHERE status = 'open';

-- Each statement that inserts postings must insert every posting of its entries, and they must sum to zero.
CREATE FUNCTION ledger.check_postings_balance() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.entry_id, sum(n.amount) AS total, count(*) AS cnt
      INTO bad
      FROM new_postings n
     GROUP BY n.entry_id
    HAVING sum(n.amount) <> 0
        OR count(*) < 2
        OR count(*) <> (SELECT count(*) FROM ledger.postings p WHERE p.entry_id = n.entry_id)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % is not balanced: its postings sum to % over % posting(s), or it already had postings',
            bad.entry_id, bad.total, bad.cnt
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER postings_balance
    AFTER INSERT ON ledger.postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.check_postings_balance();

CREATE FUNCTION ledger.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger history is append-only: % on % is not allowed; post a reversal entry instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON ledger.entries
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON ledger.entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON ledger.postings
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON ledger.postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- The canonical text of an entry's request: what the idempotency check compares and the hash covers.
-- Every field is length-prefixed (in UTF-8 bytes) so no two requests share a text. Postings in account order.
-- The C# batch writer builds the same text (LedgerCanonical.cs); a test keeps the two in step.
CREATE FUNCTION ledger.canonical(p_kind text, p_effective date, p_actor text, p_description text,
                                 p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[])
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws('|',
        octet_length(p_kind) || ':' || p_kind,
        to_char(p_effective, 'YYYY-MM-DD'),
        octet_length(p_actor) || ':' || p_actor,
        octet_length(p_description) || ':' || p_description,
        coalesce(p_reverses::text, '-'),
        octet_length(p_key) || ':' || p_key,
        (SELECT string_agg(a::text || '=' || m::text, ';' ORDER BY a)
           FROM unnest(p_accounts, p_amounts) AS u(a, m)))
$$;

-- Posts one entry in one round trip. Returns a status rather than raising, so that a refusal is a value:
--   posted | duplicate (same key, same request: the first entry's id) | conflict (same key, other request)
--   insufficient_funds (account, available) | unknown_account | already_reversed | not_found | invalid | hold_not_open
-- Balance rows are locked in account order in one statement, so opposite transfers never deadlock.
CREATE FUNCTION ledger.post_entry(
    p_id uuid, p_kind text, p_effective date, p_actor text, p_description text, p_key text,
    p_accounts uuid[], p_amounts bigint[], p_reverses uuid DEFAULT NULL, p_hold uuid DEFAULT NULL,
    OUT status text, OUT entry_id uuid, OUT account_id uuid, OUT available bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_acc     uuid[];
    v_amt     bigint[];
    v_request bytea;
    v_prev    bytea;
    v_hash    bytea;
    v_locked  int;
    v_hold    ledger.holds%ROWTYPE;
    r         record;
BEGIN
    IF p_reverses IS NOT NULL AND p_accounts IS NULL THEN
        SELECT array_agg(p.account_id ORDER BY p.account_id), array_agg(-p.amount ORDER BY p.account_id)
          INTO p_accounts, p_amounts
          FROM ledger.postings p WHERE p.entry_id = p_reverses;
        IF p_accounts IS NULL THEN
            status := 'not_found'; entry_id := p_reverses; RETURN;
        END IF;
    END IF;

    SELECT array_agg(u.a ORDER BY u.a), array_agg(u.m ORDER BY u.a)
      INTO v_acc, v_amt
      FROM unnest(p_accounts, p_amounts) AS u(a, m);
    IF v_acc IS NULL OR cardinality(v_acc) < 2
       OR cardinality(p_accounts) <> cardinality(p_amounts)
       OR (SELECT sum(m) FROM unnest(v_amt) m) <> 0
       OR EXISTS (SELECT 1 FROM unnest(v_amt) m WHERE m = 0 OR m IS NULL)
       OR (SELECT count(DISTINCT a) FROM unnest(v_acc) a) <> cardinality(v_acc) THEN
        status := 'invalid'; RETURN;
    END IF;

    v_request := sha256(convert_to(ledger.canonical(p_kind, p_effective, p_actor, p_description, p_reverses, p_key, v_acc, v_amt), 'UTF8'));

    -- Lock the balance rows in account order.
    SELECT count(*) INTO v_locked
      FROM (SELECT 1 FROM ledger.balances b WHERE b.account_id = ANY (v_acc) ORDER BY b.account_id FOR UPDATE) l;

    -- After the locks: a concurrent request with the same key has committed or rolled back by now.
    SELECT e.id, e.request_hash INTO r FROM ledger.entries e WHERE e.idempotency_key = p_key;
    IF FOUND THEN
        status := CASE WHEN r.request_hash = v_request THEN 'duplicate' ELSE 'conflict' END;
        entry_id := r.id;
        RETURN;
    END IF;

    IF v_locked <> cardinality(v_acc) THEN
        status := 'unknown_account';
        SELECT a INTO account_id FROM unnest(v_acc) a
         WHERE NOT EXISTS (SELECT 1 FROM ledger.balances b WHERE b.account_id = a) LIMIT 1;
        RETURN;
    END IF;

    IF p_reverses IS NOT NULL AND EXISTS (SELECT 1 FROM ledger.entries e WHERE e.reverses = p_reverses) THEN
        status := 'already_reversed'; entry_id := p_reverses; RETURN;
    END IF;

    IF p_hold IS NOT NULL THEN
        SELECT * INTO v_hold FROM ledger.holds h WHERE h.id = p_hold FOR UPDATE;
        IF NOT FOUND OR v_hold.status <> 'open'
           OR NOT EXISTS (SELECT 1 FROM unnest(v_acc, v_amt) u(a, m)
                           WHERE u.a = v_hold.account_id AND -u.m BETWEEN 1 AND v_hold.amount) THEN
            status := 'hold_not_open'; entry_id := p_hold; RETURN;
        END IF;
    END IF;

    -- Enough available on every account that goes down (a captured hold's own reservation counts as available).
    SELECT b.account_id, b.posted - b.pending AS avail INTO r
      FROM unnest(v_acc, v_amt) AS u(a, m)
      JOIN ledger.balances b ON b.account_id = u.a
      JOIN ledger.accounts ac ON ac.id = u.a
     WHERE u.m < 0 AND NOT ac.allow_negative
       AND b.posted - b.pending + CASE WHEN b.account_id = v_hold.account_id THEN v_hold.amount ELSE 0 END + u.m < 0
     LIMIT 1;
    IF FOUND THEN
        status := 'insufficient_funds'; account_id := r.account_id; available := r.avail; RETURN;
    END IF;

    SELECT string_agg(coalesce(b.last_hash, '\x'::bytea), '\x'::bytea ORDER BY b.account_id) INTO v_prev
      FROM ledger.balances b WHERE b.account_id = ANY (v_acc);
    v_hash := sha256(convert_to(p_id::text || '|', 'UTF8') || v_request || v_prev);

    INSERT INTO ledger.entries (id, kind, effective_date, actor, description, reverses, idempotency_key, request_hash, hash)
    VALUES (p_id, p_kind, p_effective, p_actor, p_description, p_reverses, p_key, v_request, v_hash);

    WITH moved AS (
        UPDATE ledger.balances b
           SET posted = b.posted + u.m,
               pending = b.pending - CASE WHEN b.account_id = v_hold.account_id THEN v_hold.amount ELSE 0 END,
               version = b.version + 1,
               last_hash = v_hash
          FROM unnest(v_acc, v_amt) AS u(a, m)
         WHERE b.account_id = u.a
     RETURNING b.account_id, u.m, b.posted, b.version)
    INSERT INTO ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date)
    SELECT p_id, moved.account_id, moved.m, moved.posted, moved.version, p_effective FROM moved;

    IF p_hold IS NOT NULL THEN
        UPDATE ledger.holds h
           SET status = 'captured', closed_at = clock_timestamp(),
               captured_amount = (SELECT -u.m FROM unnest(v_acc, v_amt) u(a, m) WHERE u.a = v_hold.account_id),
               capture_entry = p_id
         WHERE h.id = p_hold;
    END IF;

    status := 'posted'; entry_id := p_id;
END
$$;

-- Reserves an amount on an account: lowers what is available, posts nothing.
--   placed | duplicate | conflict | insufficient_funds | unknown_account | invalid
CREATE FUNCTION ledger.place_hold(
    p_id uuid, p_account uuid, p_amount bigint, p_actor text, p_description text, p_key text,
    p_expires timestamptz DEFAULT NULL,
    OUT status text, OUT hold_id uuid, OUT available bigint)
LANGUAGE plpgsql AS $$
DECLARE
    v_request bytea;
    v_bal     ledger.balances%ROWTYPE;
    r         record;
BEGIN
    IF p_amount IS NULL OR p_amount <= 0 THEN
        status := 'invalid'; RETURN;
    END IF;
    v_request := sha256(convert_to(concat_ws('|', 'hold', p_account, p_amount, octet_length(p_actor) || ':' || p_actor, coalesce(extract(epoch FROM p_expires)::text, '-'),
                                             octet_length(p_description) || ':' || p_description), 'UTF8'));

    SELECT * INTO v_bal FROM ledger.balances b WHERE b.account_id = p_account FOR UPDATE;

    SELECT h.id, h.request_hash INTO r FROM ledger.holds h WHERE h.idempotency_key = p_key;
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

    INSERT INTO ledger.holds (id, account_id, amount, description, actor, idempotency_key, request_hash, expires_at)
    VALUES (p_id, p_account, p_amount, p_description, p_actor, p_key, v_request, p_expires);
    UPDATE ledger.balances b SET pending = b.pending + p_amount WHERE b.account_id = p_account;
    status := 'placed'; hold_id := p_id; available := v_bal.posted - v_bal.pending - p_amount;
END
$$;

-- Releases an open hold (or marks it expired): the reservation is returned to available.
--   released | expired | not_open | not_found. Releasing twice answers not_open and changes nothing.
CREATE FUNCTION ledger.release_hold(p_id uuid, p_expire boolean DEFAULT false, OUT status text)
LANGUAGE plpgsql AS $$
DECLARE
    v_account uuid;
    v_hold    ledger.holds%ROWTYPE;
BEGIN
    SELECT h.account_id INTO v_account FROM ledger.holds h WHERE h.id = p_id;
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

-- Expires every open hold whose expiry has passed; returns how many.
CREATE FUNCTION ledger.expire_holds(p_now timestamptz DEFAULT now())
RETURNS integer
LANGUAGE plpgsql AS $$
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

-- The application's role: reads and appends history, never rewrites it.
GRANT USAGE ON SCHEMA ledger TO sdsledger_app;
GRANT SELECT, INSERT ON ledger.accounts, ledger.entries, ledger.postings TO sdsledger_app;
GRANT SELECT, INSERT, UPDATE ON ledger.balances, ledger.holds TO sdsledger_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ledger TO sdsledger_app;

-- What every entry's request is, whichever way it is posted: the canonical text the idempotency check compares and
-- the hash covers, and the shape every entry must have. ledger.post_entry and ledger.post_batch both call
-- ledger.prepare_entry, and the audit recomputes request hashes with ledger.canonical, so there is one definition.

-- The canonical text. Every field is length-prefixed (in UTF-8 bytes) so no two requests share a text; postings in
-- account order (the order PostgreSQL sorts uuids in).
CREATE OR REPLACE FUNCTION ledger.canonical(p_kind text, p_effective date, p_actor text, p_description text,
                                            p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[])
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
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

-- An entry's postings in account order and its request hash; accounts is NULL when the entry has no valid shape:
-- fewer than two postings, a missing or zero amount, an account twice, or postings that do not sum to zero.
CREATE OR REPLACE FUNCTION ledger.prepare_entry(p_kind text, p_effective date, p_actor text, p_description text,
                                                p_reverses uuid, p_key text, p_accounts uuid[], p_amounts bigint[],
                                                OUT accounts uuid[], OUT amounts bigint[], OUT request bytea)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
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

-- Whether an entry has been reversed. A function of its own, so that posting anything else (which never asks)
-- does not run the query that an IF with a sub-select would run on every call.
CREATE OR REPLACE FUNCTION ledger.is_reversed(p_entry uuid) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM ledger.entries e WHERE e.reverses = p_entry);
END
$$;

-- Whether the caller may touch a ledger row of this council, person and account: the rule of the row-level security
-- policies on balances, postings and holds, for the functions that run as sdsledger_writer (which bypasses them). The
-- caller's tenancy is passed in, read once per call; a SQL function, so the planner inlines it.
CREATE OR REPLACE FUNCTION ledger.in_reach(p_council uuid, p_person uuid, p_account uuid,
                                           p_all boolean, p_tenant uuid, p_tenant_person uuid, p_tenant_organisation uuid)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p_all OR (p_council = p_tenant
                     AND (p_tenant_person IS NULL OR p_person = p_tenant_person)
                     AND (p_tenant_organisation IS NULL OR ledger.account_visible(p_account)))
$$;

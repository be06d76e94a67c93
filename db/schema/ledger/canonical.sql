-- The canonical text of an entry's request: what the idempotency check compares and the hash covers.
-- Every field is length-prefixed (in UTF-8 bytes) so no two requests share a text. Postings in account order.
-- ledger.post_entry builds the same text inline; the C# batch writer too (LedgerCanonical.cs); a test keeps them in step.
CREATE OR REPLACE FUNCTION ledger.canonical(p_kind text, p_effective date, p_actor text, p_description text,
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

-- Whether an entry has been reversed. A function of its own, so that posting anything else (which never asks)
-- does not run the query that an IF with a sub-select would run on every call.
CREATE OR REPLACE FUNCTION ledger.is_reversed(p_entry uuid) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM ledger.entries e WHERE e.reverses = p_entry);
END
$$;

-- Erasing people (issue 17): sds.erase_people overwrites the plain personal text kept about them in the tables that
-- can change, destroys their data keys (so the ledger's ciphertext about them can no longer be read, anywhere, backups
-- included), and records each erasure. Ids, amounts, dates and categories stay, so balances and reports still add up.
-- One person on request and ten thousand in a retention run take the same path: every statement works on the whole
-- set at once, and the audit trail and stored answers are each read once, however many people are erased.
-- It runs as sdsledger_eraser, the only role the audit trail and the other kept-as-recorded tables let change a row.
--   p_sealed_words: what identifies them that is kept sealed (their family's names, whom a council agreed to pay), as
--   the application opened it: the database cannot read it, and only stored answers, which are for retries alone and
--   which nothing else needs, are searched for it
--   returns, for each person asked for: 'erased', 'already' (erased before: nothing changes) or 'not_found' (no such
--   person for this tenant)
DROP FUNCTION IF EXISTS sds.erase_person(uuid, uuid, uuid, text, text, text);
DROP FUNCTION IF EXISTS sds.erase_people(uuid[], uuid, text, text, text);
CREATE OR REPLACE FUNCTION sds.erase_people(p_people uuid[], p_by_id uuid, p_by text, p_reason text, p_kind text,
                                            p_sealed_words text[] DEFAULT '{}')
RETURNS TABLE (asked_person uuid, result text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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

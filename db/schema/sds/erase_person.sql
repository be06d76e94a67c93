-- Erasing a person (issue 17): sds.erase_person overwrites the plain personal text kept about them in the tables that
-- can change, destroys their data key (so the ledger's ciphertext about them can no longer be read, anywhere, backups
-- included), and records the erasure. Ids, amounts, dates and categories stay, so balances and reports still add up.
-- It runs as sdsledger_eraser, the only role the audit trail and the other kept-as-recorded tables let change a row.
--   returns 'erased', 'already' (erased before: nothing changes) or 'not_found' (no such person for this tenant)
CREATE OR REPLACE FUNCTION sds.erase_person(p_id uuid, p_person uuid, p_by_id uuid, p_by text, p_reason text, p_kind text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_council uuid;
    v_gone    constant text := '(erased)';
    v_needles text[];
    v_ids     text[];
BEGIN
    SELECT p.council_id INTO v_council FROM sds.people p WHERE p.id = p_person FOR UPDATE;
    IF NOT FOUND OR NOT (sds.sees_everything() OR (v_council = sds.tenant_council() AND sds.tenant_person() IS NULL
                                                   AND sds.tenant_organisation() IS NULL)) THEN
        RETURN 'not_found';
    END IF;
    IF EXISTS (SELECT FROM sds.erasures e WHERE e.person_id = p_person) THEN
        RETURN 'already';
    END IF;

    -- What identifies them, as other rows may repeat it (an audit detail, a stored answer): their names, contact details
    -- and family's names, now and before. Short texts are left out, so that erasing "Al" does not blank everyone's trail.
    SELECT array_agg(DISTINCT lower(t)) INTO v_needles
      FROM (SELECT unnest(ARRAY[p.name, p.contact, p.email, p.mobile]) FROM sds.people p WHERE p.id = p_person
            UNION ALL SELECT unnest(ARRAY[c.old_value, c.new_value]) FROM sds.person_changes c
                       WHERE c.person_id = p_person AND c.field IN ('name', 'contact')
            UNION ALL SELECT f.name FROM sds.family_members f WHERE f.person_id = p_person
            UNION ALL SELECT unnest(ARRAY[r.name, r.email, r.mobile]) FROM sds.referrals r WHERE r.person_id = p_person) AS x(t)
     WHERE length(t) >= 4;
    v_needles := coalesce(v_needles, '{}');
    -- Their ids, and their budgets' and parts', as stored answers name them.
    SELECT array_agg(x) INTO v_ids
      FROM (SELECT p_person::text
            UNION ALL SELECT b.id::text FROM sds.budgets b WHERE b.person_id = p_person
            UNION ALL SELECT bp.id::text FROM sds.budget_parts bp WHERE bp.person_id = p_person) AS y(x);

    UPDATE sds.people SET name = 'A person whose record has been erased', date_of_birth = DATE '1900-01-01', contact = '', email = NULL, mobile = NULL
     WHERE id = p_person;
    UPDATE sds.person_changes SET old_value = CASE WHEN field IN ('name', 'contact') AND old_value IS NOT NULL THEN v_gone ELSE old_value END,
                                  new_value = CASE WHEN field IN ('name', 'contact') AND new_value IS NOT NULL THEN v_gone ELSE new_value END
     WHERE person_id = p_person;
    UPDATE sds.family_members SET name = v_gone WHERE person_id = p_person;
    UPDATE sds.family_agreements SET payee = v_gone, reason = v_gone WHERE person_id = p_person;
    UPDATE sds.spends SET payee = v_gone, description = v_gone, evidence = NULL WHERE person_id = p_person;
    UPDATE sds.spend_evidence SET file_name = v_gone, content = '\x00'::bytea, media_type = 'application/pdf' WHERE person_id = p_person;
    UPDATE sds.approvals SET payee = v_gone, description = v_gone,
                             reason = CASE WHEN reason IS NULL THEN NULL ELSE v_gone END,
                             request_reason = CASE WHEN request_reason IS NULL THEN NULL ELSE v_gone END
     WHERE person_id = p_person;
    UPDATE sds.commitments SET payee = v_gone, description = v_gone WHERE person_id = p_person;
    UPDATE sds.draft_spends SET payee = v_gone, reason = CASE WHEN reason IS NULL THEN NULL ELSE v_gone END WHERE person_id = p_person;
    UPDATE sds.change_requests SET details = v_gone, answer = CASE WHEN answer IS NULL THEN NULL ELSE v_gone END WHERE person_id = p_person;
    UPDATE sds.plan_outcomes SET text = v_gone WHERE person_id = p_person;
    UPDATE sds.planned_purchases SET description = v_gone WHERE person_id = p_person;
    UPDATE sds.progress_notes SET what_changed = v_gone, in_own_words = CASE WHEN in_own_words IS NULL THEN NULL ELSE v_gone END
     WHERE person_id = p_person;
    UPDATE sds.recovery_phases SET note = '' WHERE person_id = p_person;
    UPDATE sds.reviews SET agreed = CASE WHEN agreed IS NULL THEN NULL ELSE v_gone END WHERE person_id = p_person;
    UPDATE sds.surplus_discussions SET notes = v_gone WHERE person_id = p_person;
    UPDATE sds.record_openings SET reason = v_gone WHERE person_id = p_person;
    UPDATE sds.bank_details SET account_name = v_gone WHERE person_id = p_person;
    UPDATE sds.bank_lines SET description = v_gone, counterparty = NULL, bank_reference = NULL, merchant = NULL WHERE person_id = p_person;
    -- The self-referral that brought them to the council: who referred them and when stay; what it said about them goes.
    UPDATE sds.referrals SET name = v_gone, date_of_birth = DATE '1900-01-01', email = NULL, mobile = NULL, would_like = v_gone
     WHERE person_id = p_person;
    DELETE FROM sds.person_sign_in_codes WHERE person_id = p_person;

    UPDATE sds.audit_log a SET detail = v_gone
     WHERE a.detail <> v_gone
       AND (a.person_id = p_person OR a.actor_id = p_person
            OR EXISTS (SELECT FROM unnest(v_needles) n WHERE strpos(lower(a.detail), n) > 0));
    UPDATE sds.audit_log a SET actor = 'A person whose record has been erased' WHERE a.actor_id = p_person;
    -- A stored answer is only for a retry of its command; one that names them is removed (a retry runs afresh and,
    -- the person being erased, is refused or writes nothing of theirs).
    DELETE FROM sds.command_results r
     WHERE EXISTS (SELECT FROM unnest(v_ids || v_needles) n WHERE strpos(lower(r.response::text), n) > 0);

    INSERT INTO sds.person_keys AS k (person_id, council_id, wrapped_key, destroyed_at)
    VALUES (p_person, v_council, NULL, clock_timestamp())
    ON CONFLICT (person_id) DO UPDATE SET wrapped_key = NULL, destroyed_at = clock_timestamp() WHERE k.destroyed_at IS NULL;
    INSERT INTO sds.erasures (id, council_id, person_id, erased_by_id, erased_by, reason, kind)
    VALUES (p_id, v_council, p_person, p_by_id, p_by, p_reason, p_kind);
    RETURN 'erased';
END
$$;

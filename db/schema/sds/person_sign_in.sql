-- How people sign in to the web app (tables in db/migrations/0075_people_sign_in.sql). As with staff, sign-in comes
-- before anyone's council is known, so each step is a function that reads, as the owner, only the person it names.

-- Starts a sign-in by code: finds the person with this sign-in address and, unless their sign-in is locked, records the
-- code's HMAC (made by the application with a key the database never sees) for 10 minutes. The address comes as the
-- application compares it (p_channel 'email' or 'sms', p_address an email in lower case or a mobile's 11 digits) and as
-- its match (HMAC under a key derived from the key-encryption key: addresses are kept sealed and found by it); a row
-- written before addresses were sealed is found by its plain address. Returns the person; no row when nobody has that
-- address or their sign-in is locked, so the caller says the same either way.
DROP FUNCTION IF EXISTS sds.person_sign_in_start(uuid, text, bytea);
CREATE OR REPLACE FUNCTION sds.person_sign_in_start(p_code uuid, p_channel text, p_match bytea, p_address text, p_hash bytea)
RETURNS TABLE (person_id uuid, name text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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

-- Finishes a sign-in by code. outcome: 'signed-in' (with the person), 'wrong' (tries_left says how many before the
-- lock), 'locked' (5 wrong tries: no code works until locked_until), or 'unusable' (no such code, used, or expired).
-- A right code works once; each wrong one counts against the person, whichever of their codes it was for.
CREATE OR REPLACE FUNCTION sds.person_sign_in_finish(p_code uuid, p_hash bytea)
RETURNS TABLE (outcome text, tries_left int, locked_until timestamptz, person_id uuid, name text, council_id uuid, council_name text,
               security_stamp uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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

-- Uses a person's sign-in link: the person it names when this is its first use and it has not expired; otherwise no row.
CREATE OR REPLACE FUNCTION sds.person_by_link(p_link uuid, p_person uuid, p_expires timestamptz)
RETURNS TABLE (person_id uuid, name text, council_id uuid, council_name text, security_stamp uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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

-- The person's current security stamp: a session with another has ended.
CREATE OR REPLACE FUNCTION sds.person_security_stamp(p_person uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT security_stamp FROM sds.people WHERE id = p_person
$$;

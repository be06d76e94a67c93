-- How people sign in to the web app (tables in db/migrations/0075_people_sign_in.sql). As with staff, sign-in comes
-- before anyone's council is known, so each step is a function that reads, as the owner, only the person it names.

-- Starts a sign-in by code: finds the person whose email or mobile number this is and, unless their sign-in is locked,
-- records the code's HMAC (made by the application with a key the database never sees) for 10 minutes. Returns where
-- to send it; no row when nobody has that address or their sign-in is locked, so the caller says the same either way.
CREATE OR REPLACE FUNCTION sds.person_sign_in_start(p_code uuid, p_address text, p_hash bytea)
RETURNS TABLE (person_id uuid, name text, channel text, address text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_person sds.people%ROWTYPE;
    v_channel text;
    v_address text := btrim(p_address);
BEGIN
    IF position('@' IN v_address) > 0 THEN
        SELECT * INTO v_person FROM sds.people p WHERE lower(p.email) = lower(v_address);
        v_channel := 'email';
    ELSE
        v_address := regexp_replace(v_address, '[[:space:]()-]', '', 'g');
        IF v_address LIKE '+44%' THEN v_address := '0' || substr(v_address, 4); END IF;
        SELECT * INTO v_person FROM sds.people p
         WHERE regexp_replace(CASE WHEN p.mobile LIKE '+44%' THEN '0' || substr(p.mobile, 4) ELSE p.mobile END, '[[:space:]]', '', 'g') = v_address;
        v_channel := 'sms';
    END IF;
    IF v_person.id IS NULL
       OR EXISTS (SELECT 1 FROM sds.person_sign_in_locks l WHERE l.person_id = v_person.id AND l.locked_until > now()) THEN
        RETURN;
    END IF;
    INSERT INTO sds.person_sign_in_codes (id, person_id, code_hash, channel, expires_at)
    VALUES (p_code, v_person.id, p_hash, v_channel, now() + interval '10 minutes');
    RETURN QUERY SELECT v_person.id, v_person.name, v_channel, CASE v_channel WHEN 'email' THEN v_person.email ELSE v_person.mobile END;
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

-- How council staff sign in to the web app (tables in db/migrations/0040_staff_sign_in.sql). Sign-in happens before
-- anyone's council is known, when row-level security shows no worker at all, so each step is a function that reads, as
-- the owner, only the worker a sign-in names, and nothing else.

-- The workers who may sign in: active ones, each with their council (a provider's or recovery service's staff: the
-- council that registered their organisation).
CREATE OR REPLACE VIEW sds.active_staff WITH (security_invoker = true) AS
    SELECT w.id, w.code, w.name, w.role, coalesce(w.council_id, o.council_id) AS council, w.organisation_id, w.security_stamp,
           w.identity_subject, w.email
      FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
     WHERE w.active;

-- The worker an identity provider's subject names, or else (with no worker holding that subject) its email.
CREATE OR REPLACE FUNCTION sds.staff_by_identity(p_subject text, p_email text)
RETURNS TABLE (id uuid, code text, name text, role text, council_id uuid, council_name text, organisation_id uuid, security_stamp uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT w.id, w.code, w.name, w.role, w.council, (SELECT c.name FROM sds.councils c WHERE c.id = w.council), w.organisation_id, w.security_stamp
      FROM sds.active_staff w
     WHERE w.identity_subject = p_subject
    UNION ALL
    SELECT w.id, w.code, w.name, w.role, w.council, (SELECT c.name FROM sds.councils c WHERE c.id = w.council), w.organisation_id, w.security_stamp
      FROM sds.active_staff w
     WHERE p_email IS NOT NULL AND lower(w.email) = lower(p_email)
       AND NOT EXISTS (SELECT 1 FROM sds.workers s WHERE s.identity_subject = p_subject)
$$;

-- Uses a sign-in link: the worker it names when this is its first use and it has not expired; otherwise no row.
CREATE OR REPLACE FUNCTION sds.staff_by_link(p_link uuid, p_worker uuid, p_expires timestamptz)
RETURNS TABLE (id uuid, code text, name text, role text, council_id uuid, council_name text, organisation_id uuid, security_stamp uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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

-- The worker's current security stamp (null when there is no such worker, or they were deactivated): a session with
-- another stamp has ended.
CREATE OR REPLACE FUNCTION sds.staff_security_stamp(p_worker uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT security_stamp FROM sds.workers WHERE id = p_worker AND active
$$;

-- Ends every session of the worker, given the stamp of one of them (so only someone signed in as them can).
CREATE OR REPLACE FUNCTION sds.end_staff_sessions(p_worker uuid, p_stamp uuid) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    UPDATE sds.workers SET security_stamp = gen_random_uuid()
     WHERE id = p_worker AND security_stamp = p_stamp
    RETURNING true
$$;

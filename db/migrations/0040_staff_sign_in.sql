-- Council staff sign in to the web app. No passwords are kept: a worker is matched to their council's identity
-- provider by its subject (the provider's stable id for them) or their email, or, on a local installation with no
-- provider, by a one-time sign-in link that `sdsledger sign-in-link` prints.
--
-- security_stamp changes when a worker signs out everywhere: every session cookie carries the stamp it was issued
-- with, and a session whose stamp is no longer the worker's is ended at its next request.
ALTER TABLE sds.workers
    ADD COLUMN email text CHECK (email IS NULL OR (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$')),
    ADD COLUMN identity_subject text CHECK (identity_subject IS NULL OR length(identity_subject) BETWEEN 1 AND 255),
    ADD COLUMN security_stamp uuid NOT NULL DEFAULT gen_random_uuid();

CREATE UNIQUE INDEX workers_email ON sds.workers (lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX workers_identity_subject ON sds.workers (identity_subject) WHERE identity_subject IS NOT NULL;

-- Each sign-in link once: the link's id is recorded when it is used, so a second use fails even in another process.
CREATE TABLE sds.sign_in_links_used (
    link_id    uuid PRIMARY KEY,
    worker_id  uuid NOT NULL REFERENCES sds.workers (id),
    used_at    timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
-- No policy: nobody working as sdsledger_app reads or writes it except through sds.staff_by_link below.
ALTER TABLE sds.sign_in_links_used ENABLE ROW LEVEL SECURITY;

-- Sign-in happens before anyone's council is known, when row-level security shows no worker at all. These functions
-- read the one worker a sign-in names, as the owner, and nothing else.

-- The worker an identity provider's subject names, or else (with no worker holding that subject) its email.
CREATE FUNCTION sds.staff_by_identity(p_subject text, p_email text)
RETURNS TABLE (id uuid, code text, name text, role text, council_id uuid, council_name text, organisation_id uuid, security_stamp uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT w.id, w.code, w.name, w.role, w.council_id, (SELECT c.name FROM sds.councils c WHERE c.id = w.council_id), w.organisation_id, w.security_stamp
      FROM sds.workers w
     WHERE w.identity_subject = p_subject
    UNION ALL
    SELECT w.id, w.code, w.name, w.role, w.council_id, (SELECT c.name FROM sds.councils c WHERE c.id = w.council_id), w.organisation_id, w.security_stamp
      FROM sds.workers w
     WHERE p_email IS NOT NULL AND lower(w.email) = lower(p_email)
       AND NOT EXISTS (SELECT 1 FROM sds.workers s WHERE s.identity_subject = p_subject)
$$;

-- Uses a sign-in link: the worker it names when this is its first use and it has not expired; otherwise no row.
CREATE FUNCTION sds.staff_by_link(p_link uuid, p_worker uuid, p_expires timestamptz)
RETURNS TABLE (id uuid, code text, name text, role text, council_id uuid, council_name text, organisation_id uuid, security_stamp uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_expires < now() THEN
        RETURN;
    END IF;
    INSERT INTO sds.sign_in_links_used (link_id, worker_id, expires_at)
    SELECT p_link, w.id, p_expires FROM sds.workers w WHERE w.id = p_worker
    ON CONFLICT (link_id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    RETURN QUERY SELECT w.id, w.code, w.name, w.role, w.council_id, (SELECT c.name FROM sds.councils c WHERE c.id = w.council_id), w.organisation_id, w.security_stamp
                   FROM sds.workers w WHERE w.id = p_worker;
END
$$;

-- The worker's current security stamp (null when there is no such worker): a session with another stamp has ended.
CREATE FUNCTION sds.staff_security_stamp(p_worker uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT security_stamp FROM sds.workers WHERE id = p_worker
$$;

-- Ends every session of the worker, given the stamp of one of them (so only someone signed in as them can).
CREATE FUNCTION sds.end_staff_sessions(p_worker uuid, p_stamp uuid) RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    UPDATE sds.workers SET security_stamp = gen_random_uuid()
     WHERE id = p_worker AND security_stamp = p_stamp
    RETURNING true
$$;

REVOKE ALL ON FUNCTION sds.staff_by_identity(text, text), sds.staff_by_link(uuid, uuid, timestamptz),
                       sds.staff_security_stamp(uuid), sds.end_staff_sessions(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sds.staff_by_identity(text, text), sds.staff_by_link(uuid, uuid, timestamptz),
                          sds.staff_security_stamp(uuid), sds.end_staff_sessions(uuid, uuid) TO sdsledger_app;

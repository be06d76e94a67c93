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
-- No policy: nobody working as sdsledger_app reads or writes it except through sds.staff_by_link (db/schema/sds/staff_sign_in.sql).
ALTER TABLE sds.sign_in_links_used ENABLE ROW LEVEL SECURITY;

-- The functions that find the worker a sign-in names are in db/schema/sds/staff_sign_in.sql.

-- People sign in to the web app without a password: a one-time 6-digit code sent by GOV.UK Notify to the email
-- address or mobile number their council recorded for them, or, on a local installation with no Notify key, a one-time
-- link that `sdsledger sign-in-link --person REF` prints. A code works once, for 10 minutes; 5 wrong tries lock the
-- person's sign-in for 15 minutes. Codes are kept only as an HMAC under a key the database does not hold.
--
-- security_stamp changes when a person signs out everywhere, as a worker's does (0040).
ALTER TABLE sds.people
    ADD COLUMN email text CHECK (email IS NULL OR (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$')),
    ADD COLUMN mobile text CHECK (mobile IS NULL OR mobile ~ '^\+?[0-9]{10,15}$'),
    ADD COLUMN security_stamp uuid NOT NULL DEFAULT gen_random_uuid();

CREATE UNIQUE INDEX people_email ON sds.people (lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX people_mobile ON sds.people (mobile) WHERE mobile IS NOT NULL;

-- Each code sent: who for, its HMAC, where it went (email or sms), until when, when it was used.
CREATE TABLE sds.person_sign_in_codes (
    id         uuid PRIMARY KEY,
    person_id  uuid NOT NULL REFERENCES sds.people (id),
    code_hash  bytea NOT NULL CHECK (length(code_hash) = 32),
    channel    text NOT NULL CHECK (channel IN ('email', 'sms')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX person_sign_in_codes_person ON sds.person_sign_in_codes (person_id, created_at);

-- Wrong codes in a row, and until when the person's sign-in is locked after the fifth.
CREATE TABLE sds.person_sign_in_locks (
    person_id    uuid PRIMARY KEY REFERENCES sds.people (id),
    failures     int NOT NULL DEFAULT 0 CHECK (failures BETWEEN 0 AND 5),
    locked_until timestamptz
);

-- Each person's sign-in link once (as sds.sign_in_links_used for workers).
CREATE TABLE sds.person_sign_in_links_used (
    link_id    uuid PRIMARY KEY,
    person_id  uuid NOT NULL REFERENCES sds.people (id),
    used_at    timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

-- No policy: sdsledger_app reads and writes these only through the functions in db/schema/sds/person_sign_in.sql.
ALTER TABLE sds.person_sign_in_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE sds.person_sign_in_locks ENABLE ROW LEVEL SECURITY;
ALTER TABLE sds.person_sign_in_links_used ENABLE ROW LEVEL SECURITY;

-- A person asks for a change (a new purchase idea, a change to their plan, a review): it waits in their social worker's
-- queue until answered.
CREATE TABLE sds.change_requests (
    id               uuid PRIMARY KEY,
    council_id       uuid NOT NULL REFERENCES sds.councils (id),
    person_id        uuid NOT NULL REFERENCES sds.people (id),
    kind             text NOT NULL CHECK (kind IN ('purchase', 'plan', 'review')),
    details          text NOT NULL CHECK (length(details) BETWEEN 1 AND 2000),
    asked_by_id      uuid NOT NULL,
    asked_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    social_worker_id uuid REFERENCES sds.workers (id),
    answered_by_id   uuid,
    answered_at      timestamptz,
    answer           text CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 2000)
);
CREATE INDEX change_requests_open ON sds.change_requests (council_id, social_worker_id) WHERE answered_at IS NULL;
CREATE INDEX change_requests_person ON sds.change_requests (person_id, asked_at);

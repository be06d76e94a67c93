-- Self-referral (issue 16): a peer or recovery worker starts a referral with a person the council does not know yet:
-- their name, date of birth, how to reach them (optional), what they would like to change in their own words, and
-- whether they agree to the council contacting them. It waits in the council's social work queue until the council
-- accepts it (registering the person, whom the referral then names) or answers it in writing. Who referred, for which
-- organisation and when is kept; it is decided once only.
CREATE TABLE sds.referrals (
    id                uuid PRIMARY KEY,
    council_id        uuid NOT NULL REFERENCES sds.councils (id),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    date_of_birth     date NOT NULL,
    email             text CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254),
    mobile            text CHECK (mobile IS NULL OR mobile ~ '^07[0-9]{9}$'),
    would_like        text NOT NULL CHECK (length(would_like) BETWEEN 1 AND 2000),
    agrees_to_contact boolean NOT NULL,
    referred_by_id    uuid NOT NULL REFERENCES sds.workers (id),
    referred_by       text NOT NULL,
    organisation_id   uuid REFERENCES sds.organisations (id),
    referred_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    status            text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'answered')),
    person_id         uuid REFERENCES sds.people (id),
    decided_by_id     uuid,
    decided_by        text,
    decided_at        timestamptz,
    answer            text CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 2000),
    CHECK ((status = 'new') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by_id IS NULL)
           AND (decided_at IS NULL) = (decided_by IS NULL)),
    CHECK ((status = 'accepted') = (person_id IS NOT NULL)),
    CHECK ((status = 'answered') = (answer IS NOT NULL))
);
CREATE INDEX referrals_new ON sds.referrals (council_id, referred_at) WHERE status = 'new';
CREATE INDEX referrals_organisation ON sds.referrals (organisation_id, referred_at);
CREATE INDEX referrals_worker ON sds.referrals (referred_by_id, referred_at);

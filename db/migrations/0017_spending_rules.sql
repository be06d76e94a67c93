-- Spending rules that could be walked round (issue 14): excluded purposes matched on whole words only, a spend split in
-- two under the approval threshold, family paid without the flag, plan amounts never checked. Tables only; the rules are
-- in src/SdsLedger.Domain/Spending.

-- The approval threshold is for what one payee gets within this many days (a spend split in two is seen whole).
ALTER TABLE sds.council_rules ADD COLUMN approval_window_days int NOT NULL DEFAULT 7 CHECK (approval_window_days BETWEEN 0 AND 31);

-- A council's own words, phrases and merchant category codes for its excluded purposes, added to those SdsLedger ships.
CREATE TABLE sds.excluded_purpose_terms (
    council_id  uuid NOT NULL REFERENCES sds.councils (id),
    purpose     text NOT NULL CHECK (purpose ~ '^[a-z][a-z-]{1,40}$'),
    kind        text NOT NULL CHECK (kind IN ('words', 'merchant-code')),
    term        text NOT NULL CHECK (length(term) BETWEEN 1 AND 60),
    added_by_id uuid NOT NULL,
    added_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (council_id, purpose, kind, term),
    CHECK (kind <> 'merchant-code' OR term ~ '^[0-9]{4}$')
);

-- A second person may approve a spend that an excluded purpose matched wrongly, saying why.
ALTER TABLE sds.approvals ADD COLUMN wrong_match text CHECK (wrong_match ~ '^[a-z][a-z-]{1,40}$');
ALTER TABLE sds.approvals ADD COLUMN request_reason text CHECK (length(request_reason) <= 500);
ALTER TABLE sds.approvals ADD CONSTRAINT approvals_wrong_match_reason CHECK (wrong_match IS NULL OR request_reason IS NOT NULL);

-- A spend from a card feed keeps the merchant category code the platform reported.
ALTER TABLE sds.spends ADD COLUMN merchant_code text CHECK (merchant_code ~ '^[0-9]{4}$');

-- The person's family and household, recorded with their plan: paying one of them needs the council's agreement, whether
-- or not the spend says it is family.
CREATE TABLE sds.family_members (
    id             uuid PRIMARY KEY,
    council_id     uuid NOT NULL REFERENCES sds.councils (id),
    person_id      uuid NOT NULL REFERENCES sds.people (id),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    relationship   text NOT NULL CHECK (length(relationship) BETWEEN 1 AND 60),
    same_household boolean NOT NULL,
    recorded_by_id uuid NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX family_members_person ON sds.family_members (person_id);

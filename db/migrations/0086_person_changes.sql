-- People can be changed (issue 14): each change of a person's name, contact, statement format or social worker is kept,
-- with who made it (their id and their name then) and when. The people row holds the current values.
CREATE TABLE sds.person_changes (
    id             uuid PRIMARY KEY,
    council_id     uuid NOT NULL REFERENCES sds.councils (id),
    person_id      uuid NOT NULL REFERENCES sds.people (id),
    field          text NOT NULL CHECK (field IN ('name', 'contact', 'statement_format', 'social_worker')),
    old_value      text,
    new_value      text,
    changed_by_id  uuid NOT NULL,
    changed_by     text NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX person_changes_person ON sds.person_changes (person_id, changed_at);

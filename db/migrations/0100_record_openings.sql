-- Least access (issue 17): a social worker opens the record of someone not on their caseload only after giving a
-- reason ("break the glass"). Each opening keeps who, whose record, when, why, and until when it stays open for them.
-- Rows are history: never changed, never deleted.
CREATE TABLE sds.record_openings (
    id          uuid PRIMARY KEY,
    council_id  uuid NOT NULL REFERENCES sds.councils (id),
    person_id   uuid NOT NULL REFERENCES sds.people (id),
    worker_id   uuid NOT NULL,
    worker      text NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    opened_at   timestamptz NOT NULL,
    open_until  timestamptz NOT NULL CHECK (open_until > opened_at)
);
CREATE INDEX record_openings_worker ON sds.record_openings (worker_id, person_id, open_until);
CREATE INDEX record_openings_council ON sds.record_openings (council_id, opened_at);

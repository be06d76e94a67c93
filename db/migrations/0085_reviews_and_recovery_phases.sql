-- Reviews that can be done (issue 14): a review row is a date a review is due; doing it records the day, what was agreed
-- and who did it, and the next one is scheduled from it. A scheduled date that a review or a change of recovery phase
-- made moot is marked replaced (kept, not deleted). Recovery phases are dated history of the person, newest in force.

ALTER TABLE sds.reviews ADD COLUMN reason text NOT NULL DEFAULT 'scheduled'
    CHECK (reason IN ('scheduled', 'first', 'yearly', 'six-monthly', 'reassessment'));
ALTER TABLE sds.reviews ADD COLUMN agreed text CHECK (length(agreed) BETWEEN 1 AND 2000);
ALTER TABLE sds.reviews ADD COLUMN done_by_id uuid;
ALTER TABLE sds.reviews ADD COLUMN recorded_at timestamptz;
ALTER TABLE sds.reviews ADD COLUMN replaced_on date;
ALTER TABLE sds.reviews ADD CONSTRAINT reviews_done_or_replaced CHECK (done_on IS NULL OR replaced_on IS NULL);

CREATE TABLE sds.recovery_phases (
    id             uuid PRIMARY KEY,
    council_id     uuid NOT NULL REFERENCES sds.councils (id),
    person_id      uuid NOT NULL REFERENCES sds.people (id),
    phase          text NOT NULL CHECK (phase IN ('stabilisation', 'maintenance', 'recovery')),
    from_date      date NOT NULL,
    relapse        boolean NOT NULL DEFAULT false,
    note           text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    recorded_by_id uuid NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX recovery_phases_person ON sds.recovery_phases (person_id, from_date);

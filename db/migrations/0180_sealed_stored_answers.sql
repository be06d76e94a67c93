-- A stored answer (kept so that a retry of a command gets the first attempt's answer) can repeat what was written about
-- a person: a payee, a reason, a refusal naming their relative. An answer about a person is now stored sealed with
-- their data key, as a JSON string ("enc1:..."), and marked with their id, so that erasing them removes it without
-- reading it. Answers stored before stay plain and are still found by the erasure's search for what identifies them.
ALTER TABLE sds.command_results ADD COLUMN person_id uuid REFERENCES sds.people (id);
CREATE INDEX command_results_person ON sds.command_results (person_id) WHERE person_id IS NOT NULL;

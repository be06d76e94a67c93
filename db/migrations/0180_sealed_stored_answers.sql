-- A stored answer (kept so that a retry of a command gets the first attempt's answer) can repeat what was written about
-- a person: a payee, a reason, a refusal naming their relative. An answer about a person is now stored sealed with
-- their data key, as a JSON string ("enc1:..."), and marked with their id, so that erasing them removes it without
-- reading it. Answers stored before stay plain and are still found by the erasure's search for what identifies them.
-- No index and no foreign key: every spend stores an answer, and the erasure reads the whole table once anyway.
ALTER TABLE sds.command_results ADD COLUMN person_id uuid;

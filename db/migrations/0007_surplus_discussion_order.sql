-- When a surplus discussion was recorded. With no discussion named, a reclaim relies on the latest unused one:
-- latest by the day it was held, then by when it was recorded (not by its random id), so two discussions held
-- on the same day are taken in the order they were written down.
ALTER TABLE sds.surplus_discussions ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT clock_timestamp();

DROP INDEX sds.surplus_discussions_unused;
CREATE INDEX surplus_discussions_unused ON sds.surplus_discussions (part_id, held_on, recorded_at) WHERE used_by_entry IS NULL;

-- The recorded time is kept as recorded, like the rest of the discussion.
CREATE OR REPLACE FUNCTION sds.keep_surplus_discussion() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.used_by_entry IS NULL AND NEW.used_by_entry IS NOT NULL
       AND (NEW.id, NEW.part_id, NEW.held_on, NEW.held_by, NEW.notes, NEW.agreed_amount, NEW.recorded_at)
           IS NOT DISTINCT FROM (OLD.id, OLD.part_id, OLD.held_on, OLD.held_by, OLD.notes, OLD.agreed_amount, OLD.recorded_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a surplus discussion is kept as recorded: % is not allowed except marking it used once; record a new discussion instead', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

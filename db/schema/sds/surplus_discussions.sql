-- A recorded surplus discussion is what a reclaim relied on: the only change allowed is its first (and only) use by a
-- reclaim. Record a new discussion instead of changing one.
CREATE OR REPLACE FUNCTION sds.keep_surplus_discussion() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Erasing the person (sds.erase_person) blanks the notes.
    IF TG_OP = 'UPDATE' AND current_user = 'sdsledger_eraser' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.used_by_entry IS NULL AND NEW.used_by_entry IS NOT NULL
       AND (NEW.id, NEW.part_id, NEW.held_on, NEW.held_by_id, NEW.notes, NEW.agreed_amount, NEW.recorded_at)
           IS NOT DISTINCT FROM (OLD.id, OLD.part_id, OLD.held_on, OLD.held_by_id, OLD.notes, OLD.agreed_amount, OLD.recorded_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a surplus discussion is kept as recorded: % is not allowed except marking it used once; record a new discussion instead', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE TRIGGER surplus_discussions_kept BEFORE UPDATE OR DELETE ON sds.surplus_discussions
    FOR EACH ROW EXECUTE FUNCTION sds.keep_surplus_discussion();

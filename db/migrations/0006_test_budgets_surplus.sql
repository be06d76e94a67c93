-- Test budgets, surplus discussions and the practitioner lists: the lookups they make, and a recorded
-- discussion kept as it was said.

-- A reclaim finds the part's unused discussions; each ledger entry uses at most one discussion.
CREATE INDEX surplus_discussions_unused ON sds.surplus_discussions (part_id, held_on) WHERE used_by_entry IS NULL;
CREATE UNIQUE INDEX surplus_discussions_used_by_entry ON sds.surplus_discussions (used_by_entry) WHERE used_by_entry IS NOT NULL;

-- A caseload is every person whose social worker is the worker.
CREATE INDEX people_social_worker ON sds.people (social_worker_id) WHERE social_worker_id IS NOT NULL;

CREATE INDEX planned_purchases_budget ON sds.planned_purchases (budget_id);

-- A recorded discussion is what the reclaim relied on: the only change allowed is its first (and only) use by a reclaim.
CREATE FUNCTION sds.keep_surplus_discussion() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.used_by_entry IS NULL AND NEW.used_by_entry IS NOT NULL
       AND (NEW.id, NEW.part_id, NEW.held_on, NEW.held_by, NEW.notes, NEW.agreed_amount)
           IS NOT DISTINCT FROM (OLD.id, OLD.part_id, OLD.held_on, OLD.held_by, OLD.notes, OLD.agreed_amount) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a surplus discussion is kept as recorded: % is not allowed except marking it used once; record a new discussion instead', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER surplus_discussions_kept BEFORE UPDATE OR DELETE ON sds.surplus_discussions
    FOR EACH ROW EXECUTE FUNCTION sds.keep_surplus_discussion();

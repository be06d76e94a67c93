-- What a row names belongs to the row's council: a budget's person, a part's holding organisation, a person's social
-- worker, a worker's organisation. The application checks the same before it writes (and answers "not found"); these
-- triggers make it true of every writer, the trusted local path included, which row-level security does not bind.
CREATE OR REPLACE FUNCTION sds.refuse_other_council() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_other boolean := false;
BEGIN
    -- One branch per table: PL/PgSQL prepares each statement when it first runs, for the row type it is given.
    IF TG_TABLE_NAME = 'budgets' THEN
        v_other := NOT EXISTS (SELECT 1 FROM sds.people p WHERE p.id = NEW.person_id AND p.council_id = NEW.council_id);
    ELSIF TG_TABLE_NAME = 'budget_parts' THEN
        v_other := NEW.holder_organisation_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM sds.organisations o WHERE o.id = NEW.holder_organisation_id AND o.council_id = NEW.council_id);
    ELSIF TG_TABLE_NAME = 'people' THEN
        v_other := NEW.social_worker_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM sds.workers w WHERE w.id = NEW.social_worker_id AND w.council_id = NEW.council_id);
    ELSIF TG_TABLE_NAME = 'workers' THEN
        v_other := NEW.organisation_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM sds.organisations o WHERE o.id = NEW.organisation_id
                             AND o.council_id IS NOT DISTINCT FROM coalesce(NEW.council_id, o.council_id));
    END IF;
    IF v_other THEN
        RAISE EXCEPTION 'a row of % names something of another council', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER budgets_one_council AFTER INSERT OR UPDATE OF person_id, council_id ON sds.budgets
    FOR EACH ROW EXECUTE FUNCTION sds.refuse_other_council();
CREATE OR REPLACE TRIGGER budget_parts_one_council AFTER INSERT OR UPDATE OF holder_organisation_id, council_id ON sds.budget_parts
    FOR EACH ROW EXECUTE FUNCTION sds.refuse_other_council();
CREATE OR REPLACE TRIGGER people_one_council AFTER INSERT OR UPDATE OF social_worker_id, council_id ON sds.people
    FOR EACH ROW EXECUTE FUNCTION sds.refuse_other_council();
CREATE OR REPLACE TRIGGER workers_one_council AFTER INSERT OR UPDATE OF organisation_id, council_id ON sds.workers
    FOR EACH ROW EXECUTE FUNCTION sds.refuse_other_council();

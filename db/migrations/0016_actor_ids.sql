-- Everyone who acts is known by a stable id, never by a name (issue 14): a worker's id, or a person's id when they act
-- for themselves. Names change and repeat (two workers may both be "Sam Worker"); ids do not.
--
-- Each "who" column becomes the actor's id. Rows written before this are given the id of the worker (or person) of
-- that name in the row's council when there is exactly one; otherwise they keep no id (the audit trail still names them).

-- A worker can be deactivated: their commands and tokens are refused from then on, and history still names them.
ALTER TABLE sds.workers ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE sds.workers ADD COLUMN deactivated_at timestamptz;

-- The actor's id is the one name-free key of the audit trail; its name column is their name at that moment.
ALTER TABLE sds.audit_log ADD COLUMN actor_id uuid;
CREATE INDEX audit_log_actor_id ON sds.audit_log (actor_id, at);

CREATE FUNCTION pg_temp.actor_named(p_council uuid, p_name text) RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN count(*) = 1 THEN min(id::text)::uuid END
      FROM (SELECT w.id FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
             WHERE coalesce(w.council_id, o.council_id) = p_council AND w.name = p_name
            UNION ALL
            SELECT p.id FROM sds.people p WHERE p.council_id = p_council AND p.name = p_name) named
$$;

DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT * FROM (VALUES
        ('budgets', 'created_by', true), ('support_plans', 'agreed_by', true), ('family_agreements', 'agreed_by', true),
        ('spends', 'recorded_by', true), ('commitments', 'recorded_by', true), ('approvals', 'requested_by', true),
        ('approvals', 'decided_by', false), ('surplus_discussions', 'held_by', true), ('planned_purchases', 'planned_by', true),
        ('progress_notes', 'recorded_by', true), ('council_rules', 'updated_by', true)) AS t(tab, col, always)
    LOOP
        EXECUTE format('ALTER TABLE sds.%I ADD COLUMN %I uuid', c.tab, c.col || '_id');
        EXECUTE format('UPDATE sds.%I SET %I = pg_temp.actor_named(council_id, %I)', c.tab, c.col || '_id', c.col);
        EXECUTE format('ALTER TABLE sds.%I DROP COLUMN %I', c.tab, c.col);
        -- Every row written from now on names its actor (a decision, once made).
        IF c.always THEN
            EXECUTE format('ALTER TABLE sds.%I ADD CONSTRAINT %I CHECK (%I IS NOT NULL) NOT VALID', c.tab, c.tab || '_' || c.col || '_named', c.col || '_id');
        END IF;
    END LOOP;
END
$$;

-- Four eyes: the one who decides is never the one who asked, compared by id.
ALTER TABLE sds.approvals DROP CONSTRAINT IF EXISTS approvals_check;
ALTER TABLE sds.approvals ADD CONSTRAINT approvals_four_eyes CHECK (decided_by_id IS NULL OR decided_by_id <> requested_by_id);

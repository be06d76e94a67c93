-- SdsLedger foundation: the role the application works as.
-- The owner (the connecting user) runs migrations; the application works as sdsledger_app,
-- which gets only the privileges later migrations grant (no UPDATE or DELETE on history).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sdsledger_app') THEN
        CREATE ROLE sdsledger_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
    IF NOT pg_has_role(CURRENT_USER, 'sdsledger_app', 'MEMBER') THEN
        EXECUTE format('GRANT sdsledger_app TO %I', CURRENT_USER);
    END IF;
EXCEPTION
    -- Another database in the same cluster did the same at the same moment.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

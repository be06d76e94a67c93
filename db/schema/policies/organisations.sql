-- Organisations: a council's staff see the organisations their council registered; a provider or recovery service
-- sees itself.
ALTER TABLE sds.organisations ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.organisations;
CREATE POLICY tenant ON sds.organisations
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_organisation()) IS NULL OR id = (SELECT sds.tenant_organisation())));

-- The verified tenant of each server process: a process reads only its own.
ALTER TABLE sds.session_tenants ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own ON sds.session_tenants;
CREATE POLICY own ON sds.session_tenants FOR SELECT
    USING (pid = pg_backend_pid());

-- Stored answers hold budget figures: each belongs to the council it was answered for.
ALTER TABLE sds.command_results ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.command_results;
CREATE POLICY tenant ON sds.command_results
    USING (council_id = (SELECT sds.tenant_council()));

-- The audit trail: a tenant appends rows of its own council only; reading is by council, and a person reads only the
-- rows about them ("who has looked at my record").
ALTER TABLE sds.audit_log ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS append ON sds.audit_log;
CREATE POLICY append ON sds.audit_log FOR INSERT WITH CHECK (council_id = (SELECT sds.tenant_council()));
DROP POLICY IF EXISTS read ON sds.audit_log;
CREATE POLICY read ON sds.audit_log FOR SELECT
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person())));

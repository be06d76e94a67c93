-- A person's consents: the council's staff see their council's; the person their own; a recovery worker (or a
-- provider) only the consents naming them or their organisation.
ALTER TABLE sds.consents ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.consents;
CREATE POLICY tenant ON sds.consents
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
           AND CASE WHEN (SELECT sds.tenant_is_recovery_worker())
                    THEN grantee_worker_id = (SELECT sds.tenant_worker()) OR grantee_organisation_id = (SELECT sds.tenant_organisation())
                    ELSE (SELECT sds.tenant_organisation()) IS NULL OR grantee_organisation_id = (SELECT sds.tenant_organisation()) END);

-- A person's requests for a change: the council's staff see their council's; the person sees their own; an
-- organisation or a recovery worker sees none.
ALTER TABLE sds.change_requests ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.change_requests;
CREATE POLICY tenant ON sds.change_requests
    USING (council_id = (SELECT sds.tenant_council())
           AND ((SELECT sds.tenant_person()) IS NULL OR person_id = (SELECT sds.tenant_person()))
           AND (SELECT sds.tenant_organisation()) IS NULL AND NOT (SELECT sds.tenant_is_recovery_worker()));

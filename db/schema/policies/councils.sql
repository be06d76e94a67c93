-- Councils, their rules and their staff: the council's own rows; a provider's staff also to their organisation.
ALTER TABLE sds.councils ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.councils;
CREATE POLICY tenant ON sds.councils
    USING (id = (SELECT sds.tenant_council()));

ALTER TABLE sds.council_rules ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.council_rules;
CREATE POLICY tenant ON sds.council_rules
    USING (council_id = (SELECT sds.tenant_council()));

ALTER TABLE sds.workers ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.workers;
CREATE POLICY tenant ON sds.workers
    USING ((SELECT sds.tenant_council()) IS NOT NULL
           AND (council_id = (SELECT sds.tenant_council()) OR organisation_id = (SELECT sds.tenant_organisation())));

-- A council's own terms for its excluded purposes.
ALTER TABLE sds.excluded_purpose_terms ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.excluded_purpose_terms;
CREATE POLICY tenant ON sds.excluded_purpose_terms
    USING (council_id = (SELECT sds.tenant_council()));

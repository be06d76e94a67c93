-- Councils, their rules and their staff: the council's own rows; a provider's staff also to their organisation; the
-- staff of the council's organisations to the council's tenants (organisations are seen as organisations.sql says).
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
           AND (council_id = (SELECT sds.tenant_council()) OR organisation_id = (SELECT sds.tenant_organisation())
                -- The staff of the organisations the council registered: a person names their peer worker in a consent.
                OR organisation_id IN (SELECT o.id FROM sds.organisations o)));

-- A council's own terms for its excluded purposes.
ALTER TABLE sds.excluded_purpose_terms ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.excluded_purpose_terms;
CREATE POLICY tenant ON sds.excluded_purpose_terms
    USING (council_id = (SELECT sds.tenant_council()));

-- Referrals: the council's staff see their council's; a recovery worker only their organisation's (or, with no
-- organisation, their own); a provider and a person (who is not known to the council until it accepts) see none.
ALTER TABLE sds.referrals ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.referrals;
CREATE POLICY tenant ON sds.referrals
    USING (council_id = (SELECT sds.tenant_council())
           AND (SELECT sds.tenant_person()) IS NULL
           AND CASE WHEN (SELECT sds.tenant_is_recovery_worker())
                    THEN coalesce(organisation_id = (SELECT sds.tenant_organisation()),
                                  organisation_id IS NULL AND referred_by_id = (SELECT sds.tenant_worker()))
                    ELSE (SELECT sds.tenant_organisation()) IS NULL END);

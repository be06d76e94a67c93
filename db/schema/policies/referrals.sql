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

-- A referral's data key: whoever sees the referral reads it (it is useless without the key-encryption key); it is
-- written once, by the worker who makes the referral, and destroyed only by sds.erase_people.
ALTER TABLE sds.referral_keys ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant ON sds.referral_keys;
CREATE POLICY tenant ON sds.referral_keys
    USING (EXISTS (SELECT FROM sds.referrals r WHERE r.id = referral_keys.referral_id));

-- A referral belongs to the council and organisation of the worker who made it, whatever the insert says: a recovery
-- worker cannot file a referral under another organisation or council.
CREATE OR REPLACE FUNCTION sds.referral_takes_worker_tenancy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT coalesce(w.council_id, o.council_id), w.organisation_id INTO NEW.council_id, NEW.organisation_id
      FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
     WHERE w.id = NEW.referred_by_id;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER referrals_tenancy BEFORE INSERT OR UPDATE OF referred_by_id, council_id, organisation_id ON sds.referrals
    FOR EACH ROW EXECUTE FUNCTION sds.referral_takes_worker_tenancy();

-- Who the transaction acts for, as row-level security sees it.
--
-- The HTTP API (and the web) begin each transaction with sds.act_for(council, role, person, organisation, expiry,
-- signature): the claims signed with HMAC-SHA256 under the key in sds.tenant_key, which only the owner can read. A
-- good signature records the tenant for this server process's current transaction in sds.session_tenants (which
-- only this function writes) and sets the settings sdsledger.person_id and sdsledger.organisation_id (SET LOCAL: nothing
-- outlives the transaction on a pooled connection). A bad or expired one is refused.
--
-- sds.tenant_council() answers only from that record, and only while the person and organisation settings still say
-- what was verified; so set_config alone (an injected statement, say) makes nothing visible: no council, no rows.
-- With no tenant at all, nothing is visible either, except to the installation role and superusers (BYPASSRLS).
-- Policies wrap each function in a sub-select, so PostgreSQL evaluates it once per statement, not once per row.
CREATE OR REPLACE FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_worker uuid, p_expires bigint,
                                       p_signature bytea)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_key    sds.tenant_key%ROWTYPE;
    -- A worker, when the claims name one (a recovery worker, whose consents name them), is signed after the expiry.
    v_claims bytea := convert_to(concat_ws('|', p_council::text, p_role, coalesce(p_person::text, ''), coalesce(p_organisation::text, ''),
                                           p_expires::text) || coalesce('|' || p_worker::text, ''), 'UTF8');
BEGIN
    SELECT * INTO v_key FROM sds.tenant_key;
    IF NOT FOUND OR p_council IS NULL OR p_role IS NULL OR p_expires IS NULL
       OR p_signature IS DISTINCT FROM sha256(v_key.outer_pad || sha256(v_key.inner_pad || v_claims)) THEN
        RAISE EXCEPTION 'the tenant is not signed with this installation''s tenant key' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_expires < extract(epoch FROM statement_timestamp()) THEN
        RAISE EXCEPTION 'the signed tenant expired at %', to_timestamp(p_expires) USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO sds.session_tenants AS t (pid, xact_start, council_id, role, person_id, organisation_id, worker_id)
    VALUES (pg_backend_pid(), transaction_timestamp(), p_council, p_role, p_person, p_organisation, p_worker)
    ON CONFLICT (pid) DO UPDATE
       SET xact_start = excluded.xact_start, council_id = excluded.council_id, role = excluded.role,
           person_id = excluded.person_id, organisation_id = excluded.organisation_id, worker_id = excluded.worker_id;
    PERFORM set_config('sdsledger.person_id', coalesce(p_person::text, ''), true),
            set_config('sdsledger.organisation_id', coalesce(p_organisation::text, ''), true);
END
$$;

-- The same with no worker named (every tenant but a recovery worker).
CREATE OR REPLACE FUNCTION sds.act_for(p_council uuid, p_role text, p_person uuid, p_organisation uuid, p_expires bigint, p_signature bytea)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT sds.act_for(p_council, p_role, p_person, p_organisation, NULL::uuid, p_expires, p_signature)
$$;

-- The council of the verified tenant of this transaction, while the person and organisation settings agree with it.
CREATE OR REPLACE FUNCTION sds.tenant_council() RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT t.council_id
      FROM sds.session_tenants t
     WHERE t.pid = pg_backend_pid() AND t.xact_start = transaction_timestamp()
       AND t.person_id IS NOT DISTINCT FROM nullif(current_setting('sdsledger.person_id', true), '')::uuid
       AND t.organisation_id IS NOT DISTINCT FROM nullif(current_setting('sdsledger.organisation_id', true), '')::uuid
$$;

CREATE OR REPLACE FUNCTION sds.tenant_organisation() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('sdsledger.organisation_id', true), '')::uuid $$;

CREATE OR REPLACE FUNCTION sds.tenant_person() RETURNS uuid
LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('sdsledger.person_id', true), '')::uuid $$;

-- The worker the verified tenant names (a recovery worker's own id), from the record only sds.act_for writes.
CREATE OR REPLACE FUNCTION sds.tenant_worker() RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT t.worker_id FROM sds.session_tenants t
     WHERE t.pid = pg_backend_pid() AND t.xact_start = transaction_timestamp() AND t.council_id = sds.tenant_council()
$$;

-- Whether the verified tenant is a recovery (peer) worker: they see a person only while a consent covers them.
CREATE OR REPLACE FUNCTION sds.tenant_is_recovery_worker() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM sds.session_tenants t
                    WHERE t.pid = pg_backend_pid() AND t.xact_start = transaction_timestamp() AND t.role = 'recovery-worker')
$$;

-- A provider, a recovery worker or a service user: a tenant narrower than a whole council.
CREATE OR REPLACE FUNCTION sds.tenant_narrowed() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT sds.tenant_organisation() IS NOT NULL OR sds.tenant_person() IS NOT NULL OR sds.tenant_is_recovery_worker()
$$;

-- Whether the caller works across the whole installation with no tenant: the installation role or a superuser, which
-- bypass row-level security. The session's role and superuser flag: SECURITY DEFINER changes current_user, not these.
CREATE OR REPLACE FUNCTION sds.sees_everything() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT sds.tenant_council() IS NULL
       AND (current_setting('is_superuser') = 'on' OR current_setting('role') = 'sdsledger_installation')
$$;

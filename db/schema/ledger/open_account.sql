-- Opens an account with its balance row at zero, or answers the one already open for the same owner and kind. The one
-- way accounts are opened: the application may not insert accounts or balances itself. Runs as sdsledger_writer and
-- applies the caller's tenancy: a tenant opens accounts only in its own council, for its own person or the parts its
-- organisation holds. Only a council's funding account may go below zero.
--
-- Safe under concurrency: two transactions opening the same account at once both get its id. The INSERT waits for the
-- other's row and does nothing; the SELECT after it, a new statement, sees the row the other committed.
CREATE OR REPLACE FUNCTION ledger.open_account(p_id uuid, p_owner_kind text, p_owner_id uuid, p_kind text, p_name text,
                                               p_allow_negative boolean, p_council uuid, p_person uuid)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_tenant  uuid := sds.tenant_council();
    v_person  uuid := sds.tenant_person();
    v_org     uuid := sds.tenant_organisation();
    v_all     boolean := sds.sees_everything();
    v_council uuid := coalesce(p_council, v_tenant, CASE WHEN p_owner_kind = 'council' THEN p_owner_id END);
    v_id      uuid;
BEGIN
    IF NOT v_all AND (v_tenant IS NULL OR v_council IS DISTINCT FROM v_tenant
                      OR (v_person IS NOT NULL AND p_person IS DISTINCT FROM v_person)
                      OR (v_org IS NOT NULL AND NOT (p_owner_kind = 'budget_part' AND sds.part_visible(p_owner_id)))) THEN
        RAISE EXCEPTION 'an account can be opened only in the caller''s own council, for what the caller may see'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_allow_negative AND NOT (p_owner_kind = 'council' AND p_kind = 'funding') THEN
        RAISE EXCEPTION 'only a council''s funding account may go below zero' USING ERRCODE = 'check_violation';
    END IF;

    INSERT INTO ledger.accounts (id, owner_kind, owner_id, kind, name, allow_negative, council_id, person_id)
    VALUES (p_id, p_owner_kind, p_owner_id, p_kind, p_name, p_allow_negative, v_council, p_person)
    ON CONFLICT (owner_kind, owner_id, kind) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NOT NULL THEN
        INSERT INTO ledger.balances (account_id, council_id, person_id) VALUES (v_id, v_council, p_person);
        RETURN v_id;
    END IF;

    SELECT a.id INTO v_id FROM ledger.accounts a
     WHERE a.owner_kind = p_owner_kind AND a.owner_id = p_owner_id AND a.kind = p_kind
       AND ledger.in_reach(a.council_id, a.person_id, a.id, v_all, v_tenant, v_person, v_org);
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'that account belongs to someone else' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN v_id;
END
$$;

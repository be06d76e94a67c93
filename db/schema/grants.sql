-- What each role may do, stated whole: everything is revoked and granted again, so this file is the whole truth.
--   sdsledger_app           what the application works as: reads; writes the register (people, budgets, plans, ...);
--                           appends the audit trail and stored answers; moves money only through the ledger's
--                           functions, never by writing a ledger table
--   sdsledger_installation  the trusted local path (command line, demo, tests, benchmarks): sdsledger_app + BYPASSRLS
--   sdsledger_api           the HTTP API's login: can only become sdsledger_app
--   sdsledger_writer        owns the ledger's writing functions: exactly what they read and write; nobody can log in as
--                           it or become it
--   sdsledger_eraser        owns sds.erase_people: overwrites people's personal text and destroys their data key;
--                           nobody can log in as it or become it
-- Functions: nobody but these roles may run any (PUBLIC's default EXECUTE is revoked, now and for functions to come).
REVOKE ALL ON ALL TABLES IN SCHEMA ledger, sds FROM PUBLIC, sdsledger_app, sdsledger_writer, sdsledger_eraser;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ledger, sds FROM PUBLIC, sdsledger_app, sdsledger_writer, sdsledger_eraser;
ALTER DEFAULT PRIVILEGES IN SCHEMA ledger, sds REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

GRANT USAGE ON SCHEMA ledger, sds TO sdsledger_app, sdsledger_writer;

-- The application.
GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO sdsledger_app;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA sds TO sdsledger_app;
REVOKE ALL ON sds.tenant_key FROM sdsledger_app;
-- Used sign-in links are written and read only through sds.staff_by_link.
REVOKE ALL ON sds.sign_in_links_used FROM sdsledger_app;
-- People's sign-in codes, lock-outs and used links likewise, only through db/schema/sds/person_sign_in.sql.
REVOKE ALL ON sds.person_sign_in_codes, sds.person_sign_in_locks, sds.person_sign_in_links_used FROM sdsledger_app;
REVOKE INSERT, UPDATE ON sds.session_tenants FROM sdsledger_app;
REVOKE UPDATE ON sds.audit_log, sds.spends, sds.command_results, sds.family_members, sds.excluded_purpose_terms, sds.recovery_phases,
                 sds.person_changes, sds.record_openings, sds.spend_evidence FROM sdsledger_app;
-- A person's data key is made once and destroyed only by sds.erase_people; an erasure is recorded only by it.
REVOKE UPDATE ON sds.person_keys, sds.referral_keys FROM sdsledger_app;
REVOKE INSERT, UPDATE ON sds.erasures FROM sdsledger_app;
-- A consent is withdrawn, never changed otherwise (who was given what, from when, stays as recorded).
REVOKE UPDATE ON sds.consents FROM sdsledger_app;
GRANT UPDATE (withdrawn_at, withdrawn_by_id, withdrawn_by) ON sds.consents TO sdsledger_app;
-- A referral is decided once (accepted or answered); who referred, whom and what they asked for stay as recorded.
REVOKE UPDATE ON sds.referrals FROM sdsledger_app;
GRANT UPDATE (status, person_id, decided_by_id, decided_by, decided_at, answer) ON sds.referrals TO sdsledger_app;
-- Bank details, payment files and statements are history: a change is a new row. A draft spend changes only when decided.
REVOKE UPDATE ON sds.bank_details, sds.payment_batches, sds.payment_batch_payments, sds.payment_batch_instalments, sds.bank_statements,
                 sds.bank_lines FROM sdsledger_app;
-- A support plan is agreed again as a whole: its categories are replaced. A council's terms for an excluded purpose are its
-- own settings, added and taken away (the audit trail keeps who did which).
GRANT DELETE ON sds.plan_categories, sds.excluded_purpose_terms TO sdsledger_app;
GRANT EXECUTE ON FUNCTION
    ledger.post_entry(uuid, text, date, text, text, text, uuid[], bigint[], uuid, uuid),
    ledger.post_batch(uuid[], text[], date[], text[], text[], text[], int[], uuid[], bigint[]),
    ledger.open_account(uuid, text, uuid, text, text, boolean, uuid, uuid),
    ledger.place_hold(uuid, uuid, bigint, text, text, text, timestamptz),
    ledger.release_hold(uuid, boolean),
    ledger.expire_holds(timestamptz),
    ledger.canonical(text, date, text, text, uuid, text, uuid[], bigint[]),
    sds.act_for(uuid, text, uuid, uuid, bigint, bytea), sds.act_for(uuid, text, uuid, uuid, uuid, bigint, bytea),
    -- Staff sign-in to the web app, before any tenant is set.
    sds.staff_by_identity(text, text), sds.staff_by_link(uuid, uuid, timestamptz), sds.staff_security_stamp(uuid),
    sds.end_staff_sessions(uuid, uuid),
    -- People's sign-in to the web app, before any tenant is set.
    sds.person_sign_in_start(uuid, text, bytea, text, bytea), sds.person_sign_in_finish(uuid, bytea), sds.person_by_link(uuid, uuid, timestamptz),
    sds.person_security_stamp(uuid),
    -- What the row-level security policies call, as the querying role.
    sds.tenant_council(), sds.tenant_person(), sds.tenant_organisation(), sds.tenant_narrowed(), sds.sees_everything(),
    sds.tenant_worker(), sds.tenant_is_recovery_worker(), sds.consented(uuid, text),
    sds.organisation_holds(uuid, uuid), sds.organisation_serves(uuid, uuid), sds.budget_visible(uuid), sds.part_visible(uuid),
    ledger.account_visible(uuid), ledger.entry_visible(uuid),
    sds.erase_people(uuid[], uuid, text, text, text, text[])
    TO sdsledger_app;

-- The ledger's writing functions.
GRANT SELECT, INSERT ON ledger.accounts, ledger.entries, ledger.postings TO sdsledger_writer;
GRANT SELECT, INSERT, UPDATE ON ledger.balances, ledger.holds, ledger.instalments_paid TO sdsledger_writer;
GRANT SELECT ON sds.session_tenants TO sdsledger_writer;
GRANT EXECUTE ON FUNCTION
    ledger.prepare_entry(text, date, text, text, uuid, text, uuid[], bigint[]),
    ledger.canonical(text, date, text, text, uuid, text, uuid[], bigint[]),
    ledger.in_reach(uuid, uuid, uuid, boolean, uuid, uuid, uuid),
    ledger.is_reversed(uuid),
    ledger.release_hold(uuid, boolean),
    sds.tenant_council(), sds.tenant_person(), sds.tenant_organisation(), sds.tenant_narrowed(), sds.sees_everything(),
    sds.tenant_worker(), sds.tenant_is_recovery_worker(), sds.consented(uuid, text),
    sds.part_visible(uuid), ledger.account_visible(uuid), ledger.entry_visible(uuid)
    TO sdsledger_writer;
ALTER FUNCTION ledger.post_entry(uuid, text, date, text, text, text, uuid[], bigint[], uuid, uuid) OWNER TO sdsledger_writer;
ALTER FUNCTION ledger.post_batch(uuid[], text[], date[], text[], text[], text[], int[], uuid[], bigint[]) OWNER TO sdsledger_writer;
ALTER FUNCTION ledger.open_account(uuid, text, uuid, text, text, boolean, uuid, uuid) OWNER TO sdsledger_writer;
ALTER FUNCTION ledger.place_hold(uuid, uuid, bigint, text, text, text, timestamptz) OWNER TO sdsledger_writer;
ALTER FUNCTION ledger.release_hold(uuid, boolean) OWNER TO sdsledger_writer;
ALTER FUNCTION ledger.expire_holds(timestamptz) OWNER TO sdsledger_writer;

-- Erasing a person: exactly the personal text sds.erase_people overwrites, their key and the erasure's record.
GRANT USAGE ON SCHEMA sds TO sdsledger_eraser;
GRANT SELECT ON sds.budgets, sds.budget_parts, sds.session_tenants TO sdsledger_eraser;
GRANT SELECT, UPDATE ON sds.people, sds.person_changes, sds.family_members, sds.family_agreements, sds.spends, sds.spend_evidence,
                       sds.approvals, sds.commitments, sds.draft_spends, sds.change_requests, sds.plan_outcomes,
                       sds.planned_purchases, sds.progress_notes, sds.recovery_phases, sds.reviews, sds.surplus_discussions,
                       sds.record_openings, sds.bank_details, sds.bank_lines, sds.referrals, sds.audit_log TO sdsledger_eraser;
GRANT SELECT, DELETE ON sds.person_sign_in_codes, sds.command_results TO sdsledger_eraser;
GRANT SELECT, INSERT, UPDATE ON sds.person_keys TO sdsledger_eraser;
GRANT SELECT, UPDATE ON sds.referral_keys TO sdsledger_eraser;
GRANT SELECT, INSERT ON sds.erasures TO sdsledger_eraser;
GRANT EXECUTE ON FUNCTION sds.tenant_council(), sds.tenant_person(), sds.tenant_organisation(), sds.sees_everything(),
    sds.row_takes_person_tenancy() TO sdsledger_eraser;
ALTER FUNCTION sds.erase_people(uuid[], uuid, text, text, text, text[]) OWNER TO sdsledger_eraser;

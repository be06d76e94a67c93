-- What each role may do, stated whole: everything is revoked and granted again, so this file is the whole truth.
--   sdsledger_app           what the application works as: reads, and appends history; never rewrites it
--   sdsledger_installation  the trusted local path (command line, demo, tests, benchmarks): sdsledger_app + BYPASSRLS
--   sdsledger_api           the HTTP API's login: can only become sdsledger_app
--   sdsledger_writer        owns ledger.post_entry: exactly what posting reads and writes
REVOKE ALL ON ALL TABLES IN SCHEMA ledger, sds FROM sdsledger_app, sdsledger_writer;

GRANT USAGE ON SCHEMA ledger, sds TO sdsledger_app;
GRANT SELECT, INSERT ON ledger.accounts, ledger.entries, ledger.postings TO sdsledger_app;
GRANT SELECT, INSERT, UPDATE ON ledger.balances, ledger.holds TO sdsledger_app;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA sds TO sdsledger_app;
REVOKE UPDATE ON sds.audit_log, sds.spends, sds.command_results FROM sdsledger_app;
-- A support plan is agreed again as a whole: its categories are replaced.
GRANT DELETE ON sds.plan_categories TO sdsledger_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ledger, sds TO sdsledger_app;

GRANT USAGE ON SCHEMA ledger, sds TO sdsledger_writer;
GRANT SELECT, INSERT ON ledger.entries, ledger.postings TO sdsledger_writer;
GRANT SELECT, UPDATE ON ledger.balances, ledger.holds TO sdsledger_writer;
GRANT SELECT ON ledger.accounts TO sdsledger_writer;
ALTER FUNCTION ledger.post_entry(uuid, text, date, text, text, text, uuid[], bigint[], uuid, uuid) OWNER TO sdsledger_writer;

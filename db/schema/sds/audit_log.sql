-- The audit trail is append-only, like the ledger's history.
CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON sds.audit_log
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON sds.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

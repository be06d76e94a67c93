-- The audit trail is append-only, like the ledger's history. The one change allowed is erasing a person's text from
-- it, by sds.erase_person (which runs as sdsledger_eraser).
CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE DELETE ON sds.audit_log
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE OR REPLACE TRIGGER audit_log_changed_only_by_erasure BEFORE UPDATE ON sds.audit_log
    FOR EACH ROW
    WHEN (current_user <> 'sdsledger_eraser')
    EXECUTE FUNCTION ledger.refuse_change();
CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON sds.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

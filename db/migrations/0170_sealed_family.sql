-- A relative's name, and whom a council agreed to pay from a budget and why, are about the person and their family:
-- sds.family_members.name and sds.family_agreements.payee and reason are written sealed with the person's data key, as
-- their notes are (0140). The spending rules compare a spend's payee with them once opened (a person has a handful),
-- so the index on the plain payee goes. The application allows 200 characters for a name or payee and 500 for the
-- reason; sealed, at most about 900 and 2,100. Rows written before stay plain and read as they are.
ALTER TABLE sds.family_members DROP CONSTRAINT family_members_name_check,
    ADD CONSTRAINT family_members_name_check
        CHECK (length(name) BETWEEN 1 AND CASE WHEN name LIKE 'enc1:%' THEN 900 ELSE 200 END);

ALTER TABLE sds.family_agreements
    ADD CONSTRAINT family_agreements_payee_length
        CHECK (length(payee) BETWEEN 1 AND CASE WHEN payee LIKE 'enc1:%' THEN 900 ELSE 200 END) NOT VALID,
    ADD CONSTRAINT family_agreements_reason_length
        CHECK (length(reason) BETWEEN 1 AND CASE WHEN reason LIKE 'enc1:%' THEN 2100 ELSE 500 END) NOT VALID;

DROP INDEX sds.family_agreements_budget;
CREATE INDEX family_agreements_budget ON sds.family_agreements (budget_id);

-- Whom a person paid, set money aside for or asked approval to pay is theirs, and often someone they know: the payee of
-- sds.spends, sds.commitments and sds.approvals is written sealed with the person's data key, as the descriptions are
-- (0160). The rules that compare payees (a duplicate spend, what a payee got lately without approval) find a spend's
-- earlier spends to the same payee by payee_match: HMAC-SHA256 of the payee (trimmed, lower case) under the person's
-- key, its first 16 bytes, which no one without the key can tie to a name, and no one at all once the key is destroyed.
-- Rows written before have no match and are compared as they are. The application allows 200 characters for a payee;
-- sealed, at most about 900.
ALTER TABLE sds.spends ADD COLUMN payee_match bytea CHECK (octet_length(payee_match) = 16),
    ADD CONSTRAINT spends_payee_length
        CHECK (length(payee) BETWEEN 1 AND CASE WHEN payee LIKE 'enc1:%' THEN 900 ELSE 200 END) NOT VALID;

ALTER TABLE sds.commitments
    ADD CONSTRAINT commitments_payee_length
        CHECK (length(payee) BETWEEN 1 AND CASE WHEN payee LIKE 'enc1:%' THEN 900 ELSE 200 END) NOT VALID;

ALTER TABLE sds.approvals
    ADD CONSTRAINT approvals_payee_length
        CHECK (length(payee) BETWEEN 1 AND CASE WHEN payee LIKE 'enc1:%' THEN 900 ELSE 200 END) NOT VALID;

-- The duplicate rule's index: by part, payee match and day (rows written before have none, and are few per part).
DROP INDEX sds.spends_duplicates;
CREATE INDEX spends_duplicates ON sds.spends (part_id, payee_match, spent_on);

-- What was bought, and what money is set aside or asked to be approved for, is about the person ("Counselling with
-- Dr Brae", "Rent arrears to my sister"): sds.spends.description, sds.commitments.description, and sds.approvals'
-- description, the reason asked with it and the reason it was decided with, are written sealed with the person's data
-- key, as their notes are (0140). Payees stay plain for now: the duplicate, approval-window and family rules and bank
-- reconciliation match them by value. The lengths the application allows are of the plain text (300 characters for a
-- description or a decision's note, 500 for a reason asked with a request); sealed, at most about 1,300 and 2,100.
-- Rows written before stay plain and read as they are; the new limits are checked for rows written from now on.
ALTER TABLE sds.spends
    ADD CONSTRAINT spends_description_length
        CHECK (length(description) BETWEEN 1 AND CASE WHEN description LIKE 'enc1:%' THEN 1300 ELSE 300 END) NOT VALID;

ALTER TABLE sds.commitments
    ADD CONSTRAINT commitments_description_length
        CHECK (length(description) BETWEEN 1 AND CASE WHEN description LIKE 'enc1:%' THEN 1300 ELSE 300 END) NOT VALID;

ALTER TABLE sds.approvals
    ADD CONSTRAINT approvals_description_length
        CHECK (length(description) BETWEEN 1 AND CASE WHEN description LIKE 'enc1:%' THEN 1300 ELSE 300 END) NOT VALID,
    ADD CONSTRAINT approvals_reason_length
        CHECK (length(reason) <= CASE WHEN reason LIKE 'enc1:%' THEN 1300 ELSE 300 END) NOT VALID,
    DROP CONSTRAINT approvals_request_reason_check,
    ADD CONSTRAINT approvals_request_reason_check
        CHECK (length(request_reason) <= CASE WHEN request_reason LIKE 'enc1:%' THEN 2100 ELSE 500 END);

-- Notes about a person's care kept sealed (issue 17). Progress notes (what changed and their own words), what was agreed
-- at a review, a recovery phase's note, what a person asked their social worker for, the outcomes of their plans in their
-- words, what they plan to buy with a test budget and the notes of a surplus discussion are written sealed with the
-- person's data key (sds.person_keys), as ledger text is: "enc1:" + their id + ":" + base64 of nonce, ciphertext and tag.
-- The lengths the application allows are of the plain text; a sealed text is about four thirds of its UTF-8 bytes plus
-- 75 characters, and a character is at most three UTF-8 bytes. Rows written before stay plain and read as they are.
ALTER TABLE sds.progress_notes
    ADD CONSTRAINT progress_notes_what_changed_length
        CHECK (length(what_changed) BETWEEN 1 AND CASE WHEN what_changed LIKE 'enc1:%' THEN 4100 ELSE 1000 END),
    ADD CONSTRAINT progress_notes_in_own_words_length
        CHECK (length(in_own_words) BETWEEN 1 AND CASE WHEN in_own_words LIKE 'enc1:%' THEN 4100 ELSE 1000 END);

ALTER TABLE sds.reviews DROP CONSTRAINT reviews_agreed_check,
    ADD CONSTRAINT reviews_agreed_check
        CHECK (length(agreed) BETWEEN 1 AND CASE WHEN agreed LIKE 'enc1:%' THEN 8100 ELSE 2000 END);

ALTER TABLE sds.recovery_phases DROP CONSTRAINT recovery_phases_note_check,
    ADD CONSTRAINT recovery_phases_note_check
        CHECK (length(note) <= CASE WHEN note LIKE 'enc1:%' THEN 2100 ELSE 500 END);

ALTER TABLE sds.change_requests DROP CONSTRAINT change_requests_details_check,
    ADD CONSTRAINT change_requests_details_check
        CHECK (length(details) BETWEEN 1 AND CASE WHEN details LIKE 'enc1:%' THEN 8100 ELSE 2000 END);

ALTER TABLE sds.plan_outcomes
    ADD CONSTRAINT plan_outcomes_text_length
        CHECK (length(text) BETWEEN 1 AND CASE WHEN text LIKE 'enc1:%' THEN 1300 ELSE 300 END);

ALTER TABLE sds.planned_purchases
    ADD CONSTRAINT planned_purchases_description_length
        CHECK (length(description) BETWEEN 1 AND CASE WHEN description LIKE 'enc1:%' THEN 1300 ELSE 300 END);

ALTER TABLE sds.surplus_discussions
    ADD CONSTRAINT surplus_discussions_notes_length
        CHECK (length(notes) BETWEEN 1 AND CASE WHEN notes LIKE 'enc1:%' THEN 8100 ELSE 2000 END);

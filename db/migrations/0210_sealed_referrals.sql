-- What a self-referral says about someone the council does not know yet (their name, email address, mobile number and
-- what they would like to change in their life), and the social worker's answer to it, is written sealed, as text about a registered person is, with a data key
-- of the referral's own: there is no person, and so no person's key, until the referral is accepted. The key is kept
-- wrapped by the key-encryption key in sds.referral_keys, made with the referral and destroyed, with the person's, when
-- the person it became is erased. Rows written before stay plain until erasure overwrites them.
CREATE TABLE sds.referral_keys (
    referral_id  uuid PRIMARY KEY REFERENCES sds.referrals (id),
    wrapped_key  bytea CHECK (wrapped_key IS NULL OR octet_length(wrapped_key) = 60),
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    destroyed_at timestamptz,
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

ALTER TABLE sds.referrals
    DROP CONSTRAINT referrals_name_check,
    ADD CONSTRAINT referrals_name_check CHECK (length(name) BETWEEN 1 AND CASE WHEN name LIKE 'enc1:%' THEN 1200 ELSE 200 END),
    DROP CONSTRAINT referrals_email_check,
    ADD CONSTRAINT referrals_email_check CHECK (email IS NULL OR length(email) BETWEEN 3 AND CASE WHEN email LIKE 'enc1:%' THEN 600 ELSE 254 END),
    DROP CONSTRAINT referrals_mobile_check,
    ADD CONSTRAINT referrals_mobile_check CHECK (mobile IS NULL OR mobile ~ '^07[0-9]{9}$' OR (mobile LIKE 'enc1:%' AND length(mobile) <= 200)),
    DROP CONSTRAINT referrals_would_like_check,
    ADD CONSTRAINT referrals_would_like_check
        CHECK (length(would_like) BETWEEN 1 AND CASE WHEN would_like LIKE 'enc1:%' THEN 12000 ELSE 2000 END),
    DROP CONSTRAINT referrals_answer_check,
    ADD CONSTRAINT referrals_answer_check
        CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND CASE WHEN answer LIKE 'enc1:%' THEN 12000 ELSE 2000 END);

-- Where a person's sign-in codes go (their email address and mobile number) is written sealed with their data key, as
-- their other contact details are. Sign-in comes before anyone is known, so a person is found by email_match or
-- mobile_match: HMAC-SHA256 of the address as it is compared (an email trimmed and in lower case; a mobile number as
-- its 11 digits from 07) under a key derived from the installation's key-encryption key, which the database never
-- holds. Without that key no one can tie a match to an address; an erasure clears both. One person an address: the
-- unique indexes refuse a second, whatever the application checks first. Rows written before have no match and are
-- found, and kept unique, by the plain address as before.
ALTER TABLE sds.people
    ADD COLUMN email_match bytea CHECK (octet_length(email_match) = 32),
    ADD COLUMN mobile_match bytea CHECK (octet_length(mobile_match) = 32),
    DROP CONSTRAINT people_email_check,
    ADD CONSTRAINT people_email_check
        CHECK (email IS NULL OR (email LIKE 'enc1:%' AND length(email) <= 600)
               OR (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+$')),
    DROP CONSTRAINT people_mobile_check,
    ADD CONSTRAINT people_mobile_check
        CHECK (mobile IS NULL OR (mobile LIKE 'enc1:%' AND length(mobile) <= 200) OR mobile ~ '^\+?[0-9]{10,15}$'),
    ADD CONSTRAINT people_email_sealed_with_match CHECK ((email_match IS NOT NULL) = coalesce(email LIKE 'enc1:%', false)),
    ADD CONSTRAINT people_mobile_sealed_with_match CHECK ((mobile_match IS NOT NULL) = coalesce(mobile LIKE 'enc1:%', false));

CREATE UNIQUE INDEX people_email_match ON sds.people (email_match) WHERE email_match IS NOT NULL;
CREATE UNIQUE INDEX people_mobile_match ON sds.people (mobile_match) WHERE mobile_match IS NOT NULL;

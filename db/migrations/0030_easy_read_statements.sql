-- A person may ask for Easy Read statements as well as standard or large print (codes as StatementFormats.Code writes them).
ALTER TABLE sds.people
    DROP CONSTRAINT people_statement_format_check,
    ADD CONSTRAINT people_statement_format_check CHECK (statement_format IN ('standard', 'large-print', 'easy-read'));

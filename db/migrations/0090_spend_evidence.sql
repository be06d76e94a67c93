-- Evidence of a spend (issue 16): a receipt or invoice, as a PDF, JPEG or PNG file of at most 10 MB, kept in the
-- database beside the spend it proves. Each file carries its spend's part, council and person (row_tenancy.sql), so the
-- same row-level security as the spend's shows it only to whoever may see that spend. A file is never changed; another
-- file is attached instead.
CREATE TABLE sds.spend_evidence (
    id              uuid PRIMARY KEY,
    entry_id        uuid NOT NULL REFERENCES sds.spends (entry_id),
    part_id         uuid NOT NULL REFERENCES sds.budget_parts (id),
    council_id      uuid NOT NULL REFERENCES sds.councils (id),
    person_id       uuid NOT NULL REFERENCES sds.people (id),
    file_name       text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    media_type      text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    content         bytea NOT NULL CHECK (octet_length(content) BETWEEN 1 AND 10485760),
    uploaded_by_id  uuid NOT NULL,
    uploaded_by     text NOT NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX spend_evidence_entry ON sds.spend_evidence (entry_id);
CREATE INDEX spend_evidence_part ON sds.spend_evidence (part_id);

-- Commitments remember the approval they relied on, so the spend that captures one records it too.
ALTER TABLE sds.commitments ADD COLUMN approval_id uuid REFERENCES sds.approvals (id);

-- The spending rules read a part's open commitments on every spend.
CREATE INDEX commitments_part ON sds.commitments (part_id);

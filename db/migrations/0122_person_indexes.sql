-- Every table that holds rows about a person can find them by person_id without reading the whole table: a subject
-- access export (and an erasure) reads each of them for one person. The tables written by every spend (ledger.postings,
-- sds.spends) get no index of their own, so that spending pays nothing for it: the export reaches their rows through the
-- person's accounts and budget parts, whose keys they are indexed by.
CREATE INDEX budget_parts_person ON sds.budget_parts (person_id);
CREATE INDEX plan_outcomes_person ON sds.plan_outcomes (person_id);
CREATE INDEX plan_categories_person ON sds.plan_categories (person_id);
CREATE INDEX part_categories_person ON sds.part_categories (person_id);
CREATE INDEX reviews_person ON sds.reviews (person_id);
CREATE INDEX support_plans_person ON sds.support_plans (person_id);
CREATE INDEX progress_notes_person ON sds.progress_notes (person_id);
CREATE INDEX planned_purchases_person ON sds.planned_purchases (person_id);
CREATE INDEX commitments_person ON sds.commitments (person_id);
CREATE INDEX approvals_person ON sds.approvals (person_id);
CREATE INDEX spend_evidence_person ON sds.spend_evidence (person_id);
CREATE INDEX surplus_discussions_person ON sds.surplus_discussions (person_id);
CREATE INDEX record_openings_person ON sds.record_openings (person_id);
CREATE INDEX bank_statements_person ON sds.bank_statements (person_id);
CREATE INDEX bank_lines_person ON sds.bank_lines (person_id);
CREATE INDEX draft_spends_person ON sds.draft_spends (person_id);
CREATE INDEX family_agreements_person ON sds.family_agreements (person_id);
CREATE INDEX accounts_person ON ledger.accounts (person_id);
CREATE INDEX balances_person ON ledger.balances (person_id);
CREATE INDEX holds_person ON ledger.holds (person_id);

-- Self-directed support: councils and their rules, people, workers, providers, budgets and their parts,
-- support plans, test budgets, approvals, surplus discussions, and the audit trail.
-- Money lives only in the ledger; these tables say what the money is for and who may move it.
CREATE SCHEMA sds;

CREATE TABLE sds.councils (
    id              uuid PRIMARY KEY,
    code            text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{2,32}$'),
    name            text NOT NULL,
    contact         text NOT NULL,
    funding_account uuid NOT NULL REFERENCES ledger.accounts (id)
);

-- One row per council, changed without code (sdsledger council rules).
CREATE TABLE sds.council_rules (
    council_id          uuid PRIMARY KEY REFERENCES sds.councils (id),
    approval_threshold  bigint NOT NULL DEFAULT 25000 CHECK (approval_threshold >= 0),
    excluded_purposes   text[] NOT NULL DEFAULT ARRAY['gambling', 'alcohol', 'tobacco', 'illegal', 'investments', 'nhs-provided'],
    test_budget_cap     bigint NOT NULL DEFAULT 25000 CHECK (test_budget_cap > 0),
    test_budget_weeks   int NOT NULL DEFAULT 12 CHECK (test_budget_weeks > 0),
    surplus_weeks       int NOT NULL DEFAULT 8 CHECK (surplus_weeks > 0),
    instalment_weeks    int NOT NULL DEFAULT 4 CHECK (instalment_weeks > 0),
    duplicate_days      int NOT NULL DEFAULT 3 CHECK (duplicate_days >= 0),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text NOT NULL DEFAULT 'setup'
);

CREATE TABLE sds.organisations (
    id      uuid PRIMARY KEY,
    code    text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{2,40}$'),
    name    text NOT NULL,
    contact text NOT NULL DEFAULT ''
);

CREATE TABLE sds.workers (
    id         uuid PRIMARY KEY,
    council_id uuid REFERENCES sds.councils (id),
    organisation_id uuid REFERENCES sds.organisations (id),
    code       text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{2,40}$'),
    name       text NOT NULL,
    role       text NOT NULL CHECK (role IN ('social-worker', 'council-finance', 'recovery-worker', 'provider', 'auditor')),
    CHECK (role NOT IN ('provider', 'recovery-worker') OR organisation_id IS NOT NULL OR council_id IS NOT NULL),
    CHECK (role <> 'provider' OR organisation_id IS NOT NULL),
    CHECK (role IN ('provider', 'recovery-worker') OR council_id IS NOT NULL)
);

-- Only what statements and the rules need: no health details beyond the budget's purpose.
CREATE TABLE sds.people (
    id               uuid PRIMARY KEY,
    council_id       uuid NOT NULL REFERENCES sds.councils (id),
    reference        text NOT NULL CHECK (reference ~ '^[A-Za-z0-9-]{2,32}$'),
    name             text NOT NULL,
    date_of_birth    date NOT NULL,
    contact          text NOT NULL DEFAULT '',
    statement_format text NOT NULL DEFAULT 'standard' CHECK (statement_format IN ('standard', 'large-print')),
    social_worker_id uuid REFERENCES sds.workers (id),
    UNIQUE (council_id, reference)
);

CREATE TABLE sds.budgets (
    id           uuid PRIMARY KEY,
    council_id   uuid NOT NULL REFERENCES sds.councils (id),
    person_id    uuid NOT NULL REFERENCES sds.people (id),
    is_test      boolean NOT NULL DEFAULT false,
    period_start date NOT NULL,
    period_end   date NOT NULL,
    agreed_total bigint NOT NULL CHECK (agreed_total > 0),
    status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'ended')),
    closed       boolean NOT NULL DEFAULT false,
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (period_end > period_start)
);
CREATE INDEX budgets_person ON sds.budgets (person_id);
CREATE INDEX budgets_council_status ON sds.budgets (council_id, status);

CREATE TABLE sds.budget_parts (
    id                 uuid PRIMARY KEY,
    budget_id          uuid NOT NULL REFERENCES sds.budgets (id),
    position           int NOT NULL,
    option             smallint NOT NULL CHECK (option IN (1, 2, 3)),
    holder_kind        text NOT NULL CHECK (holder_kind IN ('person', 'third-party', 'council', 'organisation')),
    holder_organisation_id uuid REFERENCES sds.organisations (id),
    holder_name        text NOT NULL,
    amount             bigint NOT NULL CHECK (amount > 0),
    -- 0: paid in one instalment at the start (test budgets).
    instalment_weeks   int NOT NULL CHECK (instalment_weeks >= 0),
    allocation_account uuid NOT NULL REFERENCES ledger.accounts (id),
    held_account       uuid NOT NULL REFERENCES ledger.accounts (id),
    returned_account   uuid NOT NULL REFERENCES ledger.accounts (id),
    UNIQUE (budget_id, position),
    CHECK (
        (option = 1 AND holder_kind IN ('person', 'third-party') AND holder_organisation_id IS NULL) OR
        (option = 2 AND ((holder_kind = 'council' AND holder_organisation_id IS NULL) OR
                         (holder_kind = 'organisation' AND holder_organisation_id IS NOT NULL))) OR
        (option = 3 AND holder_kind = 'council' AND holder_organisation_id IS NULL))
);
CREATE INDEX budget_parts_holder ON sds.budget_parts (holder_organisation_id) WHERE holder_organisation_id IS NOT NULL;

-- Spending categories of a part: one ledger account each (spent:<category>).
CREATE TABLE sds.part_categories (
    part_id    uuid NOT NULL REFERENCES sds.budget_parts (id),
    category   text NOT NULL,
    account_id uuid NOT NULL REFERENCES ledger.accounts (id),
    PRIMARY KEY (part_id, category)
);

CREATE TABLE sds.reviews (
    budget_id uuid NOT NULL REFERENCES sds.budgets (id),
    due_on    date NOT NULL,
    done_on   date,
    PRIMARY KEY (budget_id, due_on)
);

CREATE TABLE sds.support_plans (
    budget_id uuid PRIMARY KEY REFERENCES sds.budgets (id),
    agreed_on date NOT NULL,
    agreed_by text NOT NULL
);

-- The person's outcomes, in their own words.
CREATE TABLE sds.plan_outcomes (
    id             uuid PRIMARY KEY,
    budget_id      uuid NOT NULL REFERENCES sds.budgets (id),
    position       int NOT NULL,
    text           text NOT NULL,
    recovery_phase text CHECK (recovery_phase IN ('stabilisation', 'maintenance', 'recovery')),
    capital_domain text CHECK (capital_domain IN ('personal', 'social', 'community')),
    UNIQUE (budget_id, position)
);

-- Agreed categories, each with an optional amount or share: not an itemised list.
CREATE TABLE sds.plan_categories (
    budget_id     uuid NOT NULL REFERENCES sds.budgets (id),
    category      text NOT NULL CHECK (category ~ '^[a-z][a-z0-9-]{1,40}$'),
    amount        bigint CHECK (amount > 0),
    share_percent numeric(5, 2) CHECK (share_percent > 0 AND share_percent <= 100),
    PRIMARY KEY (budget_id, category),
    CHECK (amount IS NULL OR share_percent IS NULL)
);

CREATE TABLE sds.family_agreements (
    id        uuid PRIMARY KEY,
    budget_id uuid NOT NULL REFERENCES sds.budgets (id),
    payee     text NOT NULL,
    reason    text NOT NULL,
    agreed_by text NOT NULL,
    agreed_on date NOT NULL
);
CREATE INDEX family_agreements_budget ON sds.family_agreements (budget_id, lower(payee));

-- What a spend was: the ledger entry holds the money, this row holds the payee and evidence.
CREATE TABLE sds.spends (
    entry_id     uuid PRIMARY KEY REFERENCES ledger.entries (id),
    part_id      uuid NOT NULL REFERENCES sds.budget_parts (id),
    category     text NOT NULL,
    payee        text NOT NULL,
    spent_on     date NOT NULL,
    amount       bigint NOT NULL CHECK (amount > 0),
    description  text NOT NULL,
    evidence     text,
    hours        numeric(8, 2),
    recorded_by  text NOT NULL,
    approval_id  uuid
);
CREATE INDEX spends_duplicates ON sds.spends (part_id, lower(payee), amount, spent_on);

-- Money set aside for a planned purchase or arranged service (a ledger hold).
CREATE TABLE sds.commitments (
    hold_id     uuid PRIMARY KEY REFERENCES ledger.holds (id),
    part_id     uuid NOT NULL REFERENCES sds.budget_parts (id),
    category    text NOT NULL,
    payee       text NOT NULL,
    description text NOT NULL,
    planned_on  date NOT NULL,
    recorded_by text NOT NULL
);

CREATE TABLE sds.approvals (
    id           uuid PRIMARY KEY,
    part_id      uuid NOT NULL REFERENCES sds.budget_parts (id),
    amount       bigint NOT NULL CHECK (amount > 0),
    category     text NOT NULL,
    payee        text NOT NULL,
    description  text NOT NULL,
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    status       text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'approved', 'rejected', 'used')),
    decided_by   text,
    decided_at   timestamptz,
    reason       text,
    CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE INDEX approvals_part ON sds.approvals (part_id, status);

CREATE TABLE sds.surplus_discussions (
    id         uuid PRIMARY KEY,
    part_id    uuid NOT NULL REFERENCES sds.budget_parts (id),
    held_on    date NOT NULL,
    held_by    text NOT NULL,
    notes      text NOT NULL,
    agreed_amount bigint CHECK (agreed_amount >= 0),
    used_by_entry uuid REFERENCES ledger.entries (id)
);

CREATE TABLE sds.planned_purchases (
    id          uuid PRIMARY KEY,
    budget_id   uuid NOT NULL REFERENCES sds.budgets (id),
    outcome_id  uuid REFERENCES sds.plan_outcomes (id),
    description text NOT NULL,
    amount      bigint NOT NULL CHECK (amount > 0),
    category    text NOT NULL,
    planned_by  text NOT NULL,
    planned_on  date NOT NULL
);

CREATE TABLE sds.progress_notes (
    id            uuid PRIMARY KEY,
    budget_id     uuid NOT NULL REFERENCES sds.budgets (id),
    outcome_id    uuid REFERENCES sds.plan_outcomes (id),
    noted_on      date NOT NULL,
    recorded_by   text NOT NULL,
    what_changed  text NOT NULL,
    in_own_words  text,
    completed     boolean NOT NULL DEFAULT false
);
CREATE INDEX progress_notes_budget ON sds.progress_notes (budget_id, noted_on);

-- The first answer to each idempotency key: a retry with the same key and request gets it again.
CREATE TABLE sds.command_results (
    idempotency_key text PRIMARY KEY,
    command         text NOT NULL,
    request_hash    bytea NOT NULL,
    response        jsonb NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);

-- Who did what, when, to whose budget: every command, including refusals. Append-only.
CREATE TABLE sds.audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text NOT NULL,
    role        text NOT NULL,
    action      text NOT NULL,
    council_id  uuid,
    person_id   uuid,
    budget_id   uuid,
    outcome     text NOT NULL CHECK (outcome IN ('done', 'refused', 'invalid', 'replayed')),
    code        text,
    detail      text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_person ON sds.audit_log (person_id, at);
CREATE INDEX audit_log_actor ON sds.audit_log (actor, at);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON sds.audit_log
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON sds.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

GRANT USAGE ON SCHEMA sds TO sdsledger_app;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA sds TO sdsledger_app;
REVOKE UPDATE ON sds.audit_log, sds.spends, sds.command_results FROM sdsledger_app;
-- A support plan is agreed again as a whole: its categories are replaced.
GRANT DELETE ON sds.plan_categories TO sdsledger_app;

-- Real money: bank details, the payment files a payment run sends to the council's bank, bank and card statements, and
-- the draft spends a card line becomes until someone confirms it.
--
-- Bank details are personal data. They are kept with the record of whoever receives each part's instalments (the
-- person, the nominated third party of a part, or the provider) and with the council (the account payments leave
-- from). A change is a new row: the details a payment was sent to are never overwritten, and the latest row is
-- the one in use. Only the bank file shows an account number whole; every other output masks it.

CREATE TABLE sds.bank_details (
    id              uuid PRIMARY KEY,
    council_id      uuid NOT NULL REFERENCES sds.councils (id),
    holder_kind     text NOT NULL CHECK (holder_kind IN ('council', 'person', 'third-party', 'organisation')),
    person_id       uuid REFERENCES sds.people (id),
    part_id         uuid REFERENCES sds.budget_parts (id),
    organisation_id uuid REFERENCES sds.organisations (id),
    account_name    text NOT NULL CHECK (length(account_name) BETWEEN 1 AND 140),
    sort_code       text NOT NULL CHECK (sort_code ~ '^[0-9]{6}$'),
    account_number  text NOT NULL CHECK (account_number ~ '^[0-9]{8}$'),
    iban            text CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
    -- The council's Bacs service user number, from its sponsoring bank.
    service_user_number text CHECK (service_user_number ~ '^[A-Z0-9]{6}$'),
    recorded_by_id  uuid NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK ((holder_kind = 'council' AND person_id IS NULL AND part_id IS NULL AND organisation_id IS NULL AND service_user_number IS NOT NULL)
        OR (holder_kind = 'person' AND person_id IS NOT NULL AND part_id IS NULL AND organisation_id IS NULL AND service_user_number IS NULL)
        OR (holder_kind = 'third-party' AND person_id IS NOT NULL AND part_id IS NOT NULL AND organisation_id IS NULL AND service_user_number IS NULL)
        OR (holder_kind = 'organisation' AND person_id IS NULL AND part_id IS NULL AND organisation_id IS NOT NULL AND service_user_number IS NULL))
);
CREATE INDEX bank_details_holder ON sds.bank_details (council_id, holder_kind, coalesce(person_id, organisation_id), part_id, recorded_at DESC);

-- How many days apart a bank line and its record may be and still match.
ALTER TABLE sds.council_rules ADD COLUMN match_days int NOT NULL DEFAULT 5 CHECK (match_days BETWEEN 0 AND 31);

-- A payment run's payments as sent to the bank: one batch per council and run date, one payment per payee, and the
-- instalments each payment pays. An instalment is in at most one payment (its entry is the key), so no instalment is
-- paid by two files; writing the files again for the same run reads the same batch and writes the same bytes.
CREATE TABLE sds.payment_batches (
    id                    uuid PRIMARY KEY,
    council_id            uuid NOT NULL REFERENCES sds.councils (id),
    run_date              date NOT NULL,
    message_id            text NOT NULL UNIQUE CHECK (length(message_id) BETWEEN 1 AND 35),
    created_at            timestamp NOT NULL,
    created_by_id         uuid NOT NULL,
    originator_name       text NOT NULL,
    originator_sort_code  text NOT NULL CHECK (originator_sort_code ~ '^[0-9]{6}$'),
    originator_account    text NOT NULL CHECK (originator_account ~ '^[0-9]{8}$'),
    originator_iban       text,
    service_user_number   text NOT NULL,
    UNIQUE (council_id, run_date)
);

CREATE TABLE sds.payment_batch_payments (
    batch_id        uuid NOT NULL REFERENCES sds.payment_batches (id),
    position        int NOT NULL CHECK (position > 0),
    council_id      uuid NOT NULL REFERENCES sds.councils (id),
    end_to_end_id   text NOT NULL UNIQUE CHECK (length(end_to_end_id) BETWEEN 1 AND 35),
    holder_kind     text NOT NULL CHECK (holder_kind IN ('person', 'third-party', 'organisation')),
    person_id       uuid REFERENCES sds.people (id),
    part_id         uuid REFERENCES sds.budget_parts (id),
    organisation_id uuid REFERENCES sds.organisations (id),
    bank_details_id uuid NOT NULL REFERENCES sds.bank_details (id),
    amount          bigint NOT NULL CHECK (amount > 0),
    reference       text NOT NULL CHECK (length(reference) BETWEEN 1 AND 18),
    PRIMARY KEY (batch_id, position)
);
CREATE INDEX payment_batch_payments_person ON sds.payment_batch_payments (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX payment_batch_payments_organisation ON sds.payment_batch_payments (organisation_id) WHERE organisation_id IS NOT NULL;

CREATE TABLE sds.payment_batch_instalments (
    entry_id    uuid PRIMARY KEY REFERENCES ledger.entries (id),
    batch_id    uuid NOT NULL,
    position    int NOT NULL,
    council_id  uuid NOT NULL REFERENCES sds.councils (id),
    part_id     uuid NOT NULL REFERENCES sds.budget_parts (id),
    due_on      date NOT NULL,
    amount      bigint NOT NULL CHECK (amount > 0),
    FOREIGN KEY (batch_id, position) REFERENCES sds.payment_batch_payments (batch_id, position)
);
CREATE INDEX payment_batch_instalments_batch ON sds.payment_batch_instalments (batch_id, position);

-- Statements as imported: whose account (the council's, a person's bank account or prepaid card, a provider's client
-- account), the file's hash (a file imported twice is recognised), its period and balances, and its lines. A line's key
-- is the bank's own id for it where the file has one, otherwise its date, amount, text and how many identical lines came
-- before it in the file, so a line held from an overlapping statement is not recorded twice.
CREATE TABLE sds.bank_statements (
    id              uuid PRIMARY KEY,
    council_id      uuid NOT NULL REFERENCES sds.councils (id),
    account_key     text NOT NULL CHECK (account_key ~ '^(council|person:[0-9a-f-]{36}|organisation:[0-9a-f-]{36})$'),
    person_id       uuid REFERENCES sds.people (id),
    organisation_id uuid REFERENCES sds.organisations (id),
    file_name       text NOT NULL,
    file_hash       text NOT NULL CHECK (file_hash ~ '^[0-9a-f]{64}$'),
    format          text NOT NULL CHECK (format IN ('camt053', 'ofx', 'csv', 'card-feed')),
    read_as         text NOT NULL,
    period_from     date,
    period_to       date,
    opening         bigint,
    closing         bigint,
    imported_by_id  uuid NOT NULL,
    imported_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (council_id, account_key, file_hash)
);

CREATE TABLE sds.bank_lines (
    id              uuid PRIMARY KEY,
    statement_id    uuid NOT NULL REFERENCES sds.bank_statements (id),
    council_id      uuid NOT NULL REFERENCES sds.councils (id),
    account_key     text NOT NULL,
    person_id       uuid REFERENCES sds.people (id),
    organisation_id uuid REFERENCES sds.organisations (id),
    line_number     int NOT NULL,
    booked_on       date NOT NULL,
    amount          bigint NOT NULL CHECK (amount <> 0),
    description     text NOT NULL,
    counterparty    text,
    bank_reference  text,
    merchant        text,
    merchant_category_code text CHECK (merchant_category_code ~ '^[0-9]{4}$'),
    line_key        text NOT NULL,
    UNIQUE (council_id, account_key, line_key)
);
CREATE INDEX bank_lines_account ON sds.bank_lines (council_id, account_key, booked_on);

-- A card line with no spend recorded: a spend waiting for someone to confirm it (it then goes through every spending
-- rule as any spend does) or to dismiss it. The merchant category code is kept for the excluded-purpose rule.
CREATE TABLE sds.draft_spends (
    id              uuid PRIMARY KEY,
    bank_line_id    uuid NOT NULL UNIQUE REFERENCES sds.bank_lines (id),
    council_id      uuid NOT NULL REFERENCES sds.councils (id),
    person_id       uuid NOT NULL REFERENCES sds.people (id),
    part_id         uuid NOT NULL REFERENCES sds.budget_parts (id),
    amount          bigint NOT NULL CHECK (amount > 0),
    payee           text NOT NULL,
    spent_on        date NOT NULL,
    merchant_category_code text CHECK (merchant_category_code ~ '^[0-9]{4}$'),
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'recorded', 'dismissed')),
    -- Confirmations a spending rule refused: each confirmation's spend is keyed by the draft and this count, so a refused
    -- one can be tried again (another category, an approval) while two at once still record at most one spend.
    refused_attempts int NOT NULL DEFAULT 0 CHECK (refused_attempts >= 0),
    entry_id        uuid REFERENCES ledger.entries (id),
    decided_by_id   uuid,
    decided_at      timestamptz,
    reason          text,
    CHECK ((status = 'draft') = (decided_by_id IS NULL)),
    CHECK ((status = 'recorded') = (entry_id IS NOT NULL))
);
CREATE INDEX draft_spends_waiting ON sds.draft_spends (council_id, person_id) WHERE status = 'draft';

-- Their row-level security is in db/schema/policies/banking.sql, their grants in db/schema/grants.sql.

-- How far each budget part's instalments have been paid (issue 15): the latest due date paid, how many and the sum of
-- their days, kept by the ledger as it posts instalment entries (db/schema/ledger/instalments_paid.sql), so a payment
-- run's preview reads one row per part rather than the key of every instalment ever paid. The entries stay the truth:
-- an instalment's key is its part and due date, and a part whose row does not match its schedule is checked key by key.
CREATE TABLE ledger.instalments_paid (
    part_id      uuid PRIMARY KEY,
    council_id   uuid NOT NULL REFERENCES sds.councils (id),
    paid_through date NOT NULL,
    paid         integer NOT NULL CHECK (paid > 0),
    paid_days    bigint NOT NULL
);

INSERT INTO ledger.instalments_paid (part_id, council_id, paid_through, paid, paid_days)
SELECT k.part_id, min(p.council_id::text)::uuid, max(k.due), count(*), sum(k.due - date '2000-01-01')
  FROM (SELECT substr(e.idempotency_key, 12, 36)::uuid AS part_id, substr(e.idempotency_key, 49, 10)::date AS due
          FROM ledger.entries e
         WHERE e.kind = 'instalment'
           AND e.idempotency_key ~ '^instalment:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9]{4}-[0-9]{2}-[0-9]{2}$') k
  JOIN sds.budget_parts p ON p.id = k.part_id
 GROUP BY k.part_id;

-- Practitioner reports on a council of 20,000 budgets and 5 million postings (bench/ reports --plans).
--
-- Every report already reads through indexes that earlier migrations made: the funding account's postings by
-- postings_account_date and each other leg by postings_pkey (allocated), part_categories_pkey and balances_pkey
-- (spent), reviews_pkey and approvals_part (caseload), postings_account_date by day (provider return). No index or
-- summary table is added: none would take a report's query below what it costs now.
--
-- What did cost: the caseload's plan is estimated at millions of rows (its CTEs carry no statistics, so the join of
-- budgets to their money is guessed at 100 times its size), which crosses PostgreSQL's JIT thresholds; compiling
-- with inlining and optimisation then took 450 ms of an 840 ms query. These are short OLTP and report queries that
-- JIT never repays, so it is off for this database. A server where the migrating user does not own the database
-- keeps its own setting (the queries are right either way, only slower).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'jit is left as the server has it: only the owner of % may change it', current_database();
END
$$;

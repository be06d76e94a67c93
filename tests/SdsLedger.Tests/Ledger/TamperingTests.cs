using Dapper;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Tests.Ledger;

/// <summary>Each test tampers with its own database, so one forgery never shows up in another test's audit.</summary>
public sealed class TamperingTests : IAsyncLifetime
{
    private readonly LedgerScenario s = new();

    public Task InitializeAsync() => s.InitializeAsync();

    public Task DisposeAsync() => s.DisposeAsync();

    [Theory]
    [InlineData("UPDATE ledger.postings SET amount = amount * 2")]
    [InlineData("DELETE FROM ledger.postings")]
    [InlineData("UPDATE ledger.entries SET description = 'changed'")]
    [InlineData("DELETE FROM ledger.entries")]
    [InlineData("TRUNCATE ledger.postings")]
    public async Task The_application_role_cannot_rewrite_history(string sql)
    {
        await s.FundedAccount(Money.FromPounds(10));
        await using var conn = await s.AppDataSource.OpenConnectionAsync();

        var act = () => conn.ExecuteAsync(sql);

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Theory]
    [InlineData("UPDATE ledger.balances SET posted = posted + 100000000")]
    [InlineData("UPDATE ledger.balances SET pending = 0")]
    [InlineData("INSERT INTO ledger.balances (account_id) VALUES (gen_random_uuid())")]
    [InlineData("UPDATE ledger.holds SET status = 'released', closed_at = now()")]
    [InlineData("INSERT INTO ledger.accounts (id, owner_kind, owner_id, kind, name, allow_negative) VALUES (gen_random_uuid(), 'system', gen_random_uuid(), 'x', 'x', true)")]
    [InlineData("INSERT INTO ledger.entries (id, kind, effective_date, actor, description, idempotency_key, request_hash, hash) VALUES (gen_random_uuid(), 'adjustment', '2026-10-01', 'a', 'b', 'c', '\\x00', '\\x00')")]
    [InlineData("COPY ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date) FROM STDIN")]
    [InlineData("UPDATE ledger.instalments_paid SET paid_through = '2099-12-31'")]
    [InlineData("INSERT INTO ledger.instalments_paid (part_id, council_id, paid_through, paid, paid_days) SELECT gen_random_uuid(), id, '2099-12-31', 1, 1 FROM sds.councils")]
    public async Task The_application_role_moves_money_only_through_the_ledgers_functions(string sql)
    {
        await s.FundedAccount(Money.FromPounds(10));
        await using var conn = await s.AppDataSource.OpenConnectionAsync();

        var act = () => conn.ExecuteAsync(sql);

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Theory]
    [InlineData("UPDATE ledger.balances SET posted = posted + 100000000 WHERE account_id = @Held")]
    [InlineData("UPDATE ledger.balances SET posted = posted + 100, version = version + 1 WHERE account_id = @Held")]
    [InlineData("UPDATE ledger.balances SET pending = pending + 100 WHERE account_id = @Held")]
    public async Task Even_the_owner_cannot_change_a_balance_without_the_postings_that_make_it(string sql)
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(10));
        await using var conn = new NpgsqlConnection(s.OwnerConnectionString);

        var act = () => conn.ExecuteAsync(sql, new { Held = held.Value });

        (await act.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("may change only with the postings or holds");
        (await s.Posted(held)).Should().Be(Money.FromPounds(10));
    }

    [Fact]
    public async Task Even_the_owner_is_stopped_by_the_append_only_trigger()
    {
        await s.FundedAccount(Money.FromPounds(10));
        await using var conn = new NpgsqlConnection(s.OwnerConnectionString);

        var act = () => conn.ExecuteAsync("UPDATE ledger.postings SET amount = amount");

        (await act.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only");
    }

    [Theory]
    [InlineData(-100L, 99L, "postings that do not sum to zero")]
    [InlineData(-100L, null, "a single posting")]
    public async Task The_database_refuses_an_entry_whose_postings_do_not_balance_even_from_the_owner(long first, long? second, string what)
    {
        var (funding, held) = await s.FundedAccount(Money.FromPounds(10));
        await using var conn = new NpgsqlConnection(s.OwnerConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var entry = Guid.CreateVersion7();
        await conn.ExecuteAsync("""
            INSERT INTO ledger.entries (id, kind, effective_date, actor, description, idempotency_key, request_hash, hash)
            VALUES (@Entry, 'adjustment', '2026-10-01', 'raw', 'raw insert', @Key, '\x00', '\x00')
            """, new { Entry = entry, Key = $"raw-{entry}" }, tx);

        var act = () => conn.ExecuteAsync("""
            INSERT INTO ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date)
            SELECT @Entry, a, m, 0, 1000, '2026-10-01' FROM unnest(@Accounts, @Amounts) AS u(a, m)
            """, new
        {
            Entry = entry,
            Accounts = second is null ? new[] { funding.Value } : [funding.Value, held.Value],
            Amounts = second is { } s2 ? new[] { first, s2 } : [first],
        }, tx);

        (await act.Should().ThrowAsync<PostgresException>(what)).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task Only_the_ledgers_writing_functions_run_as_the_writer_the_checks_trust_and_nobody_can_become_it()
    {
        await using var owner = new NpgsqlConnection(s.OwnerConnectionString);
        (await owner.QueryAsync<string>("""
            SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.proowner = 'sdsledger_writer'::regrole
             ORDER BY 1
            """)).Should().Equal([
                "ledger.expire_holds(timestamp with time zone)",
                "ledger.open_account(uuid,text,uuid,text,text,boolean,uuid,uuid)",
                "ledger.place_hold(uuid,uuid,bigint,text,text,text,timestamp with time zone)",
                "ledger.post_batch(uuid[],text[],date[],text[],text[],text[],integer[],uuid[],bigint[])",
                "ledger.post_entry(uuid,text,date,text,text,text,uuid[],bigint[],uuid,uuid)",
                "ledger.release_hold(uuid,boolean)",
            ], "only the ledger's own writing functions, which check what they write, run as the writer");
        (await owner.QuerySingleAsync<bool>("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'sdsledger_writer'")).Should().BeFalse();
        (await owner.QuerySingleAsync<bool>("""
            SELECT has_table_privilege('sdsledger_writer', 'ledger.postings', 'UPDATE') OR has_table_privilege('sdsledger_writer', 'ledger.postings', 'DELETE')
                OR has_table_privilege('sdsledger_writer', 'ledger.entries', 'UPDATE') OR has_table_privilege('sdsledger_writer', 'ledger.entries', 'DELETE')
            """)).Should().BeFalse("the writer appends, as everyone else");

        (await owner.QuerySingleAsync<long>("SELECT count(*) FROM pg_auth_members WHERE roleid = 'sdsledger_writer'::regrole"))
            .Should().Be(0, "no role can become the writer and so skip the balance check (the API's login is tried in the API's tests)");
    }

    [Fact]
    public async Task Postings_cannot_be_added_to_an_entry_that_already_has_them()
    {
        var (funding, held) = await s.FundedAccount(Money.FromPounds(10));
        var spent = await s.Account("spent");
        var entry = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(1), "first-spend"));
        var other = await s.Account("spent:other");
        await using var conn = new NpgsqlConnection(s.OwnerConnectionString);

        var act = () => conn.ExecuteAsync("""
            INSERT INTO ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date)
            VALUES (@Entry, @From, -100, 0, 1000, '2026-10-01'), (@Entry, @To, 100, 0, 1000, '2026-10-01')
            """, new { Entry = entry.EntryId!.Value.Value, From = funding.Value, To = other.Value });

        (await act.Should().ThrowAsync<PostgresException>("a balanced pair added later still changes history")).Which.SqlState
            .Should().Be(PostgresErrorCodes.CheckViolation);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Postings_to_an_entry_or_account_that_does_not_exist_are_refused_even_for_the_owner()
    {
        var (funding, held) = await s.FundedAccount(Money.FromPounds(10));
        var entry = Guid.CreateVersion7();
        await using var conn = new NpgsqlConnection(s.OwnerConnectionString);
        const string Insert = """
            INSERT INTO ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date)
            VALUES (@Entry, @From, -100, 0, 1000, '2026-10-01'), (@Entry, @To, 100, 0, 1000, '2026-10-01')
            """;

        var noEntry = () => conn.ExecuteAsync(Insert, new { Entry = entry, From = funding.Value, To = held.Value });
        (await noEntry.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ForeignKeyViolation);

        await conn.ExecuteAsync("""
            INSERT INTO ledger.entries (id, kind, effective_date, actor, description, idempotency_key, request_hash, hash)
            VALUES (@Entry, 'adjustment', '2026-10-01', 'owner', 'forged', 'forged', '\x00', '\x00')
            """, new { Entry = entry });
        var noAccount = () => conn.ExecuteAsync(Insert, new { Entry = entry, From = funding.Value, To = Guid.CreateVersion7() });
        (await noAccount.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ForeignKeyViolation);
    }

    [Theory]
    [InlineData("DELETE FROM ledger.accounts")]
    [InlineData("UPDATE ledger.accounts SET id = gen_random_uuid()")]
    [InlineData("TRUNCATE ledger.accounts CASCADE")]
    public async Task Accounts_are_kept_for_good_even_by_the_owner(string sql)
    {
        await s.FundedAccount(Money.FromPounds(10));
        await using var conn = new NpgsqlConnection(s.OwnerConnectionString);

        var act = () => conn.ExecuteAsync(sql);

        (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task A_posting_version_used_twice_is_reported_by_the_audit()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(40));
        var spent = await s.Account("spent");
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(1), "version-1"));
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(2), "version-2"));
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(3), "version-3"));
        await s.AuditPasses();

        // Versions 1, 2, 3 of the spent account become 1, 1, 3: the count and the highest version still agree.
        await BypassingTriggers($"UPDATE ledger.postings SET account_version = 1 WHERE account_id = '{spent}' AND account_version = 2;");

        var report = await s.Audit.RunAsync();

        report.Passed.Should().BeFalse();
        report.Checks.Single(c => c.Name == "balances equal postings").Examples.Should().ContainMatch($"{spent}*versions 1 to 3, 2 different*");
    }

    [Fact]
    public async Task A_posting_changed_by_a_superuser_is_reported_by_the_audit()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(40));
        var spent = await s.Account("spent");
        var spend = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(15), "tampered-spend"));
        await s.AuditPasses();

        await BypassingTriggers($"""
            UPDATE ledger.postings SET amount = -500, balance_after = 3500 WHERE entry_id = '{spend.EntryId}' AND amount < 0;
            UPDATE ledger.postings SET amount = 500, balance_after = 500 WHERE entry_id = '{spend.EntryId}' AND amount > 0;
            UPDATE ledger.balances SET posted = 3500 WHERE account_id = '{held}';
            UPDATE ledger.balances SET posted = 500 WHERE account_id = '{spent}';
            """);

        var report = await s.Audit.RunAsync();

        report.Passed.Should().BeFalse();
        report.Checks.Single(c => c.Name == "entry content matches its hash").Examples.Should().ContainMatch($"{spend.EntryId}*");
    }

    [Fact]
    public async Task A_rewritten_entry_with_a_recomputed_hash_still_breaks_the_chain()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(40));
        var spent = await s.Account("spent");
        var first = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(5), "chain-1"));
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(5), "chain-2"));

        // A careful forger fixes the request hash and the entry's own hash, but not every later entry's.
        await BypassingTriggers($"""
            UPDATE ledger.entries SET description = 'forged',
                   request_hash = sha256(convert_to(ledger.canonical(kind, effective_date, actor, 'forged', reverses, idempotency_key,
                        (SELECT array_agg(account_id ORDER BY account_id) FROM ledger.postings WHERE entry_id = '{first.EntryId}'),
                        (SELECT array_agg(amount ORDER BY account_id) FROM ledger.postings WHERE entry_id = '{first.EntryId}')), 'UTF8'))
             WHERE id = '{first.EntryId}';
            """);

        var report = await s.Audit.RunAsync();

        report.Checks.Single(c => c.Name == "hash chain intact").Passed.Should().BeFalse();
    }

    private async Task BypassingTriggers(string sql)
    {
        await using var conn = new NpgsqlConnection(s.OwnerConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SET LOCAL session_replication_role = replica", transaction: tx);
        await conn.ExecuteAsync(sql, transaction: tx);
        await tx.CommitAsync();
    }
}

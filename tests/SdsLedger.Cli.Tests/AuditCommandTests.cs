using System.Text.Json;
using Dapper;
using Npgsql;
using SdsLedger.Cli;
using SdsLedger.Testing;

namespace SdsLedger.Cli.Tests;

/// <summary>Each test gets its own database, because one of them breaks it on purpose.</summary>
public sealed class AuditCommandTests : IAsyncLifetime
{
    private readonly FreshDatabase _db = new();
    private CommandRun _sdsledger = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _sdsledger = new CommandRun().With("SDSLEDGER_DB", _db.ConnectionString);
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        await conn.ExecuteAsync("""
            INSERT INTO ledger.accounts (id, owner_kind, owner_id, kind, name, allow_negative, council_id) VALUES
              ('00000000-0000-0000-0000-0000000000f1', 'council', '00000000-0000-0000-0000-0000000000c1', 'funding', 'Funding', true, NULL),
              ('00000000-0000-0000-0000-0000000000a1', 'budget_part', gen_random_uuid(), 'held', 'Held', false, '00000000-0000-0000-0000-0000000000c1');
            INSERT INTO ledger.balances (account_id, council_id) SELECT id, council_id FROM ledger.accounts;
            SELECT * FROM ledger.post_entry(gen_random_uuid(), 'instalment', '2026-10-01', 'finance', 'First instalment', 'audit-cli-1',
                ARRAY['00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-0000000000a1']::uuid[], ARRAY[-25000, 25000]::bigint[]);
            """);
    }

    public async Task DisposeAsync()
    {
        _sdsledger.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Audit_of_a_sound_ledger_passes_and_exits_0()
    {
        var result = await _sdsledger.RunAsync("audit");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Everything);
        result.Output.Should().Contain("passes every check").And.Contain("1 entries");
    }

    [Fact]
    public async Task Audit_reports_a_tampered_balance_in_json_and_exits_1()
    {
        // As a superuser with the triggers switched off: nobody else can change a balance without its postings.
        await using (var conn = new NpgsqlConnection(_db.ConnectionString))
            await conn.ExecuteAsync("""
                BEGIN;
                SET LOCAL session_replication_role = replica;
                UPDATE ledger.balances SET posted = posted + 1 WHERE account_id = '00000000-0000-0000-0000-0000000000a1';
                COMMIT;
                """);

        var result = await _sdsledger.RunAsync("audit", "--json");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        using var json = JsonDocument.Parse(result.Output);
        json.RootElement.GetProperty("passed").GetBoolean().Should().BeFalse();
        var failed = json.RootElement.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean())
            .Select(c => c.GetProperty("name").GetString()).ToList();
        failed.Should().Contain("balances equal postings");
    }
}

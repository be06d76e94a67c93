using Dapper;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Api.Tests;

/// <summary>
/// Row-level security is the second wall: SQL sent as the API's role, as an injection would send it, cannot choose which
/// council it acts for. Only sds.act_for with claims signed by the installation's tenant key sets a tenant.
/// </summary>
public sealed class SealedTenancyTests(ApiWorld w) : IClassFixture<ApiWorld>
{
    private async Task<(NpgsqlDataSource Source, NpgsqlConnection Conn)> ApiRoleAsync()
    {
        var source = LedgerDataSource.Create(w.ApiConnectionString, ConnectionScope.PerTenant);
        return (source, await source.OpenConnectionAsync());
    }

    [Fact]
    public async Task Setting_the_council_by_hand_shows_nothing_and_moves_no_money()
    {
        var (source, conn) = await ApiRoleAsync();
        await using var _ = source;
        await using var __ = conn;
        var caraHeld = Guid.Parse((await w.Rows($"SELECT held_account::text FROM sds.budget_parts WHERE id = '{w.CaraPart}'")).Single());
        var caraReturned = Guid.Parse((await w.Rows($"SELECT returned_account::text FROM sds.budget_parts WHERE id = '{w.CaraPart}'")).Single());
        await using var tx = await conn.BeginTransactionAsync();

        await conn.ExecuteAsync("SELECT set_config('sdsledger.council_id', @C, true)", new { C = w.South.ToString() }, tx);

        foreach (var table in new[] { "sds.people", "sds.budgets", "sds.organisations", "sds.audit_log", "ledger.postings", "ledger.balances" })
            (await conn.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}", transaction: tx)).Should().Be(0, $"a forged council shows nothing of {table}");
        (await conn.QuerySingleAsync<string>("""
            SELECT status FROM ledger.post_entry(gen_random_uuid(), 'transfer', '2026-10-06', 'forger', 'forged', 'forged-1', @Accounts, ARRAY[-100, 100]::bigint[])
            """, new { Accounts = new[] { caraHeld, caraReturned } }, tx)).Should().Be("unknown_account", "a forged council moves no money");
    }

    [Fact]
    public async Task A_tenant_signed_with_another_key_or_expired_is_refused()
    {
        var (source, conn) = await ApiRoleAsync();
        await using var _ = source;
        await using var __ = conn;
        var forger = new Access.TenantSeal(Access.TenantSeal.NewKey());
        var soon = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var past = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();

        async Task<string?> ActFor(long expires, byte[] signature)
        {
            await using var tx = await conn.BeginTransactionAsync();
            try
            {
                await conn.ExecuteAsync("SELECT sds.act_for(@C, 'social-worker', NULL, NULL, @E, @S)", new { C = w.South, E = expires, S = signature }, tx);
                return null;
            }
            catch (PostgresException e)
            {
                return e.SqlState;
            }
        }

        (await ActFor(soon, forger.Sign(w.South, Role.SocialWorker, null, null, soon))).Should().Be("42501", "another key's signature");
        (await ActFor(soon, w.Seal.Sign(w.North, Role.SocialWorker, null, null, soon))).Should().Be("42501", "a signature over other claims");
        (await ActFor(past, w.Seal.Sign(w.South, Role.SocialWorker, null, null, past))).Should().Be("42501", "an expired signature");
        (await ActFor(soon, w.Seal.Sign(w.South, Role.SocialWorker, null, null, soon))).Should().BeNull("the installation's own signature");
    }

    [Fact]
    public async Task Changing_the_person_after_a_signed_tenant_shows_nothing()
    {
        var (source, conn) = await ApiRoleAsync();
        await using var _ = source;
        await using var __ = conn;
        await using var tx = await conn.BeginTransactionAsync();
        await w.ActForAsync(conn, tx, w.North, Role.ServiceUser, person: w.Bruce);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people", transaction: tx)).Should().Be(1, "Bruce sees himself");

        await conn.ExecuteAsync("SELECT set_config('sdsledger.person_id', @P, true)", new { P = w.Ailsa.ToString() }, tx);

        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people", transaction: tx)).Should().Be(0, "the signed tenant was Bruce, not Ailsa");
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.balances", transaction: tx)).Should().Be(0);
    }

    [Fact]
    public async Task Organisations_and_the_audit_trail_keep_to_the_tenants_council()
    {
        var (source, conn) = await ApiRoleAsync();
        await using var _ = source;
        await using var __ = conn;
        await using var tx = await conn.BeginTransactionAsync();
        await w.ActForAsync(conn, tx, w.South, Role.CouncilFinance);

        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.organisations", transaction: tx)).Should().Be(0, "South registered no organisation");
        (await conn.ExecuteAsync("UPDATE sds.organisations SET name = 'renamed'", transaction: tx)).Should().Be(0, "North's Harbour Care is not South's to rename");
        var forgedAudit = async () => await conn.ExecuteAsync("""
            INSERT INTO sds.audit_log (actor, role, action, council_id, outcome) VALUES ('forger', 'auditor', 'Forged', @North, 'done')
            """, new { w.North }, tx);
        (await forgedAudit.Should().ThrowAsync<PostgresException>("an audit row of another council")).Which.SqlState.Should().Be("42501");
    }

    [Fact]
    public async Task No_function_of_the_schema_can_be_run_by_anyone_not_granted_it()
    {
        var publicly = await w.Rows("""
            SELECT p.oid::regprocedure::text
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname IN ('sds', 'ledger') AND has_function_privilege('public', p.oid, 'EXECUTE')
            """);
        var (source, conn) = await ApiRoleAsync();
        await using var _ = source;
        await using var __ = conn;
        await using var tx = await conn.BeginTransactionAsync();
        await w.ActForAsync(conn, tx, w.North, Role.SocialWorker);

        publicly.Should().BeEmpty("PUBLIC may run none of SdsLedger's functions");
        (await conn.ExecuteScalarAsync<bool>("SELECT sds.part_visible(@Part)", new { Part = w.CaraPart }, tx))
            .Should().BeFalse("asking about another council's part says nothing about whether it exists");
    }
}

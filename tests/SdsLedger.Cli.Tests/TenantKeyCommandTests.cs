using Dapper;
using Npgsql;
using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.Testing;

namespace SdsLedger.Cli.Tests;

public sealed class TenantKeyCommandTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", db.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    [Fact]
    public async Task The_database_accepts_tenants_signed_with_the_key_it_was_given_and_refuses_a_file_without_one()
    {
        var key = TenantSeal.NewKey();
        var file = Path.Combine(_sdsledger.Folder, "tenant-key");
        await File.WriteAllTextAsync(file, Convert.ToBase64String(key));
        var bad = Path.Combine(_sdsledger.Folder, "not-a-key");
        await File.WriteAllTextAsync(bad, "this is not base64!");

        var given = await _sdsledger.RunAsync("db", "tenant-key", "--key-file", file);
        var refused = await _sdsledger.RunAsync("db", "tenant-key", "--key-file", bad);

        given.ExitCode.Should().Be(ExitCodes.Ok, given.Everything);
        refused.ExitCode.Should().Be(ExitCodes.Refused);
        refused.Error.Should().Contain("--key-file").And.NotContain("   at ");
        var council = Guid.NewGuid();
        var expires = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SELECT sds.act_for(@C, 'auditor', NULL, NULL, @E, @S)",
            new { C = council, E = expires, S = new TenantSeal(key).Sign(council, Role.Auditor, null, null, expires) }, tx);
        (await conn.ExecuteScalarAsync<Guid>("SELECT sds.tenant_council()", transaction: tx)).Should().Be(council);
    }
}

using SdsLedger.Testing;

namespace SdsLedger.Cli.Tests;

public sealed class MigrateCommandTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IDisposable
{
    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", db.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    [Fact]
    public async Task Migrate_on_a_migrated_database_says_it_is_up_to_date()
    {
        var result = await _sdsledger.RunAsync("db", "migrate");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Output.Should().Contain("up to date");
    }

    [Fact]
    public async Task Status_with_SDSLEDGER_DB_says_that_server_is_used()
    {
        var result = await _sdsledger.RunAsync("db", "status");

        result.ExitCode.Should().Be(ExitCodes.Ok);
        result.Output.Should().Contain("SDSLEDGER_DB is set");
    }
}

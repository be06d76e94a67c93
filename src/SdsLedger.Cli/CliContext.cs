using Npgsql;
using SdsLedger.Database;
using SdsLedger.LocalPostgres;
using Spectre.Console;

namespace SdsLedger.Cli;

/// <summary>What every verb needs: where to write, which database, and a way to reach it migrated.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, string? dataDirectory)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;

    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Interactive = InteractionSupport.No,
    });

    public DatabaseServer Server { get; } = DatabaseServer.FromEnvironment(dataDirectory, output.WriteLine);

    /// <summary>Starts the database if needed, applies migrations, and returns the application's connection string.</summary>
    public async Task<string> MigratedDatabaseAsync(CancellationToken ct)
    {
        var cs = await ReachableDatabaseAsync(ct);
        var outcome = Migrator.Migrate(cs);
        if (!outcome.Succeeded) throw new MigrationFailedException(outcome);
        return cs;
    }

    /// <summary>Starts the database if needed and connects once, so an unreachable server is reported as such, not as a failed migration.</summary>
    public async Task<string> ReachableDatabaseAsync(CancellationToken ct)
    {
        var cs = await Server.ApplicationConnectionStringAsync(ct);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        return cs;
    }
}

internal sealed class MigrationFailedException(MigrationOutcome outcome) : Exception(outcome.Describe())
{
    public MigrationOutcome Outcome { get; } = outcome;
}

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

    /// <summary>
    /// Where reports and statements read: with a standby running beside the local cluster, both clusters with
    /// prefer-standby; with SDSLEDGER_DB naming several hosts, those hosts with prefer-standby; otherwise null (the
    /// application's own connection string).
    /// </summary>
    public string? ReadConnectionString(string applicationConnectionString)
    {
        if (Server.IsExternal)
        {
            var external = new NpgsqlConnectionStringBuilder(applicationConnectionString);
            if (external.Host?.Contains(',', StringComparison.Ordinal) != true) return null;
            external.TargetSessionAttributes = "prefer-standby";
            return external.ConnectionString;
        }
        var standby = new LocalCluster(StandbyPair.DirectoryFor(Server.Cluster!), Server.Cluster!.Binaries);
        return standby.Status() is { State: ClusterRunState.Running, Port: { } port }
            ? StandbyPair.BothClusters(applicationConnectionString, port, "prefer-standby")
            : null;
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

using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using DbUp.Helpers;

namespace SdsLedger.Database;

/// <summary>Outcome of applying migrations: which scripts ran, or the script that failed and why.</summary>
public sealed record MigrationOutcome(bool Succeeded, IReadOnlyList<string> Applied, string? FailedScript, string? Error)
{
    public string Describe() => Succeeded
        ? Applied.Count == 0 ? "The database is up to date." : $"Applied {Applied.Count} migration(s): {string.Join(", ", Applied)}."
        : $"Migration {FailedScript} failed: {Error}";
}

/// <summary>Applies db/migrations/NNNN_name.sql in order, each in its own transaction, journalled in schema_migrations.</summary>
public static class Migrator
{
    public const string JournalTable = "schema_migrations";
    private const string ResourcePrefix = "migrations.";

    /// <summary>The migrations shipped in this assembly (db/migrations/*.sql), named by their file names.</summary>
    public static IReadOnlyList<SqlScript> Shipped()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new SqlScript(n[ResourcePrefix.Length..], Read(assembly, n)))
            .ToList();
    }

    public static MigrationOutcome Migrate(string connectionString, IEnumerable<SqlScript>? scripts = null)
    {
        var engine = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScripts(scripts ?? Shipped())
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .JournalToPostgresqlTable("public", JournalTable)
            .LogTo(new NoOpUpgradeLog())
            .Build();

        var result = engine.PerformUpgrade();
        var applied = result.Scripts.Select(s => s.Name).ToList();
        if (result.Successful) return new MigrationOutcome(true, applied, null, null);

        var message = result.Error is Npgsql.PostgresException pg
            ? $"{pg.MessageText}{(pg.Position > 0 ? $" (at character {pg.Position})" : "")}"
            : result.Error?.Message;
        return new MigrationOutcome(false, applied, result.ErrorScript?.Name, message);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

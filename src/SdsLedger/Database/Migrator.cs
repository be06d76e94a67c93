using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Npgsql;

namespace SdsLedger.Database;

/// <summary>Outcome of migrating: which migrations ran and whether the schema was applied, or the script that failed and why.</summary>
public sealed record MigrationOutcome(bool Succeeded, IReadOnlyList<string> Applied, string? FailedScript, string? Error, bool SchemaApplied = false)
{
    public string Describe()
    {
        if (!Succeeded) return $"Migration {FailedScript} failed: {Error}";
        if (Applied.Count == 0 && !SchemaApplied) return "The database is up to date.";
        var migrations = Applied.Count == 0 ? "" : $"Applied {Applied.Count} migration(s): {string.Join(", ", Applied)}.";
        var schema = SchemaApplied ? "Applied the schema (functions, triggers, policies and grants in db/schema)." : "";
        return string.Join(" ", new[] { migrations, schema }.Where(s => s.Length > 0));
    }
}

/// <summary>
/// Brings a database to the current schema in two steps. Tables: db/migrations/NNNN_name.sql, forward-only, each applied
/// once in its own transaction and journalled in schema_migrations. Then everything that can be stated again whole
/// (functions, triggers, policies, grants): db/schema/**.sql, re-runnable, applied together in one transaction whenever
/// their text differs from what the database last had (a fingerprint in schema_state), under a lock so that two
/// processes starting at once apply it once.
/// </summary>
public static class Migrator
{
    public const string JournalTable = "schema_migrations";
    public const string SchemaStateTable = "schema_state";
    private const string MigrationPrefix = "migrations.";
    private const string SchemaPrefix = "schema/";

    /// <summary>The order the schema's folders are applied in: what policies and grants name must exist first.</summary>
    private static readonly string[] SchemaOrder = ["tenancy/", "ledger/", "sds/", "policies/", "grants.sql"];

    private const long SchemaLock = 74212;

    /// <summary>The migrations shipped in this assembly (db/migrations/*.sql), named by their file names.</summary>
    public static IReadOnlyList<SqlScript> Shipped() =>
        Resources(MigrationPrefix).Select(r => new SqlScript(r.Name, r.Contents)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>The schema shipped in this assembly (db/schema/**.sql), named by their paths under db/schema, in the order applied.</summary>
    public static IReadOnlyList<SqlScript> Schema() =>
        Resources(SchemaPrefix)
            .OrderBy(r => Array.FindIndex(SchemaOrder, folder => r.Name.StartsWith(folder, StringComparison.Ordinal)))
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new SqlScript(r.Name, r.Contents))
            .ToList();

    /// <summary>A short fingerprint of everything shipped: two builds with the same one build the same database.</summary>
    public static string Fingerprint() => Fingerprint(Shipped().Concat(Schema()));

    /// <summary>Applies the shipped migrations, then the schema if it changed.</summary>
    public static MigrationOutcome Migrate(string connectionString)
    {
        var outcome = Migrate(connectionString, Shipped());
        if (!outcome.Succeeded) return outcome;
        var schema = ApplySchema(connectionString, Schema());
        return schema.Succeeded ? outcome with { SchemaApplied = schema.SchemaApplied } : schema with { Applied = outcome.Applied };
    }

    /// <summary>Applies exactly these migrations (not the schema): for tests of the migration runner itself.</summary>
    public static MigrationOutcome Migrate(string connectionString, IEnumerable<SqlScript> scripts)
    {
        var engine = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScripts(scripts)
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .JournalToPostgresqlTable("public", JournalTable)
            .LogTo(new NoOpUpgradeLog())
            .Build();

        var result = engine.PerformUpgrade();
        var applied = result.Scripts.Select(s => s.Name).ToList();
        return result.Successful
            ? new MigrationOutcome(true, applied, null, null)
            : new MigrationOutcome(false, applied, result.ErrorScript?.Name, Message(result.Error));
    }

    /// <summary>Applies the schema's files in one transaction when their fingerprint differs from the one recorded.</summary>
    public static MigrationOutcome ApplySchema(string connectionString, IReadOnlyList<SqlScript> schema)
    {
        var fingerprint = Fingerprint(schema);
        using var conn = new NpgsqlConnection(connectionString);
        conn.Open();
        using var tx = conn.BeginTransaction();
        Execute(conn, tx, $"SELECT pg_advisory_xact_lock({SchemaLock})");
        Execute(conn, tx, $"""
            CREATE TABLE IF NOT EXISTS public.{SchemaStateTable} (
                only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                fingerprint text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now())
            """);
        using (var current = new NpgsqlCommand($"SELECT fingerprint FROM public.{SchemaStateTable}", conn, tx))
        {
            if (current.ExecuteScalar() as string == fingerprint) return new MigrationOutcome(true, [], null, null);
        }
        foreach (var script in schema)
        {
            try
            {
                Execute(conn, tx, script.Contents);
            }
            catch (PostgresException e)
            {
                return new MigrationOutcome(false, [], "db/schema/" + script.Name, Message(e));
            }
        }
        using (var record = new NpgsqlCommand($"""
            INSERT INTO public.{SchemaStateTable} (fingerprint) VALUES ($1)
            ON CONFLICT (only_row) DO UPDATE SET fingerprint = excluded.fingerprint, applied_at = now()
            """, conn, tx))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
            record.ExecuteNonQuery();
        }
        tx.Commit();
        return new MigrationOutcome(true, [], null, null, SchemaApplied: true);
    }

    private static string Fingerprint(IEnumerable<SqlScript> scripts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", scripts.Select(s => s.Name + "\n" + s.Contents)))))[..16];

    private static void Execute(NpgsqlConnection conn, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.ExecuteNonQuery();
    }

    private static string? Message(Exception? error) => error is PostgresException pg
        ? $"{pg.MessageText}{(pg.Position > 0 ? $" (at character {pg.Position})" : "")}"
        : error?.Message;

    private static IEnumerable<(string Name, string Contents)> Resources(string prefix)
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (n[prefix.Length..], Read(assembly, n)));
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using Npgsql;
using SdsLedger.Database;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Testing;

/// <summary>
/// The server every test in this process uses: SDSLEDGER_DB if set, otherwise the project's own cluster
/// in .sdsledger/pg at the top of the checkout. A migrated template database is made once per set of
/// migrations; each test class clones it. A missing server fails the tests with the reason; it never skips them.
/// </summary>
public static class TestServer
{
    private static readonly Lazy<Task<(string Admin, string Template)>> Shared = new(PrepareAsync);

    public static DatabaseServer Server { get; } = DatabaseServer.FromEnvironment(
        LocalCluster.DefaultDataDirectory(RepositoryRoot.Path));

    /// <summary>A superuser (or SDSLEDGER_DB) connection string to the maintenance database.</summary>
    public static async Task<string> AdminConnectionStringAsync() => (await Shared.Value).Admin;

    /// <summary>Creates a fresh, migrated database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var (admin, template) = await Shared.Value;
        var name = $"{prefix}_{Guid.CreateVersion7():N}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = new NpgsqlConnection(admin);
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {DatabaseServer.Quote(name)} TEMPLATE {DatabaseServer.Quote(template)}", conn);
                await cmd.ExecuteNonQueryAsync();
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Another process is still connected to the template for a moment.
                await Task.Delay(100 * attempt);
            }
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        var admin = await AdminConnectionStringAsync();
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseServer.Quote(name)} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<(string, string)> PrepareAsync()
    {
        var admin = await Server.AdminConnectionStringAsync("postgres");
        var template = $"sdsledger_template_{Migrator.Fingerprint()}";

        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        // One process at a time builds the template; the others wait and then find it.
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(74211)", conn)) await lockCmd.ExecuteNonQueryAsync();
        try
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
            exists.Parameters.AddWithValue(template);
            if (await exists.ExecuteScalarAsync() is null)
            {
                // Build under a temporary name and rename when migrated, so a half-built template is never used.
                var building = template + "_building";
                await Execute(conn, $"DROP DATABASE IF EXISTS {building} WITH (FORCE)");
                await Execute(conn, $"CREATE DATABASE {building}");
                var cs = new NpgsqlConnectionStringBuilder(admin) { Database = building, Pooling = false }.ConnectionString;
                var outcome = Migrator.Migrate(cs);
                if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Describe());
                await Execute(conn, $"ALTER DATABASE {building} RENAME TO {template}");
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(74211)", conn);
            await unlock.ExecuteNonQueryAsync();
        }
        return (admin, template);
    }

    private static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

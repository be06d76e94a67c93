using Npgsql;

namespace SdsLedger.LocalPostgres;

/// <summary>Where SdsLedger's data lives: the server named by SDSLEDGER_DB, or the cluster SdsLedger runs itself.</summary>
public sealed class DatabaseServer
{
    public const string ConnectionVariable = "SDSLEDGER_DB";
    public const string DataDirectoryVariable = "SDSLEDGER_DATA";
    public const string DefaultDatabase = "sdsledger";

    private DatabaseServer(string? externalConnectionString, LocalCluster? cluster)
    {
        ExternalConnectionString = externalConnectionString;
        Cluster = cluster;
    }

    /// <summary>Set when SDSLEDGER_DB names a server: nothing is started.</summary>
    public string? ExternalConnectionString { get; }

    /// <summary>Set when SdsLedger runs its own cluster.</summary>
    public LocalCluster? Cluster { get; }

    public bool IsExternal => ExternalConnectionString is not null;

    /// <summary>
    /// Reads SDSLEDGER_DB, then the data directory from <paramref name="dataDirectory"/>, SDSLEDGER_DATA,
    /// or .sdsledger/pg under the working directory (all from <see cref="Surroundings.Current"/>).
    /// </summary>
    public static DatabaseServer FromEnvironment(string? dataDirectory = null, Action<string>? report = null)
    {
        var surroundings = Surroundings.Current;
        var external = surroundings.Variable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(external)) return new DatabaseServer(Validated(external), null);

        var fromEnvironment = surroundings.Variable(DataDirectoryVariable);
        var dir = dataDirectory
                  ?? (string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment)
                  ?? LocalCluster.DefaultDataDirectory(surroundings.WorkingDirectory);
        return new DatabaseServer(null, new LocalCluster(dir, report: report));
    }

    public static DatabaseServer ForCluster(LocalCluster cluster) => new(null, cluster);

    private static string Validated(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return connectionString;
        }
        catch (ArgumentException e)
        {
            throw new InvalidConnectionStringException(ConnectionVariable, e);
        }
    }

    /// <summary>
    /// A connection string with rights to create databases: SDSLEDGER_DB as given (pointing at its own
    /// database), or the local cluster's superuser on the given maintenance database, starting it if needed.
    /// </summary>
    public async Task<string> AdminConnectionStringAsync(string maintenanceDatabase = "postgres", CancellationToken ct = default)
    {
        if (ExternalConnectionString is not null) return ExternalConnectionString;
        return await Cluster!.StartAsync(maintenanceDatabase, ct);
    }

    /// <summary>
    /// The connection string of SdsLedger's own database, creating that database in the local cluster
    /// when it does not exist. With SDSLEDGER_DB the database it names is used as it is.
    /// </summary>
    public async Task<string> ApplicationConnectionStringAsync(CancellationToken ct = default)
    {
        if (ExternalConnectionString is not null) return ExternalConnectionString;
        var admin = await Cluster!.StartAsync("postgres", ct);
        await CreateDatabaseIfMissingAsync(admin, DefaultDatabase, template: null, ct);
        return new NpgsqlConnectionStringBuilder(admin) { Database = DefaultDatabase }.ConnectionString;
    }

    /// <summary>Creates a database unless it exists; a concurrent creation by another process is not an error.</summary>
    public static async Task CreateDatabaseIfMissingAsync(string adminConnectionString, string name, string? template, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(ct);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn))
        {
            exists.Parameters.AddWithValue(name);
            if (await exists.ExecuteScalarAsync(ct) is not null) return;
        }

        var sql = $"CREATE DATABASE {Quote(name)}" + (template is null ? "" : $" TEMPLATE {Quote(template)}");
        try
        {
            await using var create = new NpgsqlCommand(sql, conn);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process created it first.
        }
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

using Npgsql;
using SdsLedger.Access;
using SdsLedger.Database;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Api.Hosting;

/// <summary>
/// The API's database login: sdsledger_api, which is neither superuser nor BYPASSRLS and can only become sdsledger_app,
/// so row-level security binds everything the API runs. Configured (ConnectionStrings:SdsLedger) in production; run
/// locally, the API starts the embedded database as the command line does, migrates it, and gives sdsledger_api a
/// password kept in the local secrets folder.
/// </summary>
internal static class ApiDatabase
{
    public const string LoginRole = "sdsledger_api";

    /// <summary>
    /// Gives the API role LOGIN and the local password (the same one every local process reads), and the database the local
    /// tenant key, returning the login's connection string.
    /// </summary>
    public static async Task<string> ProvisionLoginAsync(string adminConnectionString, LocalSecrets secrets, CancellationToken ct = default)
    {
        var password = secrets.DatabasePassword();
        // Roles belong to the whole cluster, so two processes starting at once (test classes, the API beside a benchmark)
        // can alter this one together; PostgreSQL refuses the second with "tuple concurrently updated", which a retry
        // settles (both set the same password, read from the same file).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = new NpgsqlConnection(adminConnectionString);
                await conn.OpenAsync(ct);
                // ALTER ROLE takes no parameters; the password is hex, so quoting it is enough.
                await using var cmd = new NpgsqlCommand($"ALTER ROLE {LoginRole} LOGIN PASSWORD '{password}'", conn);
                await cmd.ExecuteNonQueryAsync(ct);
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InternalError && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
        }
        await new TenantSeal(secrets.TenantKey()).InstallAsync(adminConnectionString, ct);
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Username = LoginRole, Password = password }.ConnectionString;
    }

    /// <summary>Starts (if need be) and migrates the local database, then provisions the API login.</summary>
    public static async Task<string> LocalAsync(string? dataDirectory, Action<string> report, CancellationToken ct = default)
    {
        var server = DatabaseServer.FromEnvironment(dataDirectory, report);
        var admin = await server.ApplicationConnectionStringAsync(ct);
        var outcome = Migrator.Migrate(admin);
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Describe());
        var secrets = LocalSecrets.BesideDataDirectory(server.Cluster?.RequestedDataDirectory
                                                       ?? LocalCluster.DefaultDataDirectory(Environment.CurrentDirectory));
        return await ProvisionLoginAsync(admin, secrets, ct);
    }

    /// <summary>
    /// Refuses to serve when the login could see past row-level security: a superuser or BYPASSRLS login, one that may
    /// become sdsledger_installation, or sessions that do not run as sdsledger_app.
    /// </summary>
    public static async Task VerifyAsync(NpgsqlDataSource dataSource, TenantSeal seal, CancellationToken ct = default)
    {
        await VerifyLoginAsync(dataSource, ct);
        await VerifyTenantKeyAsync(dataSource, seal, ct);
    }

    private static async Task VerifyLoginAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        const string Sql = """
            SELECT s.rolsuper OR s.rolbypassrls OR c.rolsuper OR c.rolbypassrls AS bypasses,
                   pg_has_role(session_user, 'sdsledger_installation', 'MEMBER') AS installation,
                   current_user::text AS working_as, session_user::text AS login
              FROM pg_roles s, pg_roles c
             WHERE s.rolname = session_user AND c.rolname = current_user
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (bypasses, installation, workingAs, login) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3));
        if (bypasses || installation || workingAs != LedgerDataSource.ApplicationRole)
            throw new InvalidOperationException(
                $"The API will not serve as database login '{login}' working as '{workingAs}': it must log in as a role that is neither " +
                $"superuser nor BYPASSRLS, is not a member of sdsledger_installation, and works as {LedgerDataSource.ApplicationRole} " +
                $"(the {LoginRole} role made by the migrations, given LOGIN and a password).");
    }

    /// <summary>Refuses to serve when the database does not accept this process's signed tenants: every request would fail.</summary>
    private static async Task VerifyTenantKeyAsync(NpgsqlDataSource dataSource, TenantSeal seal, CancellationToken ct)
    {
        var council = Guid.Empty;
        var expires = DateTimeOffset.UtcNow.Add(TenantSeal.Lifetime).ToUnixTimeSeconds();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT sds.act_for($1, 'auditor', NULL, NULL, $2, $3)", conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = council });
        cmd.Parameters.Add(new NpgsqlParameter { Value = expires });
        cmd.Parameters.Add(new NpgsqlParameter { Value = seal.Sign(council, Domain.Role.Auditor, null, null, expires) });
        try
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                "The database does not accept this API's tenant key (Tenancy:Key): give the database the same key with " +
                "'sdsledger db tenant-key --key-file FILE' as its owner.", e);
        }
        await tx.RollbackAsync(ct);
    }
}

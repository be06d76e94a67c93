using Npgsql;

namespace SdsLedger.Ledger;

/// <summary>What a data source's connections may see under row-level security (db/migrations/0009).</summary>
public enum ConnectionScope
{
    /// <summary>
    /// Every council: the trusted local path (the command line, the demo, tests, benchmarks) works as
    /// sdsledger_installation, which has the application's privileges and bypasses row-level security. Only a login
    /// granted that role can connect this way; the API's login is not.
    /// </summary>
    WholeInstallation,

    /// <summary>Works as sdsledger_app: only the tenant each transaction sets is visible (the HTTP API); with none, nothing.</summary>
    PerTenant,
}

/// <summary>One NpgsqlDataSource per process, connecting as the restricted application role.</summary>
public static class LedgerDataSource
{
    public const string ApplicationRole = "sdsledger_app";
    public const string InstallationRole = "sdsledger_installation";

    /// <summary>
    /// A data source whose sessions run as sdsledger_app or sdsledger_installation (set at connection start, so it holds
    /// for the session's life): either may read and append ledger history but never update or delete it.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, ConnectionScope scope = ConnectionScope.WholeInstallation)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = $"-c role={(scope == ConnectionScope.WholeInstallation ? InstallationRole : ApplicationRole)}",
            ApplicationName = "sdsledger",
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            // Hands pooled connections out again without Npgsql's reset statements, which the server would run on
            // every open. Safe only while nothing on this data source leaves session state behind: no session-level
            // SET (SET LOCAL is fine), session advisory lock, temporary table or LISTEN.
            NoResetOnClose = true,
        };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}

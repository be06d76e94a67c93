using Npgsql;

namespace SdsLedger.Ledger;

/// <summary>One NpgsqlDataSource per process, connecting as the restricted application role.</summary>
public static class LedgerDataSource
{
    public const string ApplicationRole = "sdsledger_app";

    /// <summary>
    /// A data source whose sessions run as sdsledger_app (set at connection start, so it holds for the session's life):
    /// it may read and append ledger history but never update or delete it.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = $"-c role={ApplicationRole}",
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

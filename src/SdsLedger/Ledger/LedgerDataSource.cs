using Npgsql;

namespace SdsLedger.Ledger;

/// <summary>One NpgsqlDataSource per process, connecting as the restricted application role.</summary>
public static class LedgerDataSource
{
    public const string ApplicationRole = "sdsledger_app";

    /// <summary>
    /// A data source whose sessions run as sdsledger_app (set at connection start, so pool resets keep it):
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
        };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }
}

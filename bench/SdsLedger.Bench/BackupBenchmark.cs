using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

internal sealed record BackupBenchResult(int Budgets, long Postings, bool Reused, long DatabaseBytes, long ClusterBytes, BaseBackup Backup,
                                         long ArchivedWalBytes, double RestoreSeconds, double AuditSeconds, bool AuditPassed, bool TrialBalanceIsZero);

/// <summary>
/// 'db backup' and 'db restore' of the reports benchmark's council (20,000 budgets, 5 million postings) through the code the
/// command line runs, on a cluster of the benchmark's own (DATA-DIR-backup, the council generated there once and reused):
/// the base backup's size and seconds, the seconds to restore it into a new data directory (unpack, replay, promote, start),
/// and the seconds of the ledger audit the restore then runs. The backup folder and the restored copy are deleted afterwards.
/// </summary>
internal sealed class BackupBenchmark(ReportBenchOptions options, RunLog progress)
{
    public async Task<BackupBenchResult> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        if (server.IsExternal) throw new InvalidOperationException("The backup benchmark backs up SdsLedger's own cluster: unset SDSLEDGER_DB to run it.");
        var cluster = new LocalCluster(Path.TrimEndingDirectorySeparator(server.Cluster!.RequestedDataDirectory) + "-backup", report: progress.Report);
        var admin = await cluster.StartAsync("postgres", ct);
        var shape = new CouncilShape(options.Budgets, options.Postings, CouncilShape.DefaultAsOf);
        var db = await new BenchCouncil(progress).EnsureAsync(admin, ReportBenchmark.Database, shape, options.Rebuild, ct);
        await Databases.ExecuteAsync(db.OwnerConnectionString, "CHECKPOINT", ct);
        var databaseBytes = await Databases.ScalarAsync<long>(admin, $"SELECT pg_database_size('{ReportBenchmark.Database}')", ct);
        var clusterBytes = await Databases.ScalarAsync<long>(admin, "SELECT sum(pg_database_size(oid))::bigint FROM pg_database", ct);

        var folder = new BackupFolder(cluster.DataDirectory + "-backups");
        var restored = cluster.DataDirectory + "-restored";
        await RemoveAsync(folder.Path, restored, ct);
        try
        {
            progress.Report($"Backing up {cluster.DataDirectory} ({clusterBytes / 1e9:F2} GB of databases) into {folder.Path}.");
            var backup = await ClusterBackup.TakeAsync(cluster, folder, progress.Report, ct);
            progress.Report($"Base backup: {backup.Bytes / 1e9:F2} GB in {backup.Took.TotalSeconds:F1} s.");

            var clock = Stopwatch.StartNew();
            var outcome = await ClusterRestore.RestoreAsync(folder, restored, target: null, cluster, progress.Report, ct);
            var restoreSeconds = clock.Elapsed.TotalSeconds;
            progress.Report($"Restored into {restored} in {restoreSeconds:F1} s.");

            var copy = new NpgsqlConnectionStringBuilder(outcome.AdminConnectionString) { Database = ReportBenchmark.Database, CommandTimeout = 0 }.ConnectionString;
            await using var dataSource = LedgerDataSource.Create(copy);
            clock.Restart();
            var audit = await new LedgerAudit(dataSource).RunAsync(ct);
            var trial = await new LedgerQueries(dataSource).TrialBalanceAsync(ct);
            var auditSeconds = clock.Elapsed.TotalSeconds;
            progress.Report($"Audit of the restored ledger: {(audit.Passed ? "passed" : "FAILED")} in {auditSeconds:F1} s.");
            return new BackupBenchResult(options.Budgets, db.Postings, db.Reused, databaseBytes, clusterBytes, backup, folder.Wal().Bytes,
                restoreSeconds, auditSeconds, audit.Passed, trial.Balances);
        }
        finally
        {
            await RemoveAsync(folder.Path, restored, CancellationToken.None);
        }
    }

    private static async Task RemoveAsync(string backups, string restored, CancellationToken ct)
    {
        if (LocalClusterIsThere(restored)) await new LocalCluster(restored).StopAsync(ct);
        foreach (var dir in new[] { backups, restored }.Where(Directory.Exists)) Directory.Delete(dir, recursive: true);
    }

    private static bool LocalClusterIsThere(string dir) => File.Exists(Path.Combine(dir, "PG_VERSION"));

    public static string Table(BackupBenchResult r)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"SdsLedger backup benchmark: the reports council, {r.Budgets:N0} budgets and {r.Postings:N0} postings ({(r.Reused ? "reused" : "generated for this run")})");
        text.AppendLine();
        Row(text, "the council's database", $"{Gb(r.DatabaseBytes)} (the cluster's databases together {Gb(r.ClusterBytes)})");
        Row(text, "base backup (tar, gzip level 1)", $"{Gb(r.Backup.Bytes)} in {r.Backup.Took.TotalSeconds:F1} s");
        Row(text, "WAL archived by then", Gb(r.ArchivedWalBytes));
        Row(text, "restore into a new data directory", $"{r.RestoreSeconds:F1} s (unpack, replay the WAL, promote, start)");
        Row(text, "audit of the restored ledger", $"{(r.AuditPassed ? "passed" : "FAILED")} in {r.AuditSeconds:F1} s; trial balance {(r.TrialBalanceIsZero ? "sums to zero" : "DOES NOT sum to zero")}");
        return text.ToString();
    }

    public static string Json(BackupBenchResult r) => JsonSerializer.Serialize(new
    {
        budgets = r.Budgets,
        postings = r.Postings,
        reused = r.Reused,
        databaseBytes = r.DatabaseBytes,
        clusterBytes = r.ClusterBytes,
        backupBytes = r.Backup.Bytes,
        backupSeconds = Math.Round(r.Backup.Took.TotalSeconds, 2),
        archivedWalBytes = r.ArchivedWalBytes,
        restoreSeconds = Math.Round(r.RestoreSeconds, 2),
        auditSeconds = Math.Round(r.AuditSeconds, 2),
        auditPassed = r.AuditPassed,
        trialBalanceIsZero = r.TrialBalanceIsZero,
    }, new JsonSerializerOptions { WriteIndented = true });

    private static void Row(StringBuilder text, string name, string value) => text.AppendLine(CultureInfo.InvariantCulture, $"{name,-36}{value}");

    private static string Gb(long bytes) => (bytes / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " GB";
}

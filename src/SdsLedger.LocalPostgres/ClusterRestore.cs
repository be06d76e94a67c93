using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace SdsLedger.LocalPostgres;

/// <summary>A restored cluster, running: which base backup it came from, the moment asked for, and its last transaction.</summary>
public sealed record RestoreOutcome(string DataDirectory, BaseBackup From, DateTimeOffset? Target, DateTimeOffset? LastTransactionAt,
                                    int Port, string AdminConnectionString);

/// <summary>
/// Point-in-time recovery from a backup folder into a new data directory: the newest base backup that finished before the
/// moment asked for, then the archived WAL replayed up to that moment, then the copy promoted to a cluster of its own.
/// A restore never writes into a folder that holds anything, so it can never overwrite a cluster.
/// </summary>
public static partial class ClusterRestore
{
    private static readonly string[] CopiedSettingsToDrop =
    [
        "archive_library", "basic_archive.archive_directory", "archive_command", "synchronous_standby_names",
        "primary_conninfo", "primary_slot_name",
    ];

    private static readonly string[] RecoverySettings =
        ["restore_command", "recovery_target_time", "recovery_target_action", "recovery_target_timeline"];

    /// <param name="archivingCluster">The cluster whose backups these are; when it runs, its current WAL is archived first so the restore can reach now.</param>
    public static async Task<RestoreOutcome> RestoreAsync(BackupFolder folder, string into, DateTimeOffset? target, LocalCluster? archivingCluster,
                                                          Action<string> report, CancellationToken ct)
    {
        into = Path.GetFullPath(into);
        var backup = ChooseBaseBackup(folder, target);
        using var restoring = ClusterLock.TryAcquire("restore into " + into)
            ?? throw new BackupRequestException("into", $"Another 'sdsledger db restore' is writing into {into} now; choose another folder.");
        if (File.Exists(into) || Directory.Exists(into) && Directory.EnumerateFileSystemEntries(into).Any())
            throw new BackupRequestException("into",
                $"{into} is not empty. A restore goes into a new folder and never overwrites anything there; choose a folder that does not exist yet.");

        if (archivingCluster is not null && await ClusterBackup.StatusAsync(archivingCluster, ct) is { Folder: { } archive } && archive == folder.WalDirectory)
        {
            report($"Asking the running cluster in {archivingCluster.DataDirectory} to archive its current WAL, so the restore can reach up to now.");
            await ClusterBackup.ArchiveCurrentWalAsync(archivingCluster.RunningConnectionString(), ct);
        }
        if (target is { } moment && folder.Wal().NewestArchivedAt is { } newest && moment > newest)
            throw new BackupRequestException("to",
                $"The archive in {folder.Path} reaches only to about {Describe(newest)}, before {Describe(moment)}. " +
                "Start the cluster that archives there (its current WAL is then archived first), or choose an earlier --to.");

        ServiceAccount.PrepareFolder(into, "the restored cluster's data directory");
        var source = folder.FolderOf(backup);
        report($"Restoring the base backup {backup.Name} (taken {Describe(backup.Started)}) into {into}.");
        await ExtractAsync(Path.Combine(source, "base.tar.gz"), into, ct);
        await ExtractAsync(Path.Combine(source, "pg_wal.tar.gz"), Path.Combine(into, "pg_wal"), ct);

        var recovery = new Dictionary<string, string>
        {
            // The copy archives nothing: its new timeline must never mix with the original's archive.
            ["archive_library"] = "",
            ["archive_command"] = "true",
            ["restore_command"] = $"cp {ShellQuote(folder.WalDirectory)}/%f %p",
            ["recovery_target_action"] = "promote",
            ["recovery_target_timeline"] = "latest",
        };
        if (target is { } at) recovery["recovery_target_time"] = at.ToString("yyyy-MM-dd HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        await ServerSettings.EditStoppedAsync(into, CopiedSettingsToDrop, recovery, ct);
        await File.WriteAllTextAsync(Path.Combine(into, "recovery.signal"), "", ct);
        if (Environment.IsPrivilegedProcess) ServiceAccount.GiveOwnership(Path.Combine(into, "recovery.signal"));
        await LocalCluster.AdoptCopyAsync(into, ct);

        var restored = new LocalCluster(into, report: report);
        report(target is null ? "Replaying the archived WAL to its end." : $"Replaying the archived WAL up to {Describe(target.Value)}.");
        if (!await restored.TryStartOnceAsync(ct)) throw WhyRecoveryStopped(into, target);
        var admin = restored.RunningConnectionString();
        var lastTransaction = await WaitForPromotionAsync(restored, admin, target, report, ct);
        await ServerSettings.ExecuteAsync(admin, ct,
            [.. RecoverySettings.Select(s => $"ALTER SYSTEM RESET {s}"), "SELECT pg_reload_conf()"]);
        return new RestoreOutcome(into, backup, target, lastTransaction, restored.Status().Port!.Value, admin);
    }

    /// <summary>A moment as the command line shows it: the machine's local time with its offset from UTC.</summary>
    public static string Describe(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static BaseBackup ChooseBaseBackup(BackupFolder folder, DateTimeOffset? target)
    {
        var backups = folder.BaseBackups();
        if (backups.Count == 0)
            throw new BackupRequestException("from",
                $"There is no base backup in {folder.Path}. Take one with 'sdsledger db backup --to {folder.Path}'.");
        if (target is not { } moment) return backups[^1];
        if (moment > DateTimeOffset.Now)
            throw new BackupRequestException("to", $"{Describe(moment)} is in the future; give a moment that has passed.");
        return backups.LastOrDefault(b => b.Finished <= moment)
               ?? throw new BackupRequestException("to",
                   $"The oldest base backup in {folder.Path} finished at {Describe(backups[0].Finished)}, after {Describe(moment)}: " +
                   "a restore can reach only moments after a base backup finished.");
    }

    private static async Task ExtractAsync(string archive, string into, CancellationToken ct)
    {
        var run = await ServiceAccount.RunAsync("tar", ["-xzf", archive, "-C", into], ct);
        if (run.ExitCode != 0)
            throw new LocalClusterException($"Could not unpack {archive} into {into}:\n{run.Output.Trim()}");
    }

    /// <summary>Waits until recovery has reached its target and the copy has become a cluster of its own; returns the time of its last transaction.</summary>
    private static async Task<DateTimeOffset?> WaitForPromotionAsync(LocalCluster restored, string admin, DateTimeOffset? target,
                                                                     Action<string> report, CancellationToken ct)
    {
        var lastReport = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(ServerSettings.Unpooled(admin));
                await conn.OpenAsync(ct);
                await using var cmd = new NpgsqlCommand("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp()", conn);
                await using var row = await cmd.ExecuteReaderAsync(ct);
                await row.ReadAsync(ct);
                DateTimeOffset? last = row.IsDBNull(1) ? null : row.GetFieldValue<DateTimeOffset>(1);
                if (!row.GetBoolean(0)) return last;
                if (lastReport.Elapsed > TimeSpan.FromSeconds(15))
                {
                    report(last is null ? "Still replaying WAL." : $"Still replaying WAL: at transactions of {Describe(last.Value)}.");
                    lastReport.Restart();
                }
            }
            catch (NpgsqlException) when (restored.Status().State == ClusterRunState.Running)
            {
                // Connections are refused for a moment while the copy promotes itself.
            }
            catch (NpgsqlException)
            {
                throw WhyRecoveryStopped(restored.DataDirectory, target);
            }
            if (restored.Status().State != ClusterRunState.Running) throw WhyRecoveryStopped(restored.DataDirectory, target);
            await Task.Delay(250, ct);
        }
    }

    private static LocalClusterException WhyRecoveryStopped(string dir, DateTimeOffset? target)
    {
        var log = Path.Combine(dir, "server.log");
        var tail = LocalCluster.Tail(log, 30);
        if (target is { } moment && tail.Contains("recovery ended before configured recovery target was reached", StringComparison.Ordinal))
        {
            var last = LastCompletedTransaction().Match(tail);
            return new LocalClusterException(
                $"The archive ends before {Describe(moment)}" + (last.Success ? $": its last transaction was committed at {last.Groups[1].Value}" : "") + ". " +
                $"Nothing was restored into a usable cluster; delete {dir} and restore again without --to to get everything the archive holds, " +
                "or start the cluster that archives there so that its current WAL reaches the archive first.");
        }
        return new LocalClusterException($"The restored copy in {dir} stopped while replaying WAL. Last lines of {log}:\n{tail}");
    }

    private static string ShellQuote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("last completed transaction was at log time ([0-9-]+ [0-9:.+]+)")]
    private static partial Regex LastCompletedTransaction();
}

using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace SdsLedger.LocalPostgres;

/// <summary>Where a running cluster archives its WAL, and how that is going (pg_stat_archiver).</summary>
public sealed record ArchiveStatus(string? Folder, string? LastArchived, DateTimeOffset? LastArchivedAt, long Failures, DateTimeOffset? LastFailedAt);

/// <summary>
/// Base backups of SdsLedger's own cluster, with its WAL archived continuously into the same folder, so that any moment
/// since the first base backup can be restored (point-in-time recovery).
/// </summary>
public static class ClusterBackup
{
    // A quiet cluster still sends its WAL to the archive at least this often, so a restore reaches within minutes of now.
    private const string ArchiveTimeout = "5min";
    private static readonly TimeSpan ArchiveWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts archiving the cluster's WAL into the folder (restarting the cluster once if archiving was never turned on),
    /// checks that a WAL file arrives there, then takes a base backup (pg_basebackup, tar, gzip).
    /// </summary>
    public static async Task<BaseBackup> TakeAsync(LocalCluster cluster, BackupFolder folder, Action<string> report, CancellationToken ct)
    {
        if (!folder.CanHoldBackups)
            throw new BackupRequestException("to",
                $"{folder.Path} is a file or holds files of something else. Choose an empty folder, or one 'sdsledger db backup' made before.");
        ServiceAccount.PrepareFolder(folder.Path, "a backup folder");
        ServiceAccount.PrepareFolder(folder.BaseDirectory, "a backup folder");
        ServiceAccount.PrepareFolder(folder.WalDirectory, "a WAL archive");

        var admin = await cluster.StartAsync("postgres", ct);
        cluster.LetServerReadState();
        await ArchiveIntoAsync(cluster, admin, folder, report, ct);

        var started = DateTimeOffset.UtcNow;
        var name = BackupFolder.NameFor(started);
        var target = Path.Combine(folder.BaseDirectory, name);
        var server = new NpgsqlConnectionStringBuilder(admin);
        report($"Taking a base backup of {cluster.DataDirectory} into {target}.");
        var clock = Stopwatch.StartNew();
        var run = await ServiceAccount.RunAsync(cluster.Binaries.PgBasebackup,
            ["-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username!, "-w",
             "-D", target, "--format=tar", "--compress=client-gzip:1", "--wal-method=stream", "--checkpoint=fast"],
            ct, new Dictionary<string, string> { ["PGPASSWORD"] = server.Password! });
        if (run.ExitCode != 0)
        {
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            throw new LocalClusterException($"pg_basebackup failed, so no base backup was kept:\n{run.Output.Trim()}");
        }

        var (timeline, startLsn) = WalStart(Path.Combine(target, "backup_manifest"));
        var bytes = new DirectoryInfo(target).GetFiles().Sum(f => f.Length);
        var backup = new BaseBackup(name, started, started + clock.Elapsed, bytes, timeline, startLsn);
        BackupFolder.Describe(target, backup);
        return backup;
    }

    /// <summary>Where the running cluster archives its WAL, and its archiver's counts; null when it is not running.</summary>
    public static async Task<ArchiveStatus?> StatusAsync(LocalCluster cluster, CancellationToken ct)
    {
        if (cluster.Status().State != ClusterRunState.Running) return null;
        await using var conn = new NpgsqlConnection(ServerSettings.Unpooled(cluster.RunningConnectionString()));
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT CASE WHEN current_setting('archive_library') = 'basic_archive'
                        THEN nullif(current_setting('basic_archive.archive_directory', true), '') END,
                   last_archived_wal, last_archived_time, failed_count, last_failed_time
              FROM pg_stat_archiver
            """, conn);
        await using var row = await cmd.ExecuteReaderAsync(ct);
        await row.ReadAsync(ct);
        return new ArchiveStatus(
            row.IsDBNull(0) ? null : row.GetString(0),
            row.IsDBNull(1) ? null : row.GetString(1),
            row.IsDBNull(2) ? null : row.GetFieldValue<DateTimeOffset>(2),
            row.GetInt64(3),
            row.IsDBNull(4) ? null : row.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>
    /// Asks a running cluster to close its current WAL file and waits until the archive holds it, so that the archive
    /// reaches up to now. Fails, naming the server log, when the archiver cannot copy it.
    /// </summary>
    public static async Task ArchiveCurrentWalAsync(string adminConnectionString, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(ServerSettings.Unpooled(adminConnectionString));
        await conn.OpenAsync(ct);
        // A commit first, so that there is WAL to switch away from even on an idle cluster.
        await using (var write = new NpgsqlCommand("SELECT txid_current()", conn)) await write.ExecuteScalarAsync(ct);
        await using var switchWal = new NpgsqlCommand("SELECT pg_walfile_name(pg_switch_wal())", conn);
        var segment = (string)(await switchWal.ExecuteScalarAsync(ct))!;

        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var check = new NpgsqlCommand("SELECT coalesce(last_archived_wal, ''), coalesce(last_failed_wal, '') FROM pg_stat_archiver", conn);
            string archived, failed;
            await using (var row = await check.ExecuteReaderAsync(ct))
            {
                await row.ReadAsync(ct);
                (archived, failed) = (row.GetString(0), row.GetString(1));
            }
            // The archiver also sends backup history files (SEGMENT.OFFSET.backup), named after their segment.
            if (archived.Length >= 24 && string.CompareOrdinal(archived[..24], segment) >= 0) return;
            var failing = failed.StartsWith(segment, StringComparison.Ordinal) && waited.Elapsed > TimeSpan.FromSeconds(5);
            if (failing || waited.Elapsed > ArchiveWait)
                throw new LocalClusterException(
                    $"The WAL file {segment} did not reach the archive" + (failing ? ": the archiver could not copy it. " : $" within {ArchiveWait.TotalSeconds:0} s. ") +
                    "The cluster's server.log says why; check that the backup folder exists, has room, and belongs to the database account.");
            await Task.Delay(200, ct);
        }
    }

    private static async Task ArchiveIntoAsync(LocalCluster cluster, string admin, BackupFolder folder, Action<string> report, CancellationToken ct)
    {
        var current = await StatusAsync(cluster, ct);
        if (current?.Folder is { } previous && previous != folder.WalDirectory)
            report($"The cluster archived its WAL into {previous}; from now on it archives into {folder.WalDirectory}.");

        await ServerSettings.ExecuteAsync(admin, ct,
            // Loaded first, so that this session knows the module's setting and ALTER SYSTEM accepts it.
            "LOAD 'basic_archive'",
            $"ALTER SYSTEM SET basic_archive.archive_directory = {ServerSettings.Literal(folder.WalDirectory)}",
            "ALTER SYSTEM SET archive_library = 'basic_archive'",
            $"ALTER SYSTEM SET archive_timeout = '{ArchiveTimeout}'");
        var mode = await ServerSettings.ScalarAsync<string>(admin, "SELECT current_setting('archive_mode')", ct);
        if (mode == "off")
        {
            report("Restarting the database once to turn WAL archiving on (PostgreSQL reads that setting only at start).");
            await ServerSettings.ExecuteAsync(admin, ct, "ALTER SYSTEM SET archive_mode = 'on'");
            await cluster.RestartAsync(ct);
        }
        else
        {
            await ServerSettings.ExecuteAsync(admin, ct, "SELECT pg_reload_conf()");
        }
        await ArchiveCurrentWalAsync(admin, ct);
    }

    /// <summary>The timeline and first WAL position the base backup needs, from pg_basebackup's manifest.</summary>
    private static (int Timeline, string StartLsn) WalStart(string manifest)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        var range = json.RootElement.GetProperty("WAL-Ranges")[0];
        return (range.GetProperty("Timeline").GetInt32(), range.GetProperty("Start-LSN").GetString()!);
    }
}

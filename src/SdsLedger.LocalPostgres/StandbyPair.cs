using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace SdsLedger.LocalPostgres;

/// <summary>How the standby follows the primary, as the primary sees it (pg_stat_replication).</summary>
public sealed record ReplicationStatus(string State, string SyncState, long LagBytes, TimeSpan? ReplayLag);

/// <summary>The standby's cluster, whether the primary waits for it on every commit, and how far behind it is.</summary>
public sealed record StandbyStatus(ClusterStatus Standby, bool Synchronous, ReplicationStatus? Replication);

/// <summary>
/// A second embedded cluster that streams the first one's WAL and confirms every commit before the primary acknowledges it
/// (synchronous_standby_names, synchronous_commit = on): a spend that was answered is on both disks. It lives beside the
/// primary's data directory, in DIR-standby, and logs in as a replication role with a password of its own.
/// </summary>
public static partial class StandbyPair
{
    public const string ApplicationName = "sdsledger_standby";
    private const string ReplicationRole = "sdsledger_replication";
    private const string Slot = "sdsledger_standby";
    // The slot keeps the WAL a stopped standby has not received, up to this much; beyond it the standby is built again.
    private const string MostWalKeptForStandby = "4GB";
    private static readonly TimeSpan StreamingWait = TimeSpan.FromSeconds(60);

    public static string DirectoryFor(LocalCluster primary) => Path.TrimEndingDirectorySeparator(primary.DataDirectory) + "-standby";

    /// <summary>
    /// Starts the standby (building it first with pg_basebackup when there is none, or when it fell too far behind), waits
    /// until it streams, then makes the primary wait for it on every commit.
    /// </summary>
    public static async Task<ClusterStatus> StartAsync(LocalCluster primary, Action<string> report, CancellationToken ct)
    {
        var admin = await primary.StartAsync("postgres", ct);
        var port = primary.Status().Port!.Value;
        var dir = DirectoryFor(primary);
        var standby = new LocalCluster(dir, primary.Binaries, report);
        using var building = ClusterLock.TryAcquire("standby " + dir)
            ?? throw new LocalClusterException($"Another 'sdsledger db standby start' is starting the standby in {dir} now; wait for it to finish.");

        var slotLost = await ServerSettings.ScalarAsync<bool>(admin,
            $"SELECT NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '{Slot}' AND wal_status <> 'lost')", ct);
        if (LocalCluster.IsInitialised(dir) && slotLost)
        {
            report($"The standby in {dir} has missed WAL the primary no longer keeps, so it is built again from a fresh copy.");
            await StopStandbyAsync(primary, admin, ct);
            Directory.Delete(dir, recursive: true);
        }
        if (!LocalCluster.IsInitialised(dir)) await BuildAsync(primary, admin, port, dir, report, ct);

        await StartCopyAsync(dir, port, primary.Binaries, report, ct);
        await WaitForAsync(admin, "state = 'streaming'", "stream from the primary", dir, ct);
        await ServerSettings.ExecuteAsync(admin, ct,
            $"ALTER SYSTEM SET synchronous_standby_names = '{ApplicationName}'",
            "ALTER SYSTEM SET synchronous_commit = 'on'",
            "SELECT pg_reload_conf()");
        primary.SetStandby(dir);
        await WaitForAsync(admin, "sync_state = 'sync'", "confirm commits synchronously", dir, ct);
        return standby.Status();
    }

    /// <summary>Makes the primary stop waiting for the standby (writes go on at once), then stops the standby. False when there is none.</summary>
    public static async Task<bool> StopAsync(LocalCluster primary, CancellationToken ct)
    {
        var dir = DirectoryFor(primary);
        if (!LocalCluster.IsInitialised(dir)) return false;
        var admin = primary.Status().State == ClusterRunState.Running ? primary.RunningConnectionString() : null;
        await StopStandbyAsync(primary, admin, ct);
        return true;
    }

    /// <summary>The standby's state and lag as the primary reports them; null when there is no standby.</summary>
    public static async Task<StandbyStatus?> StatusAsync(LocalCluster primary, CancellationToken ct)
    {
        var dir = DirectoryFor(primary);
        if (!LocalCluster.IsInitialised(dir)) return null;
        var standby = new LocalCluster(dir, primary.Binaries).Status();
        var synchronous = primary.StandbyDirectory is not null;
        if (primary.Status().State != ClusterRunState.Running) return new StandbyStatus(standby, synchronous, null);

        await using var conn = new NpgsqlConnection(ServerSettings.Unpooled(primary.RunningConnectionString()));
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT state, sync_state, coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint, replay_lag
              FROM pg_stat_replication WHERE application_name = '{ApplicationName}'
            """, conn);
        await using var row = await cmd.ExecuteReaderAsync(ct);
        var replication = await row.ReadAsync(ct)
            ? new ReplicationStatus(row.GetString(0), row.GetString(1), row.GetInt64(2), row.IsDBNull(3) ? null : row.GetFieldValue<TimeSpan>(3))
            : null;
        return new StandbyStatus(standby, synchronous, replication);
    }

    /// <summary>
    /// The application's connection string over both clusters: "read-write" finds the primary, for every write;
    /// "prefer-standby" reads from the standby while it runs and from the primary otherwise (reports, statements).
    /// </summary>
    public static string BothClusters(string primaryConnectionString, int standbyPort, string targetSessionAttributes)
    {
        var builder = new NpgsqlConnectionStringBuilder(primaryConnectionString);
        builder.Host = $"{builder.Host}:{builder.Port},{builder.Host}:{standbyPort}";
        builder.TargetSessionAttributes = targetSessionAttributes;
        // Npgsql trusts what it learnt of a host (primary, standby, down) this long; its default is 10 s.
        builder.HostRecheckSeconds = 2;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Starts the standby of a primary that has just started. If the standby's folder is gone, the primary stops waiting
    /// for it, so that its commits do not wait for ever.
    /// </summary>
    internal static async Task ResumeAsync(LocalCluster primary, string admin, int primaryPort, Action<string> report, CancellationToken ct)
    {
        var dir = primary.StandbyDirectory!;
        if (LocalCluster.IsInitialised(dir))
        {
            await StartCopyAsync(dir, primaryPort, primary.Binaries, report, ct);
            return;
        }
        report($"The standby in {dir} is gone, so the database runs on its own until 'sdsledger db standby start' builds a new one.");
        await StopStandbyAsync(primary, admin, ct);
    }

    /// <summary>Starts an existing standby, pointing it at the primary's port first (the primary may have moved to a free one).</summary>
    private static async Task StartCopyAsync(string dir, int primaryPort, ServerBinaries binaries, Action<string> report, CancellationToken ct)
    {
        var standby = new LocalCluster(dir, binaries, report);
        var autoConf = await File.ReadAllTextAsync(Path.Combine(dir, "postgresql.auto.conf"), ct);
        var password = ConninfoPassword().Match(autoConf) is { Success: true } m ? m.Groups[1].Value
            : throw new LocalClusterException($"The standby in {dir} does not say how it logs in to the primary; stop it and delete that folder to build it again.");
        var conninfo = Conninfo(primaryPort, password);
        if (standby.Status().State == ClusterRunState.Running)
            await ServerSettings.ExecuteAsync(standby.RunningConnectionString(), ct,
                $"ALTER SYSTEM SET primary_conninfo = {ServerSettings.Literal(conninfo)}", "SELECT pg_reload_conf()");
        else
            await ServerSettings.EditStoppedAsync(dir, [], new Dictionary<string, string> { ["primary_conninfo"] = conninfo }, ct);
        await standby.StartAsync("postgres", ct);
    }

    private static async Task BuildAsync(LocalCluster primary, string admin, int port, string dir, Action<string> report, CancellationToken ct)
    {
        report($"Building a standby of {primary.DataDirectory} in {dir}.");
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var exists = await ServerSettings.ScalarAsync<bool>(admin, $"SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ReplicationRole}')", ct);
        await ServerSettings.ExecuteAsync(admin, ct,
            $"{(exists ? "ALTER" : "CREATE")} ROLE {ReplicationRole} WITH REPLICATION LOGIN PASSWORD '{password}'",
            $"SELECT pg_create_physical_replication_slot('{Slot}') WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '{Slot}')",
            $"ALTER SYSTEM SET max_slot_wal_keep_size = '{MostWalKeptForStandby}'",
            "SELECT pg_reload_conf()");

        ServiceAccount.PrepareFolder(dir, "the standby's data directory");
        primary.LetServerReadState();
        var copy = await ServiceAccount.RunAsync(primary.Binaries.PgBasebackup,
            ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", ReplicationRole, "-w", "-D", dir,
             "--wal-method=stream", "--slot", Slot, "--checkpoint=fast", "--write-recovery-conf"],
            ct, new Dictionary<string, string> { ["PGPASSWORD"] = password });
        if (copy.ExitCode != 0)
        {
            Directory.Delete(dir, recursive: true);
            throw new LocalClusterException($"pg_basebackup could not copy the primary for the standby:\n{copy.Output.Trim()}");
        }

        // The copy carries the primary's own settings: a standby that waited for a standby of its own would never commit.
        await ServerSettings.EditStoppedAsync(dir, ["synchronous_standby_names"], new Dictionary<string, string>
        {
            ["primary_conninfo"] = Conninfo(port, password),
            ["primary_slot_name"] = Slot,
            // Reports and statements read here: the primary keeps the rows their snapshots still need, so vacuum's
            // clean-up does not cancel a long report (it costs some bloat on the primary while one runs).
            ["hot_standby_feedback"] = "on",
        }, ct);
        await LocalCluster.AdoptCopyAsync(dir, ct);
    }

    private static async Task StopStandbyAsync(LocalCluster primary, string? admin, CancellationToken ct)
    {
        if (admin is not null)
            await ServerSettings.ExecuteAsync(admin, ct, "ALTER SYSTEM RESET synchronous_standby_names", "SELECT pg_reload_conf()");
        var dir = primary.StandbyDirectory ?? DirectoryFor(primary);
        primary.SetStandby(null);
        if (LocalCluster.IsInitialised(dir)) await new LocalCluster(dir, primary.Binaries).StopAsync(ct);
    }

    private static async Task WaitForAsync(string admin, string condition, string what, string dir, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StreamingWait;
        while (!await ServerSettings.ScalarAsync<bool>(admin,
                   $"SELECT EXISTS (SELECT 1 FROM pg_stat_replication WHERE application_name = '{ApplicationName}' AND {condition})", ct))
        {
            if (DateTime.UtcNow > deadline)
                throw new LocalClusterException(
                    $"The standby in {dir} did not {what} within {StreamingWait.TotalSeconds:0} s. Its server.log says why.");
            await Task.Delay(200, ct);
        }
    }

    private static string Conninfo(int primaryPort, string password) =>
        $"host=127.0.0.1 port={primaryPort} user={ReplicationRole} password={password} application_name={ApplicationName}";

    [GeneratedRegex(@"primary_conninfo = '[^']*password=([0-9a-f]+)")]
    private static partial Regex ConninfoPassword();
}

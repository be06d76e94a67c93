using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace SdsLedger.LocalPostgres;

public enum ClusterRunState
{
    NotInitialised,
    Stopped,
    Running,
}

public sealed record ClusterStatus(ClusterRunState State, string DataDirectory, int? Port, int? ProcessId);

/// <summary>
/// A PostgreSQL cluster that SdsLedger owns: initialised on first use, started on 127.0.0.1 on a free port,
/// reused while it runs, and started again after a crash or reboot. As root, the server programs run
/// under an unprivileged account because PostgreSQL refuses to run as root.
/// </summary>
public sealed class LocalCluster
{
    public const string Superuser = "sdsledger";
    private const string StateFileName = "sdsledger-cluster.json";
    private const int MaxSocketPathLength = 100;

    private readonly Action<string> _report;
    private readonly Lazy<ServerBinaries> _binaries;

    public LocalCluster(string dataDirectory, ServerBinaries? binaries = null, Action<string>? report = null)
    {
        RequestedDataDirectory = Path.GetFullPath(dataDirectory);
        _binaries = new Lazy<ServerBinaries>(() => binaries ?? ServerBinaries.Find());
        _report = report ?? (_ => { });
    }

    /// <summary>The folder asked for (default .sdsledger/pg under the working directory).</summary>
    public string RequestedDataDirectory { get; }

    /// <summary>
    /// Where the cluster really lives: the requested folder, or, when running as root and the unprivileged
    /// account cannot reach that folder, a folder under /var/lib/sdsledger named after it.
    /// </summary>
    public string DataDirectory => ResolveDataDirectory(forNewCluster: false);

    public ServerBinaries Binaries => _binaries.Value;

    public static string DefaultDataDirectory(string workingDirectory) =>
        Path.Combine(workingDirectory, ".sdsledger", "pg");

    public ClusterStatus Status()
    {
        var dir = DataDirectory;
        if (!IsInitialised(dir)) return new ClusterStatus(ClusterRunState.NotInitialised, dir, null, null);
        var pid = PidFile.Read(dir);
        return pid is { IsAlive: true }
            ? new ClusterStatus(ClusterRunState.Running, dir, pid.Port, pid.ProcessId)
            : new ClusterStatus(ClusterRunState.Stopped, dir, null, null);
    }

    /// <summary>Starts the cluster if it is not running (initialising it first if needed) and returns the superuser connection string to the given database.</summary>
    public async Task<string> StartAsync(string database = "postgres", CancellationToken ct = default)
    {
        // A missing server is reported before anything is created on disk or an account is added.
        _ = Binaries;
        using (await ClusterLock.AcquireAsync(RequestedDataDirectory, ct))
        {
            var dir = ResolveDataDirectory(forNewCluster: true);
            if (!IsInitialised(dir)) await InitialiseAsync(dir, ct);
            var state = ReadState(dir);

            var pid = PidFile.Read(dir);
            if (pid is { IsAlive: true })
            {
                if (pid.Port != state.Port) WriteState(dir, state with { Port = pid.Port });
                return await WaitForConnectionsAsync(state with { Port = pid.Port }, database, ct);
            }

            if (pid is not null)
            {
                _report($"Removing a stale lock file left by PostgreSQL process {pid.ProcessId}, which is no longer running.");
                File.Delete(Path.Combine(dir, "postmaster.pid"));
            }

            var port = IsPortFree(state.Port) ? state.Port : FreePort();
            if (port != state.Port)
            {
                state = state with { Port = port };
                WriteState(dir, state);
            }

            _report($"Starting PostgreSQL on 127.0.0.1:{port} (data in {dir}).");
            await StartServerAsync(dir, port, ct);
            var cs = await WaitForConnectionsAsync(state, database, ct);
            // With synchronous replication on, the primary's commits wait for the standby, so the pair starts together.
            if (state.Standby is not null) await StandbyPair.ResumeAsync(this, cs, port, _report, ct);
            return cs;
        }
    }

    /// <summary>Stops the cluster if it runs. Returns false when it was not running.</summary>
    public async Task<bool> StopAsync(CancellationToken ct = default)
    {
        using (await ClusterLock.AcquireAsync(RequestedDataDirectory, ct))
        {
            var dir = DataDirectory;
            if (!IsInitialised(dir)) return false;
            var pid = PidFile.Read(dir);
            if (pid is null) return false;
            if (!pid.IsAlive)
            {
                File.Delete(Path.Combine(dir, "postmaster.pid"));
                return false;
            }

            var result = await RunServerProgramAsync(Binaries.PgCtl, ["stop", "-D", dir, "-m", "fast", "-w", "-t", "60"], ct);
            if (result.ExitCode != 0)
                throw new LocalClusterException($"PostgreSQL did not stop: {result.Output.Trim()}");
            if (ReadState(dir).Standby is { } standby) await new LocalCluster(standby, Binaries, _report).StopAsync(ct);
            return true;
        }
    }

    /// <summary>Restarts the running cluster (for settings PostgreSQL reads only at start), keeping its port.</summary>
    internal async Task RestartAsync(CancellationToken ct)
    {
        using (await ClusterLock.AcquireAsync(RequestedDataDirectory, ct))
        {
            var dir = DataDirectory;
            var log = Path.Combine(dir, "server.log");
            var result = await RunServerProgramAsync(Binaries.PgCtl, ["restart", "-D", dir, "-m", "fast", "-w", "-t", "60", "-l", log], ct);
            if (result.ExitCode != 0)
                throw new LocalClusterException($"PostgreSQL did not restart in {dir}: {result.Output.Trim()}\nLast lines of its log:\n{Tail(log, 15)}");
        }
    }

    /// <summary>
    /// Starts a copy that replays WAL (a restore) once: when it fails, the copy's log says why, and starting it again
    /// would only replay the same WAL again. False when it did not start.
    /// </summary>
    internal async Task<bool> TryStartOnceAsync(CancellationToken ct)
    {
        using (await ClusterLock.AcquireAsync(RequestedDataDirectory, ct))
        {
            var dir = DataDirectory;
            var port = ReadState(dir).Port;
            var start = await RunServerProgramAsync(Binaries.PgCtl,
                ["start", "-D", dir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "600", "-o", $"-p {port}"], ct);
            return start.ExitCode == 0 || PidFile.Read(dir) is { IsAlive: true };
        }
    }

    /// <summary>The data directory of this cluster's synchronous standby while the pair runs, else null.</summary>
    internal string? StandbyDirectory => IsInitialised(DataDirectory) ? ReadState(DataDirectory).Standby : null;

    /// <summary>Rewrites the state file as it is, so that it belongs to the server's account (clusters made before backups existed kept it as root's).</summary>
    internal void LetServerReadState() => WriteState(DataDirectory, ReadState(DataDirectory));

    internal void SetStandby(string? standbyDirectory)
    {
        var dir = DataDirectory;
        WriteState(dir, ReadState(dir) with { Standby = standbyDirectory });
    }

    /// <summary>
    /// Makes a physical copy of a cluster (a restored backup, a standby) a cluster of its own: a port of its own, its socket
    /// in its own folder, and no standby. The copy keeps the superuser and password of the cluster it was copied from.
    /// </summary>
    internal static async Task AdoptCopyAsync(string dir, CancellationToken ct)
    {
        WriteState(dir, ReadState(dir) with { Port = FreePort(), Standby = null });
        File.Delete(Path.Combine(dir, "server.log"));
        var settings = $"""

            # Added by SdsLedger for this copy: its socket lives in its own folder.
            unix_socket_directories = '{SocketDirectorySetting(dir)}'

            """;
        await File.AppendAllTextAsync(Path.Combine(dir, "postgresql.conf"), settings, ct);
    }

    /// <summary>The last lines of the server's log, to explain a failure the client saw only as a lost connection.</summary>
    public string RecentLog(int lines) => Tail(Path.Combine(DataDirectory, "server.log"), lines);

    /// <summary>The superuser's connection string to a database of this running cluster, without starting it.</summary>
    internal string RunningConnectionString(string database = "postgres") =>
        Status() is { State: ClusterRunState.Running, Port: { } port }
            ? ConnectionString(database, port)
            : throw new LocalClusterException($"The cluster in {DataDirectory} is not running. Start it with 'sdsledger db start'.");

    /// <summary>Connection string for the superuser of a running or startable cluster, without starting it.</summary>
    public string ConnectionString(string database, int port)
    {
        var state = ReadState(DataDirectory);
        return BuildConnectionString(state with { Port = port }, database);
    }

    internal static string BuildConnectionString(ClusterState state, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = state.Port,
            Username = state.Superuser,
            Password = state.Password,
            Database = database,
        }.ConnectionString;

    internal static bool IsInitialised(string dir) => File.Exists(Path.Combine(dir, "PG_VERSION"));

    private string FallbackDirectory()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RequestedDataDirectory)))[..16];
        return Path.Combine("/var/lib/sdsledger/clusters", hash);
    }

    private string ResolveDataDirectory(bool forNewCluster)
    {
        if (IsInitialised(RequestedDataDirectory) || !Environment.IsPrivilegedProcess) return RequestedDataDirectory;
        var fallback = FallbackDirectory();
        if (IsInitialised(fallback)) return fallback;
        if (!forNewCluster) return RequestedDataDirectory;
        return ServiceAccount.CanReach(Path.GetDirectoryName(RequestedDataDirectory)!) ? RequestedDataDirectory : fallback;
    }

    private async Task InitialiseAsync(string dir, CancellationToken ct)
    {
        if (File.Exists(dir))
            throw new LocalClusterException(
                $"The data directory {dir} is a file, not a folder. Choose another folder with --data-dir or SDSLEDGER_DATA.");
        if (dir != RequestedDataDirectory)
            _report($"The database account cannot reach {RequestedDataDirectory}, so the cluster lives in {dir} instead.");
        _report($"Creating a new PostgreSQL cluster in {dir}.");

        Directory.CreateDirectory(dir);
        if (Directory.EnumerateFileSystemEntries(dir).Any())
            throw new LocalClusterException(
                $"The data directory {dir} is not empty and does not hold a PostgreSQL cluster. " +
                "Move its contents away or choose another folder with --data-dir or SDSLEDGER_DATA.");

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var passwordFile = Path.Combine(Path.GetTempPath(), $"sdsledger-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, password + "\n", ct);
        OwnerOnly(passwordFile);
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                ServiceAccount.GiveOwnership(dir);
                ServiceAccount.GiveOwnership(passwordFile);
            }
            OwnerOnly(dir, isDirectory: true);

            var init = await RunServerProgramAsync(Binaries.InitDb,
                ["-D", dir, "-U", Superuser, "--pwfile", passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"], ct);
            if (init.ExitCode != 0)
                throw new LocalClusterException($"initdb failed for {dir}:\n{init.Output.Trim()}");
        }
        finally
        {
            File.Delete(passwordFile);
        }

        var settings = $"""

            # Added by SdsLedger: loopback only, socket inside the data directory.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{SocketDirectorySetting(dir)}'
            max_connections = 200
            logging_collector = off
            # Finished WAL is recycled until 'sdsledger db backup' names a folder to archive it into (archive_library).
            archive_mode = on
            archive_command = 'true'

            """;
        await File.AppendAllTextAsync(Path.Combine(dir, "postgresql.conf"), settings, ct);
        WriteState(dir, new ClusterState(Superuser, password, FreePort()));
    }

    private async Task StartServerAsync(string dir, int port, CancellationToken ct)
    {
        var logFile = Path.Combine(dir, "server.log");
        for (var attempt = 1; ; attempt++)
        {
            var start = await RunServerProgramAsync(Binaries.PgCtl,
                ["start", "-D", dir, "-l", logFile, "-w", "-t", "60", "-o", $"-p {port}"], ct);
            if (start.ExitCode == 0) return;

            // After a SIGKILL the old server's children may hold shared memory for a moment; waiting clears it.
            if (attempt < 5)
            {
                var pid = PidFile.Read(dir);
                if (pid is { IsAlive: false }) File.Delete(Path.Combine(dir, "postmaster.pid"));
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
                continue;
            }

            var tail = Tail(logFile, 15);
            throw new LocalClusterException(
                $"PostgreSQL would not start in {dir}.\n{start.Output.Trim()}\nLast lines of {logFile}:\n{tail}" +
                (DiskFull.IsNamedIn(tail) ? $"\n{DiskFull.Advice(dir)}" : ""));
        }
    }

    private static async Task<string> WaitForConnectionsAsync(ClusterState state, string database, CancellationToken ct)
    {
        var cs = BuildConnectionString(state, database);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(cs + ";Pooling=false;Timeout=5");
                await conn.OpenAsync(ct);
                return cs;
            }
            catch (Exception e) when (e is NpgsqlException or PostgresException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    private static string SocketDirectorySetting(string dir) =>
        dir.Length + "/.s.PGSQL.65535".Length <= MaxSocketPathLength ? dir.Replace("'", "''", StringComparison.Ordinal) : "";

    private static Task<ProgramResult> RunServerProgramAsync(string program, IReadOnlyList<string> args, CancellationToken ct) =>
        ServiceAccount.RunAsync(program, args, ct);

    internal static string Tail(string file, int lines)
    {
        try
        {
            return string.Join('\n', File.ReadLines(file).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(log not readable)";
        }
    }

    private static bool IsPortFree(int port)
    {
        if (port <= 0) return false;
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static ClusterState ReadState(string dir)
    {
        var path = Path.Combine(dir, StateFileName);
        if (!File.Exists(path))
            throw new LocalClusterException(
                $"The cluster in {dir} was not created by SdsLedger ({StateFileName} is missing), so its password is unknown. " +
                "Choose another folder with --data-dir or SDSLEDGER_DATA, or set SDSLEDGER_DB to a connection string for it.");
        return JsonSerializer.Deserialize<ClusterState>(File.ReadAllText(path))
               ?? throw new LocalClusterException($"{path} is empty.");
    }

    internal static void WriteState(string dir, ClusterState state)
    {
        var path = Path.Combine(dir, StateFileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(state));
        OwnerOnly(temp);
        // The server must read it too: pg_basebackup copies every file of the data directory (backups, standbys).
        if (Environment.IsPrivilegedProcess) ServiceAccount.GiveOwnership(temp);
        File.Move(temp, path, overwrite: true);
    }

    private static void OwnerOnly(string path, bool isDirectory = false)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | (isDirectory ? UnixFileMode.UserExecute : 0);
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>What SdsLedger keeps beside a cluster: its superuser and password, its port, and its standby's folder while the pair runs.</summary>
    internal sealed record ClusterState(string Superuser, string Password, int Port, string? Standby = null);
}

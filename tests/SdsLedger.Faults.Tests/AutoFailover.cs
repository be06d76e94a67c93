using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Faults.Tests;

/// <summary>One PostgreSQL node of the formation: its name, port, data directory and the pg_autoctl process that keeps it.</summary>
internal sealed class FormationNode(string name, int port, string dataDirectory)
{
    public string Name { get; } = name;
    public int Port { get; } = port;
    public string DataDirectory { get; } = dataDirectory;
    public Process? Keeper { get; set; }
}

/// <summary>
/// A pg_auto_failover formation on loopback ports, as production would run it on three machines: a monitor and two
/// PostgreSQL nodes, each kept by its own pg_autoctl, started as the database account with a home of its own in the test's
/// folder. Trust authentication and no TLS: everything listens on 127.0.0.1 only and lives for one test.
/// The monitor's health checks are shortened (the keepers' network partition timeout with them, so a primary cut off
/// from the monitor still demotes itself before its standby is promoted) so that five failovers fit in a few minutes.
/// </summary>
internal sealed class AutoFailover : IAsyncDisposable
{
    private const string Autoctl = "/usr/bin/pg_autoctl";
    private readonly Scratch _scratch;
    private readonly ServerBinaries _binaries = ServerBinaries.Find();
    private readonly string _home;
    private readonly int _monitorPort = FreePort();
    private Process? _monitor;

    private AutoFailover(Scratch scratch)
    {
        _scratch = scratch;
        _home = scratch.Folder("home");
        Nodes = [new FormationNode("node1", FreePort(), scratch.Folder("node1")), new FormationNode("node2", FreePort(), scratch.Folder("node2"))];
    }

    public IReadOnlyList<FormationNode> Nodes { get; }

    private string MonitorUri => $"postgres://autoctl_node@127.0.0.1:{_monitorPort}/pg_auto_failover?sslmode=disable";

    /// <summary>The application's connection string, as 'pg_autoctl show uri --formation default' gives it, in Npgsql's words.</summary>
    public string ApplicationConnectionString =>
        $"Host={string.Join(',', Nodes.Select(n => $"127.0.0.1:{n.Port}"))};Database=sdsledger;Username=postgres;" +
        "Target Session Attributes=read-write;Host Recheck Seconds=1;Timeout=3";

    public static async Task<AutoFailover> StartAsync(Scratch scratch, Action<string> log, CancellationToken ct)
    {
        if (!File.Exists(Autoctl))
            throw new InvalidOperationException($"{Autoctl} is missing: install the Debian package postgresql-15-auto-failover (.ci/run does).");
        var formation = new AutoFailover(scratch);
        Directory.CreateDirectory(formation._home);
        if (Environment.IsPrivilegedProcess) await RunAsync("chown", ["postgres:", scratch.Path, formation._home], ct);

        formation._monitor = formation.Keep("monitor", ["create", "monitor", "--pgdata", scratch.Folder("monitor"), "--pgport", Port(formation._monitorPort),
            "--pgctl", formation._binaries.PgCtl, "--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl", "--run"]);
        await formation.UntilAsync(async () => await formation.MonitorAnswersAsync(ct), "the monitor accepts connections", TimeSpan.FromSeconds(60), ct);
        await formation.ShortenTimeoutsAsync(ct);
        log($"monitor up on {formation._monitorPort}");

        foreach (var node in formation.Nodes)
        {
            node.Keeper = formation.Keep(node.Name, ["create", "postgres", "--pgdata", node.DataDirectory, "--pgport", Port(node.Port),
                "--pgctl", formation._binaries.PgCtl, "--hostname", "127.0.0.1", "--listen", "127.0.0.1", "--name", node.Name,
                "--dbname", "sdsledger", "--auth", "trust", "--no-ssl", "--monitor", formation.MonitorUri, "--run"]);
            await formation.UntilAsync(async () => (await formation.StatesAsync(ct)).ContainsKey(node.Name), $"{node.Name} registers", TimeSpan.FromSeconds(60), ct);
        }
        await formation.UntilHealthyAsync(ct);
        await formation.SetKeeperTimeoutsAsync(ct);
        log($"nodes up: {string.Join(", ", formation.Nodes.Select(n => $"{n.Name} on {n.Port}"))}");
        return formation;
    }

    /// <summary>The node the monitor names primary.</summary>
    public async Task<FormationNode> PrimaryAsync(CancellationToken ct)
    {
        var states = await StatesAsync(ct);
        return Nodes.Single(n => states.TryGetValue(n.Name, out var s) && s.Reported == "primary" && s.Goal == "primary");
    }

    /// <summary>
    /// The node dies at once, as if its machine lost power: SIGKILL to its PostgreSQL server (the process named in its
    /// postmaster.pid) and to its pg_autoctl processes together. Returns the server's process id once it is gone.
    /// </summary>
    public static async Task<int> KillAsync(FormationNode node, CancellationToken ct)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(node.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        KillQuietly(postmaster);
        node.Keeper!.Kill(entireProcessTree: true);
        foreach (var pid in Scratch.ProcessesNaming(node.DataDirectory)) KillQuietly(pid);
        for (var waited = 0; Directory.Exists($"/proc/{postmaster}") && File.ReadAllText($"/proc/{postmaster}/stat").Split(' ')[2] != "Z"; waited++)
        {
            if (waited > 100) throw new InvalidOperationException($"The server of {node.Name} (process {postmaster}) survived SIGKILL.");
            await Task.Delay(50, ct);
        }
        return postmaster;
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            Process.GetProcessById(pid).Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Starts the node's pg_autoctl again; it rejoins as the secondary (pg_rewind, if it must).</summary>
    public void Restart(FormationNode node)
    {
        node.Keeper!.Dispose();
        node.Keeper = Keep(node.Name, ["run", "--pgdata", node.DataDirectory]);
    }

    /// <summary>Waits until one node is primary and the other secondary, both as the monitor wants them.</summary>
    public Task UntilHealthyAsync(CancellationToken ct) =>
        UntilAsync(async () =>
        {
            var states = await StatesAsync(ct);
            var settled = states.Values.Where(s => s.Reported == s.Goal).Select(s => s.Reported).Order().ToList();
            if (settled.SequenceEqual(["primary", "secondary"])) return true;
            // pg_basebackup of a new secondary waits for a checkpoint on the primary; ask for one rather than wait minutes.
            if (states.Values.Any(s => s.Goal == "catchingup"))
                foreach (var node in Nodes) await TryAsync(() => ExecuteAsync(node.Port, "CHECKPOINT", ct));
            return false;
        }, "one primary and one secondary", TimeSpan.FromSeconds(120), ct);

    public async Task<string> DescribeAsync(CancellationToken ct)
    {
        var states = await StatesAsync(ct);
        return string.Join("; ", states.Select(s => $"{s.Key} {s.Value.Reported}/{s.Value.Goal}"));
    }

    public string LogTail(int lines) =>
        string.Join("\n", new[] { "monitor" }.Concat(Nodes.Select(n => n.Name)).Select(name =>
        {
            var path = _scratch.Folder($"{name}.log");
            return $"--- {name}.log ---\n" + (File.Exists(path) ? string.Join("\n", File.ReadLines(path).TakeLast(lines)) : "(none)");
        }));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) node.Keeper?.Kill(entireProcessTree: true);
        _monitor?.Kill(entireProcessTree: true);
        _scratch.EndProcessesStartedHere();
        await Task.Delay(200);
        foreach (var node in Nodes) node.Keeper?.Dispose();
        _monitor?.Dispose();
    }

    private async Task<Dictionary<string, (string Reported, string Goal)>> StatesAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(Monitor("pg_auto_failover"));
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT nodename, reportedstate::text, goalstate::text FROM pgautofailover.node", conn);
        await using var row = await cmd.ExecuteReaderAsync(ct);
        var states = new Dictionary<string, (string, string)>();
        while (await row.ReadAsync(ct)) states[row.GetString(0)] = (row.GetString(1), row.GetString(2));
        return states;
    }

    private async Task<bool> MonitorAnswersAsync(CancellationToken ct)
    {
        try
        {
            await StatesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException)
        {
            return false;
        }
    }

    private async Task ShortenTimeoutsAsync(CancellationToken ct)
    {
        string[] settings =
        [
            "pgautofailover.health_check_period = 1000", "pgautofailover.health_check_timeout = 1000",
            "pgautofailover.health_check_max_retries = 1", "pgautofailover.health_check_retry_delay = 500",
            "pgautofailover.node_considered_unhealthy_timeout = 2000", "pgautofailover.primary_demote_timeout = 5000",
        ];
        await using var conn = new NpgsqlConnection(Monitor("pg_auto_failover"));
        await conn.OpenAsync(ct);
        foreach (var setting in settings)
        {
            await using var cmd = new NpgsqlCommand($"ALTER SYSTEM SET {setting}", conn);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", conn);
        await reload.ExecuteNonQueryAsync(ct);
    }

    private async Task SetKeeperTimeoutsAsync(CancellationToken ct)
    {
        foreach (var node in Nodes)
        {
            await RunAsServerAsync(["config", "set", "--pgdata", node.DataDirectory, "timeout.network_partition_timeout", "4"], ct);
            await RunAsServerAsync(["reload", "--pgdata", node.DataDirectory], ct);
        }
    }

    private string Monitor(string database) =>
        $"Host=127.0.0.1;Port={_monitorPort};Username=postgres;Database={database};Pooling=false;Timeout=3";

    private static async Task ExecuteAsync(int port, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=3");
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task TryAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (NpgsqlException)
        {
            // A node that is starting or copying does not answer yet.
        }
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan limit, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit)
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}.\n{LogTail(15)}");
            await Task.Delay(250, ct);
        }
    }

    /// <summary>Starts pg_autoctl as the database account, its output appended to NAME.log in the test's folder.</summary>
    private Process Keep(string name, IReadOnlyList<string> args)
    {
        var log = _scratch.Folder($"{name}.log");
        var command = string.Join(' ', new[] { Autoctl }.Concat(args).Select(Quote)) + $" >> {Quote(log)} 2>&1";
        var info = ServerAccountCommand(["sh", "-c", "exec " + command]);
        return Process.Start(info)!;
    }

    private async Task RunAsServerAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var info = ServerAccountCommand([Autoctl, .. args]);
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct) + await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_autoctl {string.Join(' ', args)} failed: {output}");
    }

    /// <summary>A command run as the database account (pg_autoctl refuses root), with a clean environment and the test's home.</summary>
    private ProcessStartInfo ServerAccountCommand(IReadOnlyList<string> command)
    {
        var info = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : "env") { UseShellExecute = false, WorkingDirectory = _scratch.Path };
        if (Environment.IsPrivilegedProcess) foreach (var a in new[] { "-u", "postgres", "--", "env" }) info.ArgumentList.Add(a);
        foreach (var a in new[] { "-i", $"PATH={_binaries.Directory}:/usr/bin:/bin", $"HOME={_home}", "LC_ALL=C.UTF-8" }) info.ArgumentList.Add(a);
        foreach (var a in command) info.ArgumentList.Add(a);
        return info;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false })!;
        await process.WaitForExitAsync(ct);
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

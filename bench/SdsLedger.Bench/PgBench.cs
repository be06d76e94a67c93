using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

/// <summary>Runs pgbench's built-in tpcb-like workload on its own database of the same server.</summary>
internal static partial class PgBench
{
    public const string Database = "sdsledger_pgbench";

    /// <summary>Next to the server programs, then Debian's /usr/lib/postgresql/*/bin (newest first), then PATH.</summary>
    public static string Find()
    {
        var candidates = new List<string>();
        try
        {
            candidates.Add(Path.Combine(ServerBinaries.Find().Directory, "pgbench"));
        }
        catch (PostgresNotInstalledException)
        {
            // With SDSLEDGER_DB there may be no server here, only a client.
        }
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", "pgbench")));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "pgbench")));
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException(
                   "pgbench was not found next to the PostgreSQL server, in /usr/lib/postgresql/*/bin or on PATH. " +
                   "Install it with the server ('apt-get install postgresql' includes it).");
    }

    /// <summary>A fresh pgbench database at the given scale, initialised and checkpointed; dispose it to drop it.</summary>
    public static async Task<PgBenchDatabase> InitialiseAsync(string pgbench, string adminConnectionString, int scale, RunLog progress,
                                                              CancellationToken ct)
    {
        await Databases.RecreateAsync(adminConnectionString, Database, ct);
        var target = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = Database };
        var database = new PgBenchDatabase(pgbench, adminConnectionString, target);
        try
        {
            progress.Report($"pgbench: initialising scale {scale} ({scale * 100_000:N0} pgbench_accounts rows).");
            await RunAsync(pgbench, target, ["-i", "-s", scale.ToString(CultureInfo.InvariantCulture), "-q"], ct);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>One run of the built-in tpcb-like workload from a checkpoint: its transactions per second.</summary>
    internal static async Task<double> RunTpcbLikeAsync(string pgbench, NpgsqlConnectionStringBuilder target, int clients, int seconds, CancellationToken ct)
    {
        await Databases.CheckpointAsync(target.ConnectionString, ct);
        var c = clients.ToString(CultureInfo.InvariantCulture);
        var output = await RunAsync(pgbench, target,
            ["-b", "tpcb-like", "-c", c, "-j", c, "-T", seconds.ToString(CultureInfo.InvariantCulture), "-M", "prepared"], ct);
        var tps = TpsLine().Match(output);
        if (!tps.Success) throw new InvalidOperationException($"pgbench printed no 'tps = … (without initial connection time)' line:\n{output}");
        return double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunAsync(string pgbench, NpgsqlConnectionStringBuilder target, IReadOnlyList<string> args, CancellationToken ct)
    {
        var info = new ProcessStartInfo(pgbench)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.ArgumentList.Add("-h");
        info.ArgumentList.Add(target.Host ?? "localhost");
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(target.Port.ToString(CultureInfo.InvariantCulture));
        if (target.Username is { } user)
        {
            info.ArgumentList.Add("-U");
            info.ArgumentList.Add(user);
        }
        info.ArgumentList.Add(target.Database!);
        if (target.Password is { } password) info.Environment["PGPASSWORD"] = password;
        info.Environment["PGSSLMODE"] = target.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        info.Environment["LC_ALL"] = "C";

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        lock (output)
        {
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"pgbench {string.Join(' ', args)} failed (exit code {process.ExitCode}):\n{output}");
            return output.ToString();
        }
    }

    [GeneratedRegex(@"^tps = ([0-9.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();
}

/// <summary>pgbench's own database on the benchmark's server, dropped when disposed.</summary>
internal sealed class PgBenchDatabase(string pgbench, string adminConnectionString, NpgsqlConnectionStringBuilder target) : IAsyncDisposable
{
    public Task<double> RunTpcbLikeAsync(int clients, int seconds, CancellationToken ct) => PgBench.RunTpcbLikeAsync(pgbench, target, clients, seconds, ct);

    /// <summary>Vacuums pgbench's tables, so that autovacuum does not clean up after pgbench while the spends are measured.</summary>
    public Task VacuumAsync(CancellationToken ct) => Databases.ExecuteAsync(target.ConnectionString, "VACUUM (ANALYZE)", ct);

    public async ValueTask DisposeAsync() => await Databases.DropAsync(adminConnectionString, PgBench.Database, CancellationToken.None);
}

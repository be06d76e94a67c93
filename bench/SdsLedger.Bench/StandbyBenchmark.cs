using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using SdsLedger.Database;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

/// <summary>Spends per second on the cluster alone against the same cluster with its synchronous standby, round by round.</summary>
internal sealed record StandbyBenchResult(string Server, int Cores, double? LoadAtStart, double? LoadAtEnd, int Clients, int Seconds,
                                          SpendRun Single, IReadOnlyList<double> SingleRounds, SpendRun Pair, IReadOnlyList<double> PairRounds)
{
    public double PairToSingle => Pair.PerSecond / Single.PerSecond;
}

/// <summary>
/// The ledger benchmark's spends (two postings, a fresh key each, one call of ledger.post_entry) on an embedded cluster
/// of the benchmark's own, with and without its synchronous standby ('db standby start'), which takes turns with the
/// cluster alone round by round; each round starts vacuumed and from a checkpoint. The cluster lives beside the
/// benchmark's data directory (DIR-pair), so the development cluster and its databases are never copied.
/// </summary>
internal sealed class StandbyBenchmark(BenchOptions options, RunLog progress)
{
    public async Task<StandbyBenchResult> RunAsync(CancellationToken ct)
    {
        var loadAtStart = LedgerBenchmark.LoadAverage();
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        if (server.IsExternal)
            throw new InvalidOperationException("--standby measures SdsLedger's own clusters: unset SDSLEDGER_DB to run it.");
        var cluster = new LocalCluster(Path.TrimEndingDirectorySeparator(server.Cluster!.RequestedDataDirectory) + "-pair", report: progress.Report);
        var admin = await cluster.StartAsync("postgres", ct);
        await StandbyPair.StopAsync(cluster, ct);
        var version = await Databases.ScalarAsync<string>(admin, "SHOW server_version", ct);
        progress.Report($"Cluster {cluster.DataDirectory}, PostgreSQL {version}; re-creating database {LedgerBenchmark.LedgerDatabase} there.");

        var owner = new NpgsqlConnectionStringBuilder(admin) { Database = LedgerBenchmark.LedgerDatabase, MaxPoolSize = Math.Max(100, options.Clients + 4) }.ConnectionString;
        await Databases.RecreateAsync(admin, LedgerBenchmark.LedgerDatabase, ct);
        var migration = Migrator.Migrate(owner);
        if (!migration.Succeeded) throw new InvalidOperationException(migration.Describe());
        await using var dataSource = LedgerDataSource.Create(owner);
        var ledger = new LedgerWriter(dataSource);
        var (funding, pairs) = await LedgerBenchmark.OpenAccountsAsync(ledger, ct);
        await LedgerBenchmark.PostBatchAsync(new LedgerBatch(dataSource), pairs.Select(p => LedgerBenchmark.Fund(funding, p)).ToList(), ct);
        var spends = new SpendLoad(ledger, pairs, options.Clients);
        await spends.RunCountAsync(LedgerBenchmark.WarmUpSpends, ct);

        var roundSeconds = Math.Max(1, options.Seconds / options.Rounds);
        var single = new List<SpendRun>();
        var pair = new List<SpendRun>();
        try
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                progress.Report($"Round {round} of {options.Rounds}: the cluster alone, {options.Clients} clients for {roundSeconds} s.");
                await StandbyPair.StopAsync(cluster, ct);
                single.Add(await MeasureAsync(spends, owner, roundSeconds, ct));
                progress.Report($"  alone: {single[^1].PerSecond:N0} spends/s, p50 {single[^1].PercentileMs(0.5):F2} ms.");

                progress.Report($"Round {round} of {options.Rounds}: with its synchronous standby.");
                await StandbyPair.StartAsync(cluster, progress.Report, ct);
                pair.Add(await MeasureAsync(spends, owner, roundSeconds, ct));
                progress.Report($"  with the standby: {pair[^1].PerSecond:N0} spends/s, p50 {pair[^1].PercentileMs(0.5):F2} ms.");
            }
        }
        finally
        {
            await StandbyPair.StopAsync(cluster, CancellationToken.None);
        }

        return new StandbyBenchResult($"PostgreSQL {version.Split(' ')[0]} (embedded cluster)", Environment.ProcessorCount, loadAtStart,
            LedgerBenchmark.LoadAverage(), options.Clients, options.Seconds,
            SpendRun.Combine(single), single.Select(r => r.PerSecond).ToList(), SpendRun.Combine(pair), pair.Select(r => r.PerSecond).ToList());
    }

    private static async Task<SpendRun> MeasureAsync(SpendLoad spends, string owner, int seconds, CancellationToken ct)
    {
        await LedgerBenchmark.VacuumLedgerAsync(owner, ct);
        await Databases.CheckpointAsync(owner, ct);
        return await spends.RunForAsync(TimeSpan.FromSeconds(seconds), ct);
    }

    public static string Table(StandbyBenchResult r)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"SdsLedger ledger benchmark, synchronous standby, on {r.Server}, {r.Cores} cores, load average {r.LoadAtStart:F2} at start and {r.LoadAtEnd:F2} at end");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{r.Clients} clients, {r.Seconds} s measured on each side in {r.SingleRounds.Count} rounds (the cluster alone, then with its standby, each from a checkpoint)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-34}{"spends/s",10}{"p50 ms",9}{"p99 ms",9}  by round");
        Line(text, "the cluster alone", r.Single, r.SingleRounds);
        Line(text, "with its synchronous standby", r.Pair, r.PairRounds);
        text.AppendLine(CultureInfo.InvariantCulture, $"with the standby / alone: {r.PairToSingle:F2} x");
        return text.ToString();
    }

    public static string Json(StandbyBenchResult r) => JsonSerializer.Serialize(new
    {
        server = r.Server,
        cores = r.Cores,
        loadAverage = new { start = r.LoadAtStart, end = r.LoadAtEnd },
        clients = r.Clients,
        seconds = r.Seconds,
        alone = Figures(r.Single, r.SingleRounds),
        withStandby = Figures(r.Pair, r.PairRounds),
        ratio = Math.Round(r.PairToSingle, 3),
    }, new JsonSerializerOptions { WriteIndented = true });

    private static object Figures(SpendRun run, IReadOnlyList<double> rounds) => new
    {
        perSecond = Math.Round(run.PerSecond, 1),
        p50Ms = Math.Round(run.PercentileMs(0.5), 3),
        p99Ms = Math.Round(run.PercentileMs(0.99), 3),
        rounds = rounds.Select(x => Math.Round(x, 1)),
    };

    private static void Line(StringBuilder text, string name, SpendRun run, IReadOnlyList<double> rounds) =>
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{name,-34}{run.PerSecond,10:N0}{run.PercentileMs(0.5),9:F2}{run.PercentileMs(0.99),9:F2}  {string.Join(" / ", rounds.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))}");
}

using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SdsLedger.Database;
using SdsLedger.Domain;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

/// <summary>
/// The ledger benchmark, in this order on one server: a fresh ledger database of 10,000 postings; pgbench
/// tpcb-like, raw spends (post_entry alone) on that small ledger and whole spends through the command pipeline
/// (validation, authorisation, idempotency, rules, audit, handler: what a person does), taking turns; the ledger grown
/// by batch posting to a million postings; raw spends again.
/// Each measured run starts vacuumed, analysed and from a checkpoint, so the runs differ only in what they measure.
/// </summary>
internal sealed class LedgerBenchmark(BenchOptions options, RunLog progress)
{
    public const string LedgerDatabase = "sdsledger_bench";
    public const int DefaultGrownPostings = 1_000_000;
    public const int SmallLedgerPostings = 10_000;
    public const int AccountPairs = 1_000;
    public const int BatchEntries = 5_000;

    // Enough for JIT, Npgsql's automatic preparation and PL/pgSQL's plan caches; 4,000 postings.
    internal const int WarmUpSpends = 2_000;
    private static readonly TimeSpan PipelineWarmUp = TimeSpan.FromSeconds(10);
    private const int OpeningWorkers = 4;

    // Far more than a budget part can spend in the run, so no spend is refused.
    private static readonly Money Instalment = Money.FromPounds(1_000_000m);

    private readonly Random _random = new(20_260_401);

    public async Task<BenchResult> RunAsync(CancellationToken ct)
    {
        var loadAtStart = LoadAverage();
        var pgbench = PgBench.Find();
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var version = await Databases.ScalarAsync<string>(admin, "SHOW server_version", ct);
        var serverName = $"PostgreSQL {version.Split(' ')[0]} ({(server.IsExternal ? "SDSLEDGER_DB" : "embedded cluster")})";
        progress.Report($"Server: {serverName}; {ClientRuntime.Describe()}. Re-creating database {LedgerDatabase}.");

        var owner = new NpgsqlConnectionStringBuilder(admin)
        {
            Database = LedgerDatabase,
            MaxPoolSize = Math.Max(100, options.Clients + 4),
        }.ConnectionString;
        await Databases.RecreateAsync(admin, LedgerDatabase, ct);
        var migration = Migrator.Migrate(owner);
        if (!migration.Succeeded) throw new InvalidOperationException(migration.Describe());

        await using var dataSource = LedgerDataSource.Create(owner);
        var ledger = new LedgerWriter(dataSource);
        var batch = new LedgerBatch(dataSource);

        // The small ledger: instalments into every held account, the warm-up's spends, then batch spends up to 10,000 postings.
        var (funding, pairs) = await OpenAccountsAsync(ledger, ct);
        progress.Report($"Opened {1 + 2 * pairs.Count:N0} accounts: a funding account and {pairs.Count:N0} held/spent pairs.");
        var postings = await PostBatchAsync(batch, pairs.Select(p => Fund(funding, p)).ToList(), ct);
        var spends = new SpendLoad(ledger, pairs, options.Clients);
        postings += 2 * (await spends.RunCountAsync(WarmUpSpends, ct)).Posted;
        postings += await GrowAsync(batch, pairs, SmallLedgerPostings - postings, timing: null, ct);

        // The pipeline's side: a council of one person per client, set up through the commands, each spending as themselves.
        progress.Report($"Setting up a council with {options.Clients} people, each with a funded direct payment, through the commands.");
        var (_, people) = await BenchPeople.SeedAsync(owner, options.Clients, ct);
        await using var app = SdsLedgerApp.Create(owner);
        var pipeline = new SpendLoop(options.Clients, async (i, n, token) =>
        {
            var result = await app.SendAsync(BenchPeople.Spend(people[i].Actor, people[i].Part, "pipeline", i, n), token);
            return result.Succeeded ? true : throw new InvalidOperationException($"A spend through the pipeline was not recorded: {result}");
        });
        progress.Report($"Warming the pipeline up for {PipelineWarmUp.TotalSeconds:0} s.");
        await pipeline.RunForAsync(PipelineWarmUp, ct);
        postings = await Databases.ScalarAsync<long>(owner, "SELECT count(*) FROM ledger.postings", ct);

        // pgbench and the spends take turns, round by round, each from a checkpoint: a slow spell of the shared machine
        // then falls on both rather than on whichever happened to be running.
        var scale = Math.Max(4, options.Clients);
        var roundSeconds = Math.Max(1, options.Seconds / options.Rounds);
        var tpcb = new List<double>();
        var smallRuns = new List<SpendRun>();
        var pipelineRuns = new List<SideRun>();
        var checkpointed = true;
        await using (var pgbenchDatabase = await PgBench.InitialiseAsync(pgbench, admin, scale, progress, ct))
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                // Each side starts with both databases vacuumed, so neither is measured while autovacuum tidies up after the other.
                progress.Report($"Round {round} of {options.Rounds}: pgbench tpcb-like, {options.Clients} clients for {roundSeconds} s.");
                await VacuumLedgerAsync(owner, ct);
                tpcb.Add(await pgbenchDatabase.RunTpcbLikeAsync(options.Clients, roundSeconds, ct));
                progress.Report($"  pgbench tpcb-like: {tpcb[^1]:N0} tps.");
                await pgbenchDatabase.VacuumAsync(ct);
                var (run, fromCheckpoint) = await MeasureSpendsAsync(spends, owner, postings, roundSeconds, ct);
                postings += 2 * run.Posted;
                smallRuns.Add(run);
                checkpointed &= fromCheckpoint;
                pipelineRuns.Add(await MeasurePipelineAsync(pipeline, owner, roundSeconds, ct));
                postings += 2 * pipelineRuns[^1].Spends;
            }
        }
        var small = new SpendMeasurement(postings - 2 * smallRuns.Sum(r => r.Posted) - 2 * pipelineRuns.Sum(r => r.Spends), smallRuns);

        var timing = new BatchTiming();
        var toGrow = options.GrownPostings - 2L * WarmUpSpends - postings;
        progress.Report($"Growing the ledger from {postings:N0} to {options.GrownPostings:N0} postings in batches of {BatchEntries:N0} entries.");
        postings += await GrowAsync(batch, pairs, toGrow, timing, ct);
        postings += 2 * (await spends.RunCountAsync(WarmUpSpends, ct)).Posted;

        var grownAtStart = postings;
        var grownRuns = new List<SpendRun>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var (run, _) = await MeasureSpendsAsync(spends, owner, postings, roundSeconds, ct);
            postings += 2 * run.Posted;
            grownRuns.Add(run);
        }
        var grown = new SpendMeasurement(grownAtStart, grownRuns);

        await CheckLedgerAsync(dataSource, owner, postings, ct);
        return new BenchResult(
            serverName, Environment.ProcessorCount, loadAtStart, LoadAverage(), options.Clients, options.Seconds,
            Accounts: 1 + 2 * pairs.Count, AccountPairs: pairs.Count, checkpointed,
            new PgBenchFigures(scale, tpcb.Average(), tpcb),
            small.Figures(),
            SideRun.Sum(pipelineRuns), pipelineRuns.Select(r => r.PerSecond).ToList(),
            new BatchFigures(timing.Batches, BatchEntries, timing.Postings, timing.Seconds),
            grown.Figures());
    }

    internal static async Task<(AccountId Funding, IReadOnlyList<AccountPair> Pairs)> OpenAccountsAsync(LedgerWriter ledger, CancellationToken ct)
    {
        var council = Guid.CreateVersion7();
        var funding = await ledger.OpenAccountAsync(
            new AccountSpec(OwnerKind.Council, council, "funding", "Bench council funding", AllowNegative: true), ct);
        var pairs = new AccountPair[AccountPairs];
        await Parallel.ForEachAsync(Enumerable.Range(0, AccountPairs),
            new ParallelOptions { MaxDegreeOfParallelism = OpeningWorkers, CancellationToken = ct },
            async (i, token) =>
            {
                var part = Guid.CreateVersion7();
                var name = "Bench budget part " + (i + 1).ToString(CultureInfo.InvariantCulture);
                var held = await ledger.OpenAccountAsync(new AccountSpec(OwnerKind.BudgetPart, part, "held", name, CouncilId: council), token);
                var spent = await ledger.OpenAccountAsync(new AccountSpec(OwnerKind.BudgetPart, part, "spent", name, CouncilId: council), token);
                pairs[i] = new AccountPair(held, spent);
            });
        return (funding, pairs);
    }

    internal static PostingRequest Fund(AccountId funding, AccountPair pair) =>
        new(EntryKind.Instalment, SpendLoad.Day, "bench", "Bench instalment", $"fund-{pair.Held}",
            [new Posting(funding, -Instalment), new Posting(pair.Held, Instalment)]);

    /// <summary>Vacuums, analyses and checkpoints, then sends whole spends through the pipeline for one round.</summary>
    private async Task<SideRun> MeasurePipelineAsync(SpendLoop pipeline, string owner, int seconds, CancellationToken ct)
    {
        await VacuumLedgerAsync(owner, ct);
        await Databases.CheckpointAsync(owner, ct);
        progress.Report($"  Spends through the pipeline: {options.Clients} clients for {seconds} s.");
        var run = await pipeline.MeasureAsync(TimeSpan.FromSeconds(seconds), ct);
        progress.Report($"  Pipeline spends: {run.PerSecond:N0}/s.");
        return run;
    }

    /// <summary>Vacuums, analyses and checkpoints, then runs the spends for one round.</summary>
    private async Task<(SpendRun Run, bool Checkpointed)> MeasureSpendsAsync(SpendLoad spends, string owner, long postings, int seconds,
                                                                           CancellationToken ct)
    {
        await VacuumLedgerAsync(owner, ct);
        var checkpointed = await Databases.CheckpointAsync(owner, ct);
        progress.Report($"  Spends on a ledger of {postings:N0} postings: {options.Clients} clients for {seconds} s.");
        var run = await spends.RunForAsync(TimeSpan.FromSeconds(seconds), ct);
        progress.Report($"  Spends: {run.PerSecond:N0}/s, p50 {run.PercentileMs(0.50):F2} ms, p99 {run.PercentileMs(0.99):F2} ms.");
        return (run, checkpointed);
    }

    internal static Task VacuumLedgerAsync(string owner, CancellationToken ct) =>
        Databases.ExecuteAsync(owner, "VACUUM (ANALYZE) ledger.accounts, ledger.balances, ledger.entries, ledger.postings", ct);

    /// <summary>Adds spends in batches until the ledger holds that many more postings; returns the postings added.</summary>
    private async Task<long> GrowAsync(LedgerBatch batch, IReadOnlyList<AccountPair> pairs, long postingsToAdd, BatchTiming? timing,
                                       CancellationToken ct)
    {
        var added = 0L;
        var nextReport = 100_000L;
        while (postingsToAdd - added >= 2)
        {
            var entries = (int)Math.Min(BatchEntries, (postingsToAdd - added) / 2);
            var requests = new List<PostingRequest>(entries);
            for (var i = 0; i < entries; i++)
                requests.Add(SpendLoad.Spend(pairs[_random.Next(pairs.Count)], Money.FromPence(_random.Next(1, 1_001)), $"batch-{Guid.NewGuid():N}"));

            var started = Stopwatch.GetTimestamp();
            var posted = await PostBatchAsync(batch, requests, ct);
            timing?.Add(posted, Stopwatch.GetElapsedTime(started).TotalSeconds);
            added += posted;
            if (timing is not null && timing.Postings >= nextReport)
            {
                progress.Report($"  {timing.Postings:N0} postings added, {timing.PostingsPerSecond:N0} postings/s.");
                nextReport += 100_000;
            }
        }
        return added;
    }

    internal static async Task<long> PostBatchAsync(LedgerBatch batch, IReadOnlyList<PostingRequest> requests, CancellationToken ct)
    {
        var result = await batch.PostAsync(requests, ct);
        if (!result.Succeeded || result.Posted != requests.Count)
            throw new InvalidOperationException($"A batch of {requests.Count:N0} entries was not posted whole: {result.Status} {result.Problem}");
        return requests.Sum(r => (long)r.Postings.Count);
    }

    /// <summary>The ledger holds exactly the postings the benchmark wrote, and still balances.</summary>
    private async Task CheckLedgerAsync(NpgsqlDataSource dataSource, string owner, long expected, CancellationToken ct)
    {
        var counted = await Databases.ScalarAsync<long>(owner, "SELECT count(*) FROM ledger.postings", ct);
        if (counted != expected)
            throw new InvalidOperationException($"The ledger holds {counted:N0} postings, but the benchmark wrote {expected:N0}.");
        var trial = await new LedgerQueries(dataSource).TrialBalanceAsync(ct);
        if (!trial.Balances) throw new InvalidOperationException($"The trial balance does not sum to zero: {trial.Total}.");
        progress.Report($"Checked: {counted:N0} postings, trial balance zero.");
    }

    internal static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The rounds of one measurement together: spends over seconds, latencies pooled.</summary>
    private sealed record SpendMeasurement(long PostingsAtStart, IReadOnlyList<SpendRun> Rounds)
    {
        public SpendFigures Figures()
        {
            var all = SpendRun.Combine(Rounds);
            return new(PostingsAtStart, all.Posted + all.Duplicates, all.Seconds, all.PerSecond, all.PercentileMs(0.50), all.PercentileMs(0.99),
                       Rounds.Select(r => r.PerSecond).ToList());
        }
    }

    private sealed class BatchTiming
    {
        public int Batches { get; private set; }
        public long Postings { get; private set; }
        public double Seconds { get; private set; }
        public double PostingsPerSecond => Postings / Seconds;

        public void Add(long postings, double seconds)
        {
            Batches++;
            Postings += postings;
            Seconds += seconds;
        }
    }
}

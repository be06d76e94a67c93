using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SdsLedger.Bench;

/// <summary>pgbench's rate: the mean of its rounds (each as long as the spends' rounds).</summary>
internal sealed record PgBenchFigures(int Scale, double Tps, IReadOnlyList<double> RoundTps);

internal sealed record SpendFigures(long PostingsAtStart, long Spends, double Seconds, double PerSecond, double P50Ms, double P99Ms,
                                    IReadOnlyList<double> RoundRates);

internal sealed record BatchFigures(int Batches, int EntriesPerBatch, long Postings, double Seconds)
{
    public double PostingsPerSecond => Postings / Seconds;
}

internal sealed record TargetCheck(string Name, double Measured, double Target, string Unit)
{
    public bool Met => Measured >= Target;
}

internal sealed record BenchResult(
    string Server,
    int Cores,
    double? LoadAtStart,
    double? LoadAtEnd,
    int Clients,
    int Seconds,
    int Accounts,
    int AccountPairs,
    bool Checkpointed,
    PgBenchFigures PgBench,
    SpendFigures SmallLedger,
    SideRun Pipeline,
    IReadOnlyList<double> PipelineRoundRates,
    BatchFigures Batch,
    SpendFigures GrownLedger)
{
    public double SpendToTpcb => SmallLedger.PerSecond / PgBench.Tps;
    public double GrownToSmall => GrownLedger.PerSecond / SmallLedger.PerSecond;
    public double PipelineToRaw => Pipeline.PerSecond / SmallLedger.PerSecond;

    public IReadOnlyList<TargetCheck> Targets =>
    [
        new("spends / pgbench tpcb-like", SpendToTpcb, 1.2, "x"),
        new("batch posting", Batch.PostingsPerSecond, 30_000, "postings/s"),
        new("spends on grown / small ledger", GrownToSmall, 0.9, "x"),
        new("pipeline spend / raw spend", PipelineToRaw, 0.5, "x"),
    ];
}

/// <summary>The result as a plain-text table with each figure, its target and PASS or MISS; or as one JSON object.</summary>
internal static class BenchReport
{
    private static string Rounds(IReadOnlyList<double> rates) => string.Join(" / ", rates.Select(N));

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static string Table(BenchResult r)
    {
        var small = r.SmallLedger;
        var grown = r.GrownLedger;
        var rows = new List<(string Figure, string Measured, string Target, string Result)>
        {
            ($"pgbench tpcb-like (scale {r.PgBench.Scale})", $"{N(r.PgBench.Tps)} tps", "", ""),
            ("  by round", Rounds(r.PgBench.RoundTps), "", ""),
            ($"spends at {N(small.PostingsAtStart)} postings", $"{N(small.PerSecond)} /s", "", ""),
            ("  by round", Rounds(small.RoundRates), "", ""),
            Check(r.Targets[0], $"{r.SpendToTpcb:F2} x"),
            ("spend latency p50 / p99", $"{small.P50Ms:F2} / {small.P99Ms:F2} ms", "", ""),
            ("spends through the pipeline", $"{N(r.Pipeline.PerSecond)} /s", "", ""),
            ("  by round", Rounds(r.PipelineRoundRates), "", ""),
            Check(r.Targets[3], $"{r.PipelineToRaw:F2} x"),
            Check(r.Targets[1], $"{N(r.Batch.PostingsPerSecond)} postings/s"),
            ($"spends at {N(grown.PostingsAtStart)} postings", $"{N(grown.PerSecond)} /s", "", ""),
            ("  by round", Rounds(grown.RoundRates), "", ""),
            ("  latency p50 / p99", $"{grown.P50Ms:F2} / {grown.P99Ms:F2} ms", "", ""),
            Check(r.Targets[2], $"{r.GrownToSmall:F2} x"),
        };

        var widths = new[]
        {
            Math.Max("figure".Length, rows.Max(x => x.Figure.Length)),
            Math.Max("measured".Length, rows.Max(x => x.Measured.Length)),
            Math.Max("target".Length, rows.Max(x => x.Target.Length)),
        };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"SdsLedger ledger benchmark on {r.Server}, {r.Cores} cores, load average {Load(r.LoadAtStart)} at start and {Load(r.LoadAtEnd)} at end");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{r.Clients} clients, {r.Seconds} s measured for each figure in {r.PgBench.RoundTps.Count} rounds (pgbench, raw spends and pipeline spends in turn, each from a checkpoint); {N(r.Accounts)} accounts: 1 funding account and {N(r.AccountPairs)} held/spent pairs, each spend (2 postings, fresh idempotency key) from a pair picked at random");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"batch posting: {N(r.Batch.Batches)} batches of {N(r.Batch.EntriesPerBatch)} entries ({N(2 * r.Batch.EntriesPerBatch)} postings), " +
            $"{N(r.Batch.Postings)} postings in {r.Batch.Seconds:F1} s while the ledger grew");
        if (!r.Checkpointed) text.AppendLine("note: the user may not CHECKPOINT, so measured runs did not start from a checkpoint");
        text.AppendLine();
        Row(text, widths, "figure", "measured", "target", "result");
        Row(text, widths, new string('-', widths[0]), new string('-', widths[1]), new string('-', widths[2]), "------");
        foreach (var row in rows) Row(text, widths, row.Figure, row.Measured, row.Target, row.Result);
        return text.ToString();
    }

    public static string Json(BenchResult r) => JsonSerializer.Serialize(new
    {
        server = r.Server,
        cores = r.Cores,
        loadAverage = new { start = r.LoadAtStart, end = r.LoadAtEnd },
        clients = r.Clients,
        seconds = r.Seconds,
        accounts = r.Accounts,
        accountPairs = r.AccountPairs,
        checkpointed = r.Checkpointed,
        pgbench = new { workload = "tpcb-like", scale = r.PgBench.Scale, tps = Math.Round(r.PgBench.Tps, 1), rounds = r.PgBench.RoundTps.Select(t => Math.Round(t, 1)) },
        spend = Spend(r.SmallLedger, ratio: ("ratioToTpcbLike", r.SpendToTpcb)),
        pipelineSpend = new
        {
            perSecond = Math.Round(r.Pipeline.PerSecond, 1), ratioToRawSpend = Math.Round(r.PipelineToRaw, 3),
            rounds = r.PipelineRoundRates.Select(x => Math.Round(x, 1)), spends = r.Pipeline.Spends, seconds = Math.Round(r.Pipeline.Seconds, 2),
        },
        batch = new
        {
            postingsPerSecond = Math.Round(r.Batch.PostingsPerSecond, 1),
            batches = r.Batch.Batches,
            entriesPerBatch = r.Batch.EntriesPerBatch,
            postings = r.Batch.Postings,
            seconds = Math.Round(r.Batch.Seconds, 2),
        },
        grownLedger = Spend(r.GrownLedger, ratio: ("ratioToSmallLedger", r.GrownToSmall)),
        targets = r.Targets.Select(t => new { name = t.Name, measured = Math.Round(t.Measured, 3), target = t.Target, unit = t.Unit, met = t.Met }),
        allTargetsMet = r.Targets.All(t => t.Met),
    }, JsonOptions);

    private static Dictionary<string, object> Spend(SpendFigures s, (string Name, double Value) ratio) => new()
    {
        ["perSecond"] = Math.Round(s.PerSecond, 1),
        [ratio.Name] = Math.Round(ratio.Value, 3),
        ["p50Ms"] = Math.Round(s.P50Ms, 3),
        ["p99Ms"] = Math.Round(s.P99Ms, 3),
        ["rounds"] = s.RoundRates.Select(x => Math.Round(x, 1)).ToList(),
        ["postingsAtStart"] = s.PostingsAtStart,
        ["spends"] = s.Spends,
        ["seconds"] = Math.Round(s.Seconds, 2),
    };

    private static (string, string, string, string) Check(TargetCheck t, string measured)
    {
        var target = t.Unit == "x" ? $">= {t.Target:F2} x" : $">= {N(t.Target)} {t.Unit}";
        return (t.Name, measured, target, t.Met ? "PASS" : "MISS");
    }

    private static void Row(StringBuilder text, int[] widths, string figure, string measured, string target, string result) =>
        text.AppendLine($"{figure.PadRight(widths[0])}  {measured.PadLeft(widths[1])}  {target.PadRight(widths[2])}  {result}".TrimEnd());

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Load(double? load) => load?.ToString("F2", CultureInfo.InvariantCulture) ?? "unknown";
}

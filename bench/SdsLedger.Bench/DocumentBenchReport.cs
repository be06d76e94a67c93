using System.Globalization;
using System.Text;
using System.Text.Json;
using SdsLedger.Domain;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

/// <summary>A figure that must stay under its limit.</summary>
internal sealed record Limit(string Name, double Measured, double Under, string Unit)
{
    public bool Met => Measured < Under;
}

internal static class BenchServer
{
    public static async Task<string> DescribeAsync(DatabaseServer server, string admin, CancellationToken ct)
    {
        var version = await Databases.ScalarAsync<string>(admin, "SHOW server_version", ct);
        return $"PostgreSQL {version.Split(' ')[0]} ({(server.IsExternal ? "SDSLEDGER_DB" : "embedded cluster")})";
    }
}

/// <summary>The statements and reports benchmarks' results as plain-text tables with PASS or MISS per limit, or as one JSON object.</summary>
internal static class DocumentBenchReport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Table(StatementFigures f)
    {
        var text = new StringBuilder();
        Line(text, $"SdsLedger statements benchmark on {f.Server}, {f.Cores} cores");
        Line(text, $"council of {N(f.Budgets)} budgets, {N(f.Postings)} postings ({Setup(f.Reused, f.SetupSeconds)}); statements for {f.From:yyyy-MM-dd} to {f.To:yyyy-MM-dd}, {f.Workers} workers");
        Line(text, $"{N(f.Statements)} statements as PDF ({Formats(f)}), {N(f.Pages)} pages, {N(f.PdfBytes / (1 << 20))} MiB; " +
                   $"{N(f.HtmlFiles)} as HTML, {N(f.HtmlBytes / (1 << 20))} MiB; in {f.Folder}" + (f.Failed > 0 ? $"; {f.Failed} not written" : ""));
        if (!f.PeakFromMeasuredRun) Line(text, "note: the peak could not be reset, so it is the whole process's, setup included");
        text.AppendLine();
        Rows(text,
        [
            ("statements per second", $"{f.PerSecond:N1} /s", "", ""),
            Row(f.Limits[0], $"{f.Seconds:N1} s"),
            Row(f.Limits[1], $"{f.PeakWorkingSet / (double)(1 << 20):N0} MiB"),
        ]);
        text.AppendLine();
        Line(text, $"where the time goes, summed over the {f.Workers} workers (they overlap, so the sum is more than the run):");
        var total = (f.Times.Reading + f.Times.LayingOut + f.Times.Writing).TotalSeconds;
        Rows(text,
        [
            Share("reading the database", f.Times.Reading.TotalSeconds, total),
            Share("laying out", f.Times.LayingOut.TotalSeconds, total),
            Share("drawing and writing PDF and HTML", f.Times.Writing.TotalSeconds, total),
        ]);
        return text.ToString();
    }

    public static string Json(StatementFigures f) => JsonSerializer.Serialize(new
    {
        benchmark = "statements",
        server = f.Server,
        cores = f.Cores,
        budgets = f.Budgets,
        postings = f.Postings,
        databaseReused = f.Reused,
        setupSeconds = Math.Round(f.SetupSeconds, 1),
        period = new { from = f.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = f.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        workers = f.Workers,
        statements = f.Statements,
        formats = f.ByFormat.ToDictionary(x => x.Key.Code(), x => x.Value),
        pages = f.Pages,
        pdfBytes = f.PdfBytes,
        htmlFiles = f.HtmlFiles,
        htmlBytes = f.HtmlBytes,
        workerSeconds = new
        {
            reading = Math.Round(f.Times.Reading.TotalSeconds, 2),
            layingOut = Math.Round(f.Times.LayingOut.TotalSeconds, 2),
            writing = Math.Round(f.Times.Writing.TotalSeconds, 2),
        },
        failed = f.Failed,
        seconds = Math.Round(f.Seconds, 2),
        statementsPerSecond = Math.Round(f.PerSecond, 1),
        peakWorkingSetBytes = f.PeakWorkingSet,
        peakFromMeasuredRun = f.PeakFromMeasuredRun,
        folder = f.Folder,
        targets = Targets(f.Limits),
        allTargetsMet = f.Limits.All(l => l.Met),
    }, JsonOptions);

    public static string Table(ReportFigures f, bool plans)
    {
        var text = new StringBuilder();
        Line(text, $"SdsLedger reports benchmark on {f.Server}, {f.Cores} cores");
        Line(text, $"council of {N(f.Budgets)} budgets, {N(f.Postings)} postings ({Setup(f.Reused, f.SetupSeconds)}); reports as at {f.AsOf:yyyy-MM-dd}, " +
                   $"provider return of {f.Provider} for {f.From:yyyy-MM-dd} to {f.To:yyyy-MM-dd}");
        Line(text, $"query: through the application, {f.Reports[0].RunSeconds.Count} runs, median of all but the first; PDF and CSV written once, to nowhere");
        text.AppendLine();
        Rows(text, f.Reports.Zip(f.Limits).Select(x => (
            x.Second.Name,
            $"{x.First.MedianSeconds * 1000:N0} ms (first {x.First.FirstSeconds * 1000:N0} ms)",
            $"< {x.Second.Under * 1000:N0} ms",
            x.Second.Met ? "PASS" : "MISS")).ToList());
        text.AppendLine();
        Rows(text, f.Reports.Select(r => ($"{r.Name} render", $"PDF {r.Pages:N0} pages {r.PdfSeconds:N2} s, CSV {r.CsvSeconds:N2} s", "", "")).ToList());
        if (plans)
        {
            foreach (var r in f.Reports.Where(r => r.Plan is not null))
            {
                text.AppendLine();
                foreach (var line in r.Plan!) text.AppendLine(line);
            }
        }
        return text.ToString();
    }

    public static string Json(ReportFigures f) => JsonSerializer.Serialize(new
    {
        benchmark = "reports",
        server = f.Server,
        cores = f.Cores,
        budgets = f.Budgets,
        postings = f.Postings,
        databaseReused = f.Reused,
        setupSeconds = Math.Round(f.SetupSeconds, 1),
        asOf = f.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        provider = f.Provider,
        reports = f.Reports.Select(r => new
        {
            name = r.Name,
            queryMedianSeconds = Math.Round(r.MedianSeconds, 4),
            queryFirstSeconds = Math.Round(r.FirstSeconds, 4),
            querySeconds = r.RunSeconds.Select(s => Math.Round(s, 4)),
            pdfSeconds = Math.Round(r.PdfSeconds, 3),
            pages = r.Pages,
            csvSeconds = Math.Round(r.CsvSeconds, 3),
            plan = r.Plan,
        }),
        targets = Targets(f.Limits),
        allTargetsMet = f.Limits.All(l => l.Met),
    }, JsonOptions);

    private static object Targets(IReadOnlyList<Limit> limits) =>
        limits.Select(l => new { name = l.Name, measured = Math.Round(l.Measured, 3), under = l.Under, unit = l.Unit, met = l.Met });

    private static string Formats(StatementFigures f) =>
        string.Join(", ", f.ByFormat.Where(x => x.Value > 0).Select(x => $"{N(x.Value)} {x.Key.Code()}"));

    private static (string, string, string, string) Share(string name, double seconds, double total) =>
        (name, $"{seconds:N1} s", $"{(total > 0 ? seconds / total : 0):P0}", "");

    private static string Setup(bool reused, double seconds) =>
        reused ? $"database reused, built earlier in {seconds:N0} s" : $"database built now in {seconds:N0} s";

    private static (string, string, string, string) Row(Limit l, string measured) =>
        (l.Name, measured, $"< {N(l.Under)} {l.Unit}", l.Met ? "PASS" : "MISS");

    private static void Rows(StringBuilder text, IReadOnlyList<(string Figure, string Measured, string Target, string Result)> rows)
    {
        var widths = new[] { rows.Max(r => r.Figure.Length), rows.Max(r => r.Measured.Length), rows.Max(r => r.Target.Length) };
        foreach (var (figure, measured, target, result) in rows)
            text.AppendLine($"{figure.PadRight(widths[0])}  {measured.PadLeft(widths[1])}  {target.PadRight(widths[2])}  {result}".TrimEnd());
    }

    private static void Line(StringBuilder text, string line) => text.AppendLine(line);

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
